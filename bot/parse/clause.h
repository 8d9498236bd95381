#pragma once
// The rule layer's working parts: a message cut into clauses, and the
// lexicon's matches in it as tokens (reading.cpp), negated (negation.cpp),
// ended by recoveries (recovery.cpp) and read into a report (report_rules.cpp).
// Private to bot/parse.
#include <cstdint>
#include <string_view>
#include <vector>

#include "bot/parse/lexicon.h"

namespace gridbot::parse {
struct Reading;
}

namespace gridbot::parse::detail {

// A category's bit index by name, at compile time.
inline constexpr std::uint8_t category_bit(std::string_view name) {
    for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
        if (kCategoryNames[i] == name) return static_cast<std::uint8_t>(i);
    }
    return 0xff;
}
inline constexpr std::uint8_t kSupplies = category_bit("supplies");
inline constexpr std::uint8_t kTravel = category_bit("travel");
inline constexpr std::uint8_t kEmergency = category_bit("emergency");
inline constexpr std::uint8_t kVisitor = category_bit("visitor");

struct Clause {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t covered = 0;      // characters inside list-like tokens
    bool question = false;          // it holds a question word, or ends with '?'
    bool asked = false;             // it ends with '?': all of it is asked
    bool hypothetical = false;      // some of it is hypothetical
    std::uint32_t hypo_from = ~0u;  // tokens starting here or later are hypothetical (如果 …)
    std::uint32_t hypo_to = 0;      // tokens ending here or earlier are hypothetical (… 的话)
    std::uint32_t ask_from = 0;  // an asked clause asks from here ("…咳嗽你看要报吗": 你看)
    std::uint32_t hypo_back = 0;  // … and starting here or later (你看要报吗 stops at 你看)
    bool pure = true;             // only terms and list joiners: a list may continue into it
    bool has_term = false;
    bool subject = false;                // it names someone (我, 家里, 孩子)
    bool supposed_term = false;          // it names a symptom after a hypothetical word
    bool urgent = false;                 // it names an emergency
    bool well = false;                   // it holds an all-normal word (我们这边都好)
    std::uint32_t elsewhere_from = ~0u;  // someone outside the household is named here
    std::uint32_t outsider_from = ~0u;   // someone never of the household is named here
};

struct Token {
    std::uint32_t begin;
    std::uint32_t end;
    std::uint32_t clause;
    const std::vector<Meaning>* meanings;
    std::uint32_t segment = 0;  // the clause cut at contrast words (现在, 但是, 就是)
    bool asked = false;         // inside the reach of a question
    bool negated = false;
    bool dangling = false;  // a Recovered word that found nothing to end in its clause
    bool undone = false;    // a NegateAfter / Recovered word with a negator right before it

    bool has(Role r) const {
        for (const auto& m : *meanings) {
            if (m.role == r) return true;
        }
        return false;
    }
    bool has_term(std::uint8_t category) const {
        for (const auto& m : *meanings) {
            if (m.role == Role::Term && m.arg == category) return true;
        }
        return false;
    }
    bool negatable() const {
        return has(Role::Term) || has(Role::Generic) || has(Role::ComboFirst) ||
               has(Role::ComboThen) || has(Role::Matter);
    }
};

// 无, 没有: a negator that reaches past the next word (rule 2).
inline bool wide_negator(const Token& t) {
    return t.has(Role::NegateBefore) || t.has(Role::NegateList);
}

// Does the token lie in what its clause only supposes: after 如果, or before
// 的话 / 要报吗 and after any "你看" that opens the question?
inline bool supposed(const Token& t, const Clause& c) {
    return t.begin >= c.hypo_from || (t.end <= c.hypo_to && t.begin >= c.hypo_back);
}

// "对门那家好像有人发烧，一直咳", "我闺女在北京阳了，说嗓子疼得厉害": a clause
// that names no one goes on with the supposition or hearsay of the clause
// before it, when that clause supposed a symptom. An emergency ("可能要生了，
// 要叫120") is never carried off.
void carry_suppositions(std::vector<Clause>& clauses);

// Rules 2–4 of reading.h: marks the tokens a negator, a list or an "over"
// word negates (negation.cpp).
void apply_negation(std::u32string_view text, std::vector<Token>& tokens,
                    const std::vector<Clause>& clauses);

// Rules 5–6 of reading.h: sets what the message reports (report_rules.cpp).
void report(std::u32string_view text, const Lexicon& lex, const std::vector<Token>& tokens,
            const std::vector<Clause>& clauses, Reading& out);

// "前几天有点咳嗽，现在好了": a recovery that is a clause (or segment) of its own
// ends what was reported before it; see end_recoveries in recovery.cpp.
void end_recoveries(std::vector<Token>& tokens, const std::vector<Clause>& clauses);

}  // namespace gridbot::parse::detail
