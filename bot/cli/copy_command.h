#pragma once
// `gridbot copy-store --from sqlite:PATH --to postgresql:CONNINFO` (issue 18):
// moves a district's store to PostgreSQL (bot/store/copy.h; docs/scaling.md).
namespace CLI {
class App;
}

namespace gridbot::cli {

// Registers the subcommand on `app`; its callback sets `code` (0 copied and
// verified, 1 refused, failed or mismatched; usage errors exit 2).
void add_copy_command(CLI::App& app, int& code);

}  // namespace gridbot::cli
