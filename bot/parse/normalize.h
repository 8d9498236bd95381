#pragma once
// Normalisation: the first step of understanding, so every later rule sees
// one spelling. Guarantees: ASCII digits/letters/punctuation for their
// full-width forms, lower-case ASCII, simplified characters for the
// traditional forms the lexicon lists, Chinese punctuation folded to ASCII
// (、 stays: it joins lists), emoji and platform placeholders ([图片],
// [语音], [爱心]) removed, control characters and whitespace runs folded to
// one space, no leading or trailing space. Invalid UTF-8 is already U+FFFD
// and is treated as a space.
#include <string>
#include <string_view>

#include "bot/parse/lexicon.h"

namespace gridbot::parse {

// Width, case and punctuation folding of one character, without the
// lexicon's traditional table; 0 means "drop this character".
char32_t fold_char(char32_t c);

// With a lexicon, also its dialect spellings and, when `homophones`, the
// sound-alikes of its `[normalize] sounds_like` terms (客嗽 → 咳嗽); `sounded`,
// when given, says whether a sound-alike was replaced.
std::u32string normalize(std::u32string_view text, const Lexicon* lex, bool* sounded = nullptr,
                         bool homophones = true);
std::u32string normalize(std::string_view utf8, const Lexicon* lex, bool* sounded = nullptr,
                         bool homophones = true);

inline bool is_break(char32_t c) {
    return c == U',' || c == U'.' || c == U'!' || c == U'?' || c == U';' || c == U' ' ||
           c == U'\n' || c == U'~' || c == U'…' || c == U'(' || c == U')';
}

}  // namespace gridbot::parse
