#pragma once
// `gridbot backup`, `gridbot restore` and `gridbot migrate` (the operator's kit).
namespace CLI {
class App;
}

namespace gridbot::cli {

// Registers the subcommands on `app`; their callbacks set `code` to the
// process's exit code (0 done, 1 refused or failed; usage errors are CLI11's).
void add_backup_commands(CLI::App& app, int& code);

}  // namespace gridbot::cli
