#include "bot/parse/simplified.h"

#include <vector>

namespace gridbot::parse {

namespace {

struct Pair {
    char32_t from, to;
};

constexpr Pair kTable[] = {
#include "simplified.inc"
};

// One entry per BMP code point (0: no mapping), built once: a lookup per
// character of every message costs an index, not a search.
const std::vector<char16_t>& by_code() {
    static const std::vector<char16_t> table = [] {
        std::vector<char16_t> t(0x10000, 0);
        for (const Pair& p : kTable) {
            if (p.from < t.size() && p.to < 0x10000) t[p.from] = static_cast<char16_t>(p.to);
        }
        return t;
    }();
    return table;
}

}  // namespace

char32_t simplified(char32_t c) {
    if (c < 0x3400 || c >= 0x10000) return c;
    const char16_t to = by_code()[c];
    return to != 0 ? to : c;
}

}  // namespace gridbot::parse
