// Which changed options a reload cannot apply (config.h: restart_keys_changed).
#include <regex>
#include <set>

#include "bot/config/config.h"

namespace gridbot::config {
namespace {

// "nodes[2].name" -> "nodes[].name": the key as the option table names it.
std::string table_key(const std::string& written) {
    static const std::regex index(R"(\[[0-9]+\])");
    return std::regex_replace(written, index, "[]");
}

}  // namespace

std::vector<std::string> restart_keys_changed(const Config& running, const Config& next) {
    std::set<std::string> changed;
    for (const auto& [key, value] : running.restart_only) {
        auto it = next.restart_only.find(key);
        if (it == next.restart_only.end() || it->second != value) changed.insert(table_key(key));
    }
    for (const auto& [key, value] : next.restart_only) {
        if (!running.restart_only.contains(key)) changed.insert(table_key(key));
    }
    return {changed.begin(), changed.end()};
}

}  // namespace gridbot::config
