#pragma once
// Access to tests/data/platform/vectors.json (the platforms' public wire-format
// vectors, see tests/data/README.md) by vector id.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gridbot::fakes {

inline const nlohmann::json& all_vectors() {
    static const nlohmann::json doc = [] {
        const std::string path =
            std::string(GRIDBOT_SOURCE_DIR) + "/tests/data/platform/vectors.json";
        std::ifstream in(path);
        if (!in) throw std::runtime_error("cannot open " + path);
        std::stringstream ss;
        ss << in.rdbuf();
        return nlohmann::json::parse(ss.str());
    }();
    return doc;
}

inline const nlohmann::json& vec(const std::string& id) {
    for (const auto& v : all_vectors().at("vectors"))
        if (v.at("id") == id) return v;
    throw std::runtime_error("no vector " + id);
}

inline std::string in(const std::string& id, const char* key) {
    return vec(id).at("inputs").at(key).get<std::string>();
}
inline std::string out(const std::string& id, const char* key) {
    return vec(id).at("expected").at(key).get<std::string>();
}

}  // namespace gridbot::fakes
