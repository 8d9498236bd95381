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
    for (std::size_t i = 0; i < n; ++i) {
        auto it = buckets_.find(text[i]);
        if (it == buckets_.end()) continue;
        const bool ascii_left = i > 0 && is_ascii_alnum(text[i - 1]);
        for (std::uint32_t p : it->second) {
            const std::u32string& ph = phrases_[p];
            if (ph.size() > n - i) continue;
            if (text.compare(i, ph.size(), ph) != 0) continue;
            if (is_ascii_alnum(ph.front()) && ascii_left) continue;
            const std::size_t end = i + ph.size();
            if (is_ascii_alnum(ph.back()) && end < n && is_ascii_alnum(text[end])) continue;
            if (end > covered) {
                // Half of a neutral or all-normal word is no term: "襄阳的" holds no 阳的,
                // "啥事没有吃的" no 没有吃的, "不缺药" no 缺药; "就是阳台" no 是阳.
                const auto& ms = meanings_[p];
                if (i > plain_begin && i < plain_end && has_role(ms, Role::Term)) break;
                if (only(ms, Role::Neutral, Role::Zero)) {
                    plain_begin = static_cast<std::uint32_t>(i);
                    plain_end = static_cast<std::uint32_t>(end);
                }
                if (only(ms, Role::Neutral, Role::Neutral)) {
                    while (!out.empty() && out.back().begin < i && out.back().end > i &&
                           has_role(meanings_[out.back().phrase], Role::Term))
                        out.pop_back();
                }
                out.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end), p});
                covered = static_cast<std::uint32_t>(end);
            }
            break;  // longest at this start only
        }
    }
}

}  // namespace gridbot::parse
