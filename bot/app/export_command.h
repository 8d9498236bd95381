#pragma once
#include <iosfwd>
#include <string>

namespace gridbot::app {

struct ExportRequest {
    std::string kind;  // summary, missing, incidents
    std::string config_path, node, day, format = "xlsx", out, lang = "zh";
};

// Writes the table to `req.out` and an audit row naming the operator. Exit
// codes: 0 written, 1 the store or the file failed, 2 a bad argument.
int export_command(const ExportRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
