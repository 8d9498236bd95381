#pragma once
// Traditional characters to simplified ones (issue 19 item 1): the table of
// OpenCC's t2s conversion, one character to one, generated at build time by
// tools/gen_simplified.cpp from Debian's libopencc-data. The lexicon's own
// `[normalize] traditional` entries come first (Lexicon::simplify).

namespace gridbot::parse {

// The simplified form of `c`, or `c` when it has none (or is simplified already).
char32_t simplified(char32_t c);

}  // namespace gridbot::parse
