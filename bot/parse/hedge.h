#pragma once
// Hedges: text that mentions a symptom or a temperature without reporting it.
//  - A clause ending with 吗 (and particles after it) asks, like one ending
//    with '?': "现在能回老家吗" without the question mark.
//  - A temperature asked about or supposed ("37度3算不算发烧啊", "万一烧到
//    39度", "if it reaches 38.5") or denied ("是37度2不是38度2") is not a
//    reading; one just measured is ("量了37.3 算发烧吗").
//  - In English text a space separates words, not clauses, so "if" and
//    "heard" reach the words after them as 如果 and 听说 do; nor does the
//    point of an unread "37.3" end a clause.
#include <string_view>
#include <vector>

#include "bot/parse/lexicon.h"

namespace gridbot::parse {

// Does the clause [begin, end) end with the question particle 吗, perhaps
// followed by particles (吗啊, 吗呢)?
bool ends_with_ma(std::u32string_view text, std::size_t begin, std::size_t end);

// Where a question closing a long unpunctuated report begins: after the
// last "你看" / "你说" / "您看" in [begin, at) ("…还有点咳嗽你看要报吗"),
// else `begin`.
std::uint32_t question_opens(std::u32string_view text, std::uint32_t begin, std::uint32_t at);
// Where a question about what to do opens after a fact the writer states of
// themselves ("问一下我发烧了该找谁": 我 … 了 before the question): past the
// fact, else `begin`.
std::uint32_t after_stated_fact(std::u32string_view text, std::uint32_t begin, std::uint32_t at);

// Does the break at `i` join rather than separate: a space inside English
// text (an ASCII letter or digit on both sides), or the point of "37.3"?
bool word_space(std::u32string_view text, std::size_t i);

// Is the temperature at [begin, end) hedged: 不是 stands right before it, or
// a hypothetical word before it in its clause; or, unless it was just
// measured ("量了37.3 算发烧吗"), a hypothetical_after word after it or a
// question about procedure (ending with '?' or 吗, not a plea)?
bool temperature_hedged(std::u32string_view text, std::size_t begin, std::size_t end,
                        const Lexicon& lex, std::vector<Match>& scratch);

}  // namespace gridbot::parse
