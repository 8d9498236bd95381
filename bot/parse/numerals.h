#pragma once
// Numbers as residents write them: ASCII digits (after normalisation),
// positional Chinese numerals (三十八, 二十, 一百零二) and digit-by-digit
// readings (九零二, 幺二零).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::parse {

int han_digit(char32_t c);         // 零..九, 两, 幺 → 0..9; otherwise -1
bool is_numeral_char(char32_t c);  // an ASCII digit, a han digit or 十/百/千

struct Number {
    std::size_t begin = 0;
    std::size_t end = 0;      // one past the last character
    std::int64_t value = -1;  // -1 when it does not fit (a phone number, 30 digits)
    std::string digits;       // the digits as written ("0502", "902"); empty if positional only
    bool ascii = false;
    bool positional = false;  // used 十/百/千
};

// Reads the number starting at s[i], if any. Runs longer than 18 digits keep
// value -1 and are still consumed whole, so they never split into smaller numbers.
std::optional<Number> read_number(std::u32string_view s, std::size_t i);

// True when s[i] continues a number that started before i.
bool inside_number(std::u32string_view s, std::size_t i);

}  // namespace gridbot::parse
