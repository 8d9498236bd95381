#pragma once
// The rule layer: from the lexicon's matches in one message to what it
// reports. Rules, in the order they apply:
//  1. Clauses end at punctuation and spaces. A clause with a question word
//     or '?' reports nothing normal; a hypothetical clause (如果, 的话)
//     reports nothing at all. A question about procedure reports no term
//     either, except an emergency or a need; and a call for help (120) only
//     when it pleads or the message reports a need besides it.
//  2. A wide negator (无, 没有) reaches the next 3 characters; a narrow one
//     (不) the next 2. A negated term passes the negation on along a list
//     (无发热、咳嗽、乏力; 发热和咳嗽): to the very next character or a list
//     joiner. A contrast (但, 还, 其他) ends the reach. A narrow negator's
//     reach never undoes a phrase holding its own negator (电话不接、敲门不应).
//  3. After a wide negator, the list may go on across a comma or space when
//     the next clause is nothing but terms: 无发热，咳嗽，乏力等症状; so may a
//     negator standing alone after a denied term (无咳嗽，无，乏力).
//  4. A word after the symptom can cancel it: 咳嗽也好了, 烧退下去了; so can
//     a wide negator that closes the clause: 发热:无, 咳嗽没有.
//  5. Combinations: two halves in one clause within a window (暖气…不热,
//     嗓子…疼, 我姑…来了, 从…回来) form a term of their category.
//  6. Anything positive makes an anomaly; otherwise a zero word, a negated
//     term or a normal temperature makes a zero report; otherwise chatter.
#include <cstdint>
#include <string_view>
#include <vector>

#include "bot/parse/lexicon.h"

namespace gridbot::parse {

struct Reading {
    std::uint16_t categories = 0;  // bit i = kCategoryNames[i]
    bool zero = false;             // something says "all normal"
    bool complaint = false;        // an unnamed complaint (不舒服) that is not negated
    // A named ailment that is no category (牙疼, 鼻塞, 打喷嚏): the leader does not act
    // on it, so an all-clear beside it stands (孩子牙疼，其他都正常); alone it is chatter.
    bool ailment = false;
    // The structural default (parser.cpp): a statement about the household that
    // says it is well (老两口吃得香, 家里人都挺健壮的) is a zero report even
    // without a listed all-normal phrase.
    bool fine = false;     // a well-being predicate closing its phrase, not negated, not asked
    bool subject = false;  // names the household, a member or a body
    bool bare = false;     // nothing but well-being predicates and particles (杠杠滴)
    bool fine_long = false;  // a well-being predicate of two characters or more (健壮, not 好 / 行)
    bool question = false;  // some clause asks
    bool chatter = false;   // an acknowledgement, thanks, greeting or complaint about the service
    // Code point spans of the text read: the first span that reported a
    // category (a term, or a combination's halves) and the first token that
    // said all is normal; end 0 when none.
    std::uint32_t term_begin = 0, term_end = 0;
    std::uint32_t zero_begin = 0, zero_end = 0;
    // Whether the position read_report was asked to watch (a temperature read
    // before the words) lies in someone else's news or a supposition: 我闺女在
    // 武汉上大学，发烧了38度 is the daughter's, away, not this household's.
    bool watched_not_ours = false;
};

Reading read_report(std::u32string_view text, const Lexicon& lex, std::vector<Match>& scratch,
                    std::uint32_t watch = ~0u);

// Does this question plead for help rather than ask about procedure ("我阳了怎么办?",
// "能帮忙买药吗?")? Such a question still reports what it names.
bool pleads(std::u32string_view clause);
// Does a question that names a call for help (120, 救护车) ask for one ("快帮忙叫个120?"),
// rather than how to call one ("120要咋叫?", "救护车能进我们小区吗?")? `call` is
// the call's word within `clause`, which is not itself a plea (救 of 救护车).
bool asks_for_call(std::u32string_view clause, std::u32string_view call);

}  // namespace gridbot::parse
