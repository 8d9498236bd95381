// Recoveries and suppositions across clauses (bot/parse/clause.h).
#include "bot/parse/clause.h"

namespace gridbot::parse::detail {

void carry_suppositions(std::vector<Clause>& clauses) {
    for (std::size_t i = 1; i < clauses.size(); ++i) {
        Clause& c = clauses[i];
        if (!clauses[i - 1].supposed_term || c.subject || c.urgent || c.hypo_from != ~0u) continue;
        c.hypothetical = true;
        c.hypo_from = c.begin;
        c.supposed_term = c.has_term;
    }
}

// A recovery ends, unless its own clause reports something, what its clause
// reported before it, else the last clause before that reported something.
void end_recoveries(std::vector<Token>& tokens, const std::vector<Clause>& clauses) {
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if (!tokens[k].dangling) continue;
        // The recovery's own segment ("前两天有点咳嗽现在已经好利索了": 现在 opens one).
        const std::uint32_t own = tokens[k].segment;
        bool reports = false;
        std::size_t first = k;
        while (first > 0 && tokens[first - 1].segment == own) --first;
        for (std::size_t j = first; j < tokens.size() && tokens[j].segment == own; ++j) {
            if ((tokens[j].has(Role::Term) || tokens[j].has(Role::Generic)) && !tokens[j].negated)
                reports = true;
        }
        if (reports || first == 0) continue;
        // What it ends: what its own clause reported before it ("前两天有点咳嗽现在
        // 已经好利索了"), else the clause before ("发烧，咳嗽，现在好了").
        auto ends = [](const Token& p) {
            return p.has(Role::Term) || p.has(Role::Generic) ||
                   (p.has(Role::ComboThen) && !p.has(Role::ComboFirst));
        };
        const std::uint32_t clause = tokens[k].clause;
        bool in_clause = false;
        for (std::size_t j = first; j-- > 0 && tokens[j].clause == clause;) {
            if (tokens[j].has(Role::Term) || tokens[j].has(Role::Generic)) in_clause = true;
        }
        std::size_t start = first;
        if (!in_clause) {
            while (start > 0 && tokens[start - 1].clause == clause) --start;
            if (start == 0) continue;
        }
        // "拉肚子，吃了点药，今天早上就好了": past clauses that report nothing (no term, no
        // combination with both halves, or only a supposed one: "可能是暖气太干了").
        std::uint32_t target = in_clause ? clause : tokens[start - 1].clause;
        for (std::size_t b = start; !in_clause && b > 0; start = b) {
            target = tokens[b - 1].clause;
            bool term = false;
            std::uint64_t firsts = 0, thens = 0;  // combinations by index, both halves seen
            for (; b > 0 && tokens[b - 1].clause == target; --b) {
                const Token& p = tokens[b - 1];
                if (supposed(p, clauses[target])) continue;
                term |= p.has(Role::Term) || p.has(Role::Generic);
                for (const Meaning& m : *p.meanings) {
                    const std::uint64_t bit = m.arg < 64 ? std::uint64_t{1} << m.arg : 0;
                    if (m.role == Role::ComboFirst) firsts |= bit;
                    if (m.role == Role::ComboThen && ends(p)) thens |= bit;
                }
            }
            if (term || (firsts & thens) != 0) break;
        }
        for (std::size_t j = start; j-- > 0 && tokens[j].clause == target;) {
            if (ends(tokens[j])) tokens[j].negated = true;
        }
    }
}

}  // namespace gridbot::parse::detail
