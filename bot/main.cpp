// gridbot: the daemon and its operator commands. All logic lives in
// gridbot_core and gridbot_adapters; this file only hands over the adapters.
#include "adapters/registry.h"
#include "bot/cli/cli.h"

int main(int argc, char** argv) {
    return gridbot::cli::run(argc, argv, gridbot::adapters::make_registry());
}
