#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>

namespace gridbot::app {

struct ExportRequest {
    std::string kind;  // summary, missing, calls, incidents, notice-progress
    std::string config_path, node, day, format = "xlsx", out, lang = "zh";
    int64_t notice = 0;    // calls, notice-progress: the notice's id
    std::string from, to;  // incidents: the period's first and last local day (open if empty)
};

// Writes the table to `req.out` and an audit row naming the operator. Exit
// codes: 0 written, 1 the store or the file failed, 2 a bad argument.
int export_command(const ExportRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
