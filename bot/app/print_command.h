#pragma once
#include <iosfwd>
#include <string>

namespace gridbot::app {

struct PrintRequest {
    std::string kind;  // cards or posters
    std::string config_path, node, day, out;
};

// Writes one self-contained HTML file ready to print (A4). Cards are audited
// (they show contacts, as a district administrator's token sees them).
// Exit codes: 0 written, 1 the store or the file failed, 2 a bad argument.
int print_command(const PrintRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
