#pragma once
// `gridbot parse suggest` (issue 19 item 4): lexicon entries proposed from
// leaders' corrections, for a person to review before they go into
// config/lexicon/zh-CN.toml. Explainable by construction; no entry is added
// by itself.
//  - A category the parser missed: the words of the message nothing in the
//    lexicon accounts for (every 2 to 4 characters of the runs of Chinese
//    characters between known words, split at particles and pronouns), and
//    any window that sounds like one of
//    the category's terms (same toneless readings: 发骚 for 发烧) — proposed as
//    terms of the category.
//  - A category the parser reported wrongly: the term that reported it with
//    the character before or after it (红烧 around 烧) — proposed as neutral
//    words that shadow the term.
// Ranked by how many corrections a word would have fixed (support), then by
// how many corrections with another label hold it too (against), then sound
// alikes first, then by how many of its characters the category's terms hold,
// then longer first; a word held by as many corrections against it as for it
// is not proposed.
#include <cstdint>
#include <string>
#include <vector>

#include "bot/parse/lexicon.h"
#include "bot/parse/parser.h"

namespace gridbot::parse {

// A correction as suggest reads it: the message, the leader's label and what
// the parser had read.
struct LabelledExample {
    int64_t id = 0;  // the correction's id, named in the suggestion
    std::string text;
    std::string kind;  // zero | anomaly
    std::vector<std::string> categories;
    std::string parsed_kind;
    std::vector<std::string> parsed_categories;
};

struct Suggestion {
    std::string category;     // the category the word reports (term) or stops reporting (neutral)
    std::string word;         // UTF-8
    std::string key;          // "terms" ([category.X]) or "neutral" ([words])
    std::string sounds_like;  // the lexicon term a term sounds like; "" when none
    int support = 0;
    int against = 0;
    std::vector<int64_t> corrections;  // the examples that support it
};

std::vector<Suggestion> suggest(const std::vector<LabelledExample>& examples, const Lexicon& lex);

// {"category", "word", "section", "key", "sounds_like"?, "support", "against",
//  "corrections", "add"}: "add" is the line to put in the lexicon's section.
Json to_json(const Suggestion& s);

}  // namespace gridbot::parse
