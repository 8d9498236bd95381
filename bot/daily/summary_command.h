#pragma once
// `gridbot summary --config FILE --node CODE [--day YYYY-MM-DD]`: the same
// JSON as GET /api/v1/nodes/<code>/summary, computed from the store (SQL), so
// it works whether or not the daemon runs and cross-checks its counters.
#include <iosfwd>
#include <string>

namespace gridbot::daily {

// Exit code: 0 printed, 1 configuration/store error, 2 bad arguments.
int summary_command(const std::string& config_path, const std::string& node, std::string day,
                    std::ostream& out, std::ostream& err);

}  // namespace gridbot::daily
