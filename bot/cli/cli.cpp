#include "bot/cli/cli.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace gridbot::cli {

int run(int argc, char** argv, delivery::AdapterRegistry adapters) {
    (void)adapters;
    CLI::App app{"gridbot: daily reports, incidents and notices for a community grid"};
    app.require_subcommand(1);
    auto* version = app.add_subcommand("version", "print the version");
    version->callback([] { std::cout << "gridbot " << GRIDBOT_VERSION << "\n"; });
    CLI11_PARSE(app, argc, argv);
    return 0;
}

}  // namespace gridbot::cli
