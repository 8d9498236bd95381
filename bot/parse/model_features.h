#pragma once
// The learned second opinion's features (issue 19 item 2), shared by the
// build-time trainer (tools/train_model.cpp) and the parser (model.cpp), so
// both see a message the same way: the text folded (ASCII lower case,
// full-width forms to ASCII, whitespace runs to one space), then every
// character, pair and triple of characters hashed into kBuckets, plus one
// bias feature. Header-only and free of the lexicon: the trainer runs before
// the library is built.
#include <cstdint>
#include <string_view>

namespace gridbot::parse::model {

inline constexpr std::uint32_t kBuckets = 1u << 13;
inline constexpr std::uint32_t kBias = 0;  // bucket 0 carries the bias only
// Outputs: 3 kinds (zero, anomaly, chatter), then the 12 categories in kCategoryNames' order.
inline constexpr int kKinds = 3, kCategories = 12, kOutputs = kKinds + kCategories;

inline char32_t fold(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c >= U'A' && c <= U'Z') c += 32;
    if (c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000) c = U' ';
    return c;
}

// Calls f(bucket) for the bias and each hashed n-gram (n = 1..3) of the text.
template <class F>
void for_each_feature(std::string_view utf8, F&& f) {
    f(kBias);
    char32_t prev[2] = {0, 0};  // the two characters before this one (0: none)
    bool space = false;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        std::size_t len = b < 0x80         ? 1
                          : (b >> 5) == 6  ? 2
                          : (b >> 4) == 14 ? 3
                          : (b >> 3) == 30 ? 4
                                           : 1;
        if (i + len > utf8.size()) len = 1;
        char32_t c = len == 1 ? b : static_cast<char32_t>(b & (0x7F >> len));
        for (std::size_t k = 1; k < len; ++k)
            c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += len;
        c = fold(c);
        if (c == U' ') {
            if (space) continue;
            space = true;
        } else {
            space = false;
        }
        // FNV-1a over (n, characters): one hash per n-gram ending here.
        std::uint32_t h = 2166136261u;
        auto mix = [&h](std::uint32_t v) {
            for (int k = 0; k < 4; ++k) {
                h ^= (v >> (8 * k)) & 0xFF;
                h *= 16777619u;
            }
        };
        mix(c);
        f(1 + (h % (kBuckets - 1)));
        if (prev[1]) {
            mix(prev[1]);
            f(1 + (h % (kBuckets - 1)));
            if (prev[0]) {
                mix(prev[0]);
                f(1 + (h % (kBuckets - 1)));
            }
        }
        prev[0] = prev[1];
        prev[1] = c;
    }
}

}  // namespace gridbot::parse::model
