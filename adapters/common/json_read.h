#pragma once
// Lenient readers for untrusted JSON: a missing or mistyped field is "" / nullopt,
// never an exception.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gridbot::adapters::common {

inline const nlohmann::json* field(const nlohmann::json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

// A string field; numbers are printed (ids arrive as either).
inline std::string str(const nlohmann::json& j, const char* key) {
    const auto* f = field(j, key);
    if (f == nullptr) return {};
    if (f->is_string()) return f->get<std::string>();
    if (f->is_number_integer()) return std::to_string(f->get<long long>());
    if (f->is_number_unsigned()) return std::to_string(f->get<unsigned long long>());
    return {};
}

inline std::optional<long long> integer(const nlohmann::json& j, const char* key) {
    const auto* f = field(j, key);
    if (f == nullptr) return std::nullopt;
    if (f->is_number_integer()) return f->get<long long>();
    if (f->is_number_unsigned()) return static_cast<long long>(f->get<unsigned long long>());
    if (f->is_string()) {
        try {
            std::size_t used = 0;
            const auto& s = f->get_ref<const std::string&>();
            long long v = std::stoll(s, &used);
            if (used == s.size()) return v;
        } catch (...) {
        }
    }
    return std::nullopt;
}

inline const nlohmann::json& obj(const nlohmann::json& j, const char* key) {
    static const nlohmann::json kNull;
    const auto* f = field(j, key);
    return f == nullptr ? kNull : *f;
}

}  // namespace gridbot::adapters::common
