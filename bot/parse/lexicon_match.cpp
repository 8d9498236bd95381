// Lexicon::match: the maximal matches of the lexicon's phrases in a text.
#include "bot/parse/lexicon.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {

namespace {

bool has_role(const std::vector<Meaning>& ms, Role r) {
    for (const Meaning& m : ms) {
        if (m.role == r) return true;
    }
    return false;
}

bool only(const std::vector<Meaning>& ms, Role a, Role b) {
    for (const Meaning& m : ms) {
        if (m.role != a && m.role != b) return false;
    }
    return true;
}

}  // namespace

void Lexicon::match(std::u32string_view text, std::vector<Match>& out) const {
    out.clear();
    std::uint32_t covered = 0;                     // end of the furthest-reaching match so far
    std::uint32_t plain_begin = 0, plain_end = 0;  // the last neutral or all-normal word
    const std::size_t n = text.size();
    // Phrase p at i: false when it is not there (try the next, shorter one), true
    // when it is (the longest at this start; taken unless an earlier match covers it).
    auto at = [&](std::size_t i, std::uint32_t p) {
        const std::u32string& ph = phrases_[p];
        if (ph.size() > n - i) return false;
        if (text.compare(i, ph.size(), ph) != 0) return false;
        if (is_ascii_alnum(ph.front()) && i > 0 && is_ascii_alnum(text[i - 1])) return false;
        const std::size_t end = i + ph.size();
        if (is_ascii_alnum(ph.back()) && end < n && is_ascii_alnum(text[end])) return false;
        // A number inside a time or a decimal ("8:00", "36.0") is no word of its own.
        if (is_ascii_digit(ph.front()) && i > 0 && (text[i - 1] == U':' || text[i - 1] == U'.'))
            return false;
        if (end <= covered) return true;
        // Half of a neutral or all-normal word is no term: "襄阳的" holds no 阳的,
        // "啥事没有吃的" no 没有吃的, "不缺药" no 缺药; "就是阳台" no 是阳.
        // A place name both neutral and a half of a combination ("洛阳": neutral,
        // and a place away) is plain too.
        const auto& ms = meanings_[p];
        const bool neutral = has_role(ms, Role::Neutral) && !has_role(ms, Role::Term);
        if (i > plain_begin && i < plain_end && has_role(ms, Role::Term)) return true;
        if (only(ms, Role::Neutral, Role::Zero) || neutral) {
            plain_begin = static_cast<std::uint32_t>(i);
            plain_end = static_cast<std::uint32_t>(end);
        }
        if (neutral) {
            while (!out.empty() && out.back().begin < i && out.back().end > i &&
                   has_role(meanings_[out.back().phrase], Role::Term))
                out.pop_back();
        }
        out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end), p});
        covered = static_cast<std::uint32_t>(end);
        return true;
    };
    for (std::size_t i = 0; i < n; ++i) {
        if (!may_begin(text[i])) continue;
        bool found = false;
        if (i + 1 < n) {
            if (auto it = pair_buckets_.find(pair_key(text[i], text[i + 1]));
                it != pair_buckets_.end()) {
                for (std::uint32_t p : it->second) {
                    if ((found = at(i, p))) break;
                }
            }
        }
        if (found) continue;
        if (auto it = single_.find(text[i]); it != single_.end()) at(i, it->second);
    }
}

}  // namespace gridbot::parse
