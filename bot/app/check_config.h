#pragma once
#include <iosfwd>
#include <string>

#include "bot/delivery/adapter.h"

namespace gridbot::app {

// `gridbot check-config`: validates and prints a short summary, or the
// errors (one per line, each with its stable id). Exit code 0 or 1.
int check_config(const std::string& path, const delivery::AdapterRegistry& adapters,
                 bool print_effective, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
