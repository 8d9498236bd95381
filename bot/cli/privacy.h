#pragma once
// `gridbot audit` and `gridbot privacy export|erase|purge` (issue 14).
#include <CLI/CLI.hpp>

namespace gridbot::cli {

// Adds the subcommands to `app`; a command that runs stores its exit code in `code`.
void add_privacy_commands(CLI::App& app, int& code);

}  // namespace gridbot::cli
