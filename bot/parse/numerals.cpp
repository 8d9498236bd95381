#include "bot/parse/numerals.h"

#include "bot/parse/utf8.h"

namespace gridbot::parse {

int han_digit(char32_t c) {
    switch (c) {
        case U'零':
            return 0;
        case U'一':
        case U'幺':
            return 1;
        case U'二':
        case U'两':
            return 2;
        case U'三':
            return 3;
        case U'四':
            return 4;
        case U'五':
            return 5;
        case U'六':
            return 6;
        case U'七':
            return 7;
        case U'八':
            return 8;
        case U'九':
            return 9;
        default:
            return -1;
    }
}

static int han_power(char32_t c) {
    switch (c) {
        case U'十':
            return 10;
        case U'百':
            return 100;
        case U'千':
            return 1000;
        default:
            return 0;
    }
}

bool is_numeral_char(char32_t c) {
    return is_ascii_digit(c) || han_digit(c) >= 0 || han_power(c) > 0;
}

bool inside_number(std::u32string_view s, std::size_t i) {
    if (i == 0) return false;
    const char32_t p = s[i - 1];
    if (is_ascii_digit(s[i])) return is_ascii_digit(p);
    return han_digit(p) >= 0 || han_power(p) > 0;
}

std::optional<Number> read_number(std::u32string_view s, std::size_t i) {
    if (i >= s.size()) return std::nullopt;
    Number n;
    n.begin = i;
    if (is_ascii_digit(s[i])) {
        n.ascii = true;
        std::size_t j = i;
        std::int64_t v = 0;
        while (j < s.size() && is_ascii_digit(s[j])) {
            if (n.digits.size() < 18) {
                v = v * 10 + (s[j] - U'0');
            } else {
                v = -1;
            }
            if (n.digits.size() < 32) n.digits.push_back(static_cast<char>(s[j]));
            ++j;
        }
        n.value = n.digits.size() > 18 ? -1 : v;
        n.end = j;
        return n;
    }
    if (han_digit(s[i]) < 0 && han_power(s[i]) == 0) return std::nullopt;
    std::size_t j = i;
    std::int64_t total = 0;
    std::int64_t pending = -1;  // the digit read before a power (三 in 三十)
    std::string digits;
    bool positional = false;
    while (j < s.size() && j - i < 12) {
        const int d = han_digit(s[j]);
        const int p = han_power(s[j]);
        // "八零二两口子": 两 counts things; read digit by digit a number says 二.
        if (s[j] == U'两' && j > i && han_digit(s[j - 1]) >= 0) break;
        if (d >= 0) {
            digits.push_back(static_cast<char>('0' + d));
            pending = d;
        } else if (p > 0) {
            positional = true;
            total += (pending < 0 ? 1 : pending) * p;
            pending = -1;
        } else {
            break;
        }
        ++j;
    }
    n.end = j;
    n.positional = positional;
    if (positional) {
        // 一百零二: the 零 only marks a gap; the last digit is the ones.
        n.value = total + (pending < 0 ? 0 : pending);
    } else {
        n.digits = digits;
        n.value = 0;
        for (char c : digits) n.value = n.value * 10 + (c - '0');
    }
    if (positional) n.digits = std::to_string(n.value);
    return n;
}

}  // namespace gridbot::parse
