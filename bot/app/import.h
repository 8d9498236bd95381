#pragma once
#include <iosfwd>
#include <string>

namespace gridbot::app {

struct ImportRequest {
    std::string config_path;
    std::string ledger_path;
    std::string sheet;  // an .xlsx workbook's sheet; empty: the first
    bool prune = false;
    bool dry_run = false;
    // A column the file lacks clears the stored values instead of keeping them.
    bool clear_missing_columns = false;
};

// `gridbot import`: reads and validates the whole ledger, resolves its
// hierarchy cells to node codes, and writes it in one transaction. On any
// error nothing is written and the exit code is 1.
int import_ledger(const ImportRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
