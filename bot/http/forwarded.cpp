#include "bot/http/forwarded.h"

#include <cctype>
#include <string_view>

namespace gridbot::http {

namespace {

// Every field named `lower_name`, joined with ",".
std::string joined(const Request& req, const std::string& lower_name) {
    std::string out;
    auto [from, to] = req.headers.equal_range(lower_name);
    for (auto it = from; it != to; ++it) {
        if (!out.empty()) out += ',';
        out += it->second;
    }
    return out;
}

}  // namespace

std::string forwarded_for(const Request& req) { return joined(req, "x-forwarded-for"); }

bool request_is_secure(const Request& req) {
    if (!req.from_trusted_proxy) return false;
    std::string proto = joined(req, "x-forwarded-proto");
    std::string_view last = proto;
    if (auto comma = last.rfind(','); comma != std::string_view::npos)
        last.remove_prefix(comma + 1);
    while (!last.empty() && std::isspace(static_cast<unsigned char>(last.front()))) {
        last.remove_prefix(1);
    }
    while (!last.empty() && std::isspace(static_cast<unsigned char>(last.back()))) {
        last.remove_suffix(1);
    }
    if (last.size() != 5) return false;
    for (size_t i = 0; i < 5; ++i) {
        if (std::tolower(static_cast<unsigned char>(last[i])) != "https"[i]) return false;
    }
    return true;
}

}  // namespace gridbot::http
