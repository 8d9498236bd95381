#pragma once
// The operator's commands on the district's data: `gridbot audit` and `privacy
// export|erase|purge` (issue 14); `export`, `print` and `import-groups` (issue 16).
#include <CLI/CLI.hpp>

namespace gridbot::cli {

// Adds the subcommands to `app`; a command that runs stores its exit code in `code`.
void add_data_commands(CLI::App& app, int& code);

}  // namespace gridbot::cli
