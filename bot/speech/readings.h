#pragma once
// Each Chinese character's usual Mandarin reading with its tone as a digit
// ("关" -> "guan1", "的" -> "de5"), from Unihan's readings as go-pinyin packages
// them (generated at build time by tools/gen_readings.cpp).
#include <string_view>

namespace gridbot::speech {

// Empty for a character without a reading (not Chinese, or not in the table).
std::string_view reading(char32_t c);

}  // namespace gridbot::speech
