#pragma once
// PKCS#7 with a caller-chosen block: WeCom pads to 32 bytes, Feishu to 16.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::adapters::common {

inline std::string pkcs7_pad(std::string_view data, std::size_t block) {
    std::size_t n = block - data.size() % block;  // 1..block; a full block when aligned
    std::string out(data);
    out.append(n, static_cast<char>(n));
    return out;
}

// Strict: the pad value must be 1..block and every pad byte must equal it.
inline std::optional<std::string> pkcs7_unpad(std::string_view data, std::size_t block) {
    if (data.empty()) return std::nullopt;
    std::size_t n = static_cast<unsigned char>(data.back());
    if (n < 1 || n > block || n > data.size()) return std::nullopt;
    for (std::size_t i = data.size() - n; i < data.size(); ++i)
        if (static_cast<unsigned char>(data[i]) != n) return std::nullopt;
    return std::string(data.substr(0, data.size() - n));
}

}  // namespace gridbot::adapters::common
