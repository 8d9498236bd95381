#include "adapters/registry.h"

namespace gridbot::adapters {

delivery::AdapterRegistry make_registry() {
    delivery::AdapterRegistry r;
    return r;
}

}  // namespace gridbot::adapters
