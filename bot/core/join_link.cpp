#include "bot/core/join_link.h"

namespace gridbot {

std::optional<std::string> join_link_problem(std::string_view link) {
    if (link.empty()) return std::nullopt;
    bool ok = link.starts_with("https://") || link.starts_with("http://");
    for (unsigned char c : link) ok = ok && c > ' ' && c != 0x7f;
    if (!ok) return "an http:// or https:// link without spaces";
    if (link.size() > max_join_link_bytes)
        return "a link of at most " + std::to_string(max_join_link_bytes) +
               " bytes, so it fits in a QR code (got " + std::to_string(link.size()) + ")";
    return std::nullopt;
}

}  // namespace gridbot
