#pragma once
// Internal to bot/store: lists of strings kept as JSON arrays in TEXT columns
// (mentions, categories). Reading is lenient: anything that is not an array
// of strings reads as the strings it does contain.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gridbot::store::detail {

inline std::string json_list(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

inline std::vector<std::string> parse_list(const std::string& s) {
    nlohmann::json j = nlohmann::json::parse(s, nullptr, false);
    std::vector<std::string> out;
    if (j.is_array()) {
        for (const auto& e : j) {
            if (e.is_string()) out.push_back(e.get<std::string>());
        }
    }
    return out;
}

}  // namespace gridbot::store::detail
