#pragma once
#include "bot/delivery/adapter.h"

namespace gridbot::cli {

// Parses the command line (DESIGN.md §12) and runs one command; returns the exit code.
int run(int argc, char** argv, delivery::AdapterRegistry adapters);

}  // namespace gridbot::cli
