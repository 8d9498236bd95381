#pragma once
// UTF-8 <-> code points. The parser works on code points so that windows
// ("a negator reaches three characters") count characters, not bytes.
#include <initializer_list>
#include <string>
#include <string_view>

namespace gridbot::parse {

inline constexpr char32_t kReplacement = U'\uFFFD';

// Decodes UTF-8; every invalid, overlong, surrogate or truncated sequence
// becomes one U+FFFD, so any byte string yields a sensible text.
std::u32string decode_utf8(std::string_view bytes);

std::string encode_utf8(std::u32string_view text);
void append_utf8(std::string& out, char32_t cp);

inline bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool is_ascii_alpha(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}
inline bool is_ascii_alnum(char32_t c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
// Whether `s` holds any of `words` ("不对", "看错"…): the word lists the rules look for.
inline bool holds_any(std::u32string_view s, std::initializer_list<std::u32string_view> words) {
    for (std::u32string_view w : words) {
        if (s.find(w) != std::u32string_view::npos) return true;
    }
    return false;
}

inline bool is_han(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

}  // namespace gridbot::parse
