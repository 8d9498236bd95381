#pragma once
// The only place that knows every platform adapter (STYLE.md).
#include "bot/delivery/adapter.h"

namespace gridbot::adapters {

// Every platform this build supports, by platform name ("sandbox", "webhook", ...).
delivery::AdapterRegistry make_registry();

}  // namespace gridbot::adapters
