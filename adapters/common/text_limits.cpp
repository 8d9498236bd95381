#include "adapters/common/text_limits.h"

namespace gridbot::adapters::common {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t seq_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;  // stray byte: counted on its own
}

// Prefer the last newline inside [0, cut) if it is not too early.
std::size_t prefer_newline(std::string_view s, std::size_t cut) {
    auto nl = s.substr(0, cut).rfind('\n');
    if (nl != std::string_view::npos && nl + 1 >= cut / 4 && nl + 1 > 0) return nl + 1;
    return cut;
}

}  // namespace

std::size_t utf8_code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if (!is_continuation(c)) ++n;
    return n;
}

std::size_t utf16_units(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t len = seq_len(static_cast<unsigned char>(s[i]));
        n += len == 4 ? 2 : 1;
        i += len;
    }
    return n;
}

std::size_t utf8_prefix_bytes(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s.size();
    std::size_t cut = max_bytes;
    while (cut > 0 && is_continuation(s[cut])) --cut;
    return cut;
}

std::vector<std::string> split_utf8_bytes(std::string_view s, std::size_t max_bytes) {
    std::vector<std::string> out;
    if (max_bytes < 4) max_bytes = 4;
    while (s.size() > max_bytes) {
        std::size_t cut = prefer_newline(s, utf8_prefix_bytes(s, max_bytes));
        if (cut == 0) cut = seq_len(static_cast<unsigned char>(s[0]));
        out.emplace_back(s.substr(0, cut));
        s.remove_prefix(cut);
    }
    if (!s.empty() || out.empty()) out.emplace_back(s);
    return out;
}

std::vector<std::string> split_encoded(std::string_view s, std::size_t max_bytes,
                                       const EncodedSize& encoded_size) {
    std::vector<std::string> out;
    while (!s.empty() && encoded_size(s) > max_bytes) {
        // The longest code-point-aligned prefix that fits: binary search on its byte length.
        std::size_t fits = 0, lo = 1, hi = s.size();
        while (lo <= hi) {
            std::size_t mid = lo + (hi - lo) / 2;
            std::size_t cut = utf8_prefix_bytes(s, mid);
            if (cut > 0 && encoded_size(s.substr(0, cut)) <= max_bytes) {
                fits = cut;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        std::size_t cut =
            fits == 0 ? seq_len(static_cast<unsigned char>(s[0])) : prefer_newline(s, fits);
        out.emplace_back(s.substr(0, cut));
        s.remove_prefix(cut);
    }
    if (!s.empty() || out.empty()) out.emplace_back(s);
    return out;
}

std::string truncate_utf8_bytes(std::string_view s, std::size_t max_bytes,
                                std::string_view marker) {
    if (s.size() <= max_bytes) return std::string(s);
    if (max_bytes <= marker.size())
        return std::string(marker.substr(0, utf8_prefix_bytes(marker, max_bytes)));
    std::size_t keep = utf8_prefix_bytes(s, max_bytes - marker.size());
    return std::string(s.substr(0, keep)) + std::string(marker);
}

std::vector<std::string> split_code_points(std::string_view s, std::size_t max_points) {
    std::vector<std::string> out;
    if (max_points == 0) max_points = 1;
    while (utf8_code_points(s) > max_points) {
        std::size_t cut = 0;
        for (std::size_t points = 0; points < max_points && cut < s.size(); ++points) {
            cut += seq_len(static_cast<unsigned char>(s[cut]));
            while (cut < s.size() && is_continuation(s[cut])) ++cut;
        }
        if (cut > s.size()) cut = s.size();
        cut = prefer_newline(s, cut);
        out.emplace_back(s.substr(0, cut));
        s.remove_prefix(cut);
    }
    if (!s.empty() || out.empty()) out.emplace_back(s);
    return out;
}

}  // namespace gridbot::adapters::common
