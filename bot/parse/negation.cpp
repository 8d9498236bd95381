// Rules 2–4 of reading.h: which tokens a negator, a list or a later "over"
// word negates. One left-to-right walk over the tokens; the walk's state is
// the reach of the last negator and whether a negated list may go on.
#include <algorithm>

#include "bot/parse/clause.h"
#include "bot/parse/normalize.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse::detail {

namespace {

constexpr std::uint32_t kWideReach = 3;    // 没有[人]发烧, 没有[任何]不舒服
constexpr std::uint32_t kNarrowReach = 2;  // 不[太]咳, 不[怎么]烧
constexpr std::uint32_t kAfterReach = 4;   // 烧[已经]退下去了
constexpr std::uint32_t kItem = 4;         // 、[结膜炎]、: an unnamed listed item

class Negation {
  public:
    Negation(std::u32string_view text, std::vector<Token>& tokens,
             const std::vector<Clause>& clauses)
        : text_(text), tokens_(tokens), clauses_(clauses) {}

    void run() {
        for (std::size_t k = 0; k < tokens_.size(); ++k) step(k);
    }

  private:
    void step(std::size_t k) {
        Token& t = tokens_[k];
        if (t.clause != cur_clause_) enter_clause(k);
        const bool in_reach = reach_ >= static_cast<std::int64_t>(t.begin) &&
                              neg_clause_ == t.clause && t.begin >= neg_from_;
        if (t.negatable()) {
            // "电话不接、敲门不应": a narrow negator's reach, carried on by a list, does
            // not turn a phrase that holds its own negator (敲门不应) back into a denial.
            if (in_reach && !(narrow_ && holds_negator(t))) {
                t.negated = true;
                reach_ = std::max<std::int64_t>(reach_, t.end + 1);
                last_neg_end_ = t.end;
                chain_open_ = listy_;
            } else {
                chain_open_ = false;
            }
        }
        if (t.has(Role::Resolved)) t.negated = true;
        const bool after_item = enumeration(t) &&
                                join_reach_ >= static_cast<std::int64_t>(t.begin) &&
                                neg_clause_ == t.clause && unnamed_item(join_from_, t.begin);
        join_reach_ = -1;
        if (t.has(Role::ListJoin) && (in_reach || after_item)) {
            reach_ = std::max<std::int64_t>(reach_, t.end + 1);
            if (last_neg_end_ + 1 >= t.begin) last_neg_end_ = t.end;
            // "无发热、鼻塞、流涕、腹泻": a listed item the lexicon does not know (鼻塞)
            // keeps the list going to the next 、.
            if (listy_ && enumeration(t)) {
                join_from_ = t.end;
                join_reach_ = t.end + kItem;
            }
        }
        if (wide_negator(t)) wide(k);
        if (t.has(Role::NegateNarrow)) cast(t, kNarrowReach, false);
        contrast(k);
        // "还没好利索" is not over: a negator right before the word undoes it.
        t.undone =
            k > 0 && tokens_[k - 1].end >= t.begin && tokens_[k - 1].begin < t.begin &&
            (tokens_[k - 1].has(Role::NegateBefore) || tokens_[k - 1].has(Role::NegateNarrow));
        if ((t.has(Role::NegateAfter) || t.has(Role::Recovered)) && !t.undone) end_before(k);
    }

    bool holds_negator(const Token& t) const {
        for (std::uint32_t i = t.begin; i < t.end; ++i) {
            const char32_t c = text_[i];
            if (c == U'不' || c == U'没' || c == U'无' || c == U'冇' || c == U'未') return true;
        }
        return false;
    }

    bool enumeration(const Token& t) const {
        return t.end == t.begin + 1 && text_[t.begin] == U'、';
    }
    // An item between two 、 that no token covers: Han characters only.
    bool unnamed_item(std::uint32_t from, std::uint32_t to) const {
        if (to <= from) return false;
        for (std::uint32_t i = from; i < to; ++i) {
            if (!is_han(text_[i])) return false;
        }
        return true;
    }

    // Rule 3: a negated list that ended its clause goes on into a next clause
    // that is nothing but terms (only empty clauses between).
    void enter_clause(std::size_t k) {
        const Token& t = tokens_[k];
        bool carry =
            chain_open_ && last_neg_end_ == clauses_[cur_clause_].end && clauses_[t.clause].pure;
        for (std::uint32_t c = cur_clause_ + 1; carry && c < t.clause; ++c) {
            carry = clauses_[c].begin == clauses_[c].end;
        }
        if (carry) {
            reach_ = clauses_[t.clause].end;
            neg_clause_ = t.clause;
        } else {
            reach_ = -1;
            chain_open_ = false;
        }
        cur_clause_ = t.clause;
        floor_ = k;
    }

    // A negator's reach starts after it.
    void cast(const Token& t, std::uint32_t reach, bool listy) {
        reach_ = t.end + reach;
        listy_ = listy;
        narrow_ = reach == kNarrowReach;
        neg_clause_ = t.clause;
        neg_from_ = t.end;
        chain_open_ = false;
    }

    // 无 / 没有: negates what follows, or (rule 4) the term it closes a clause after.
    void wide(std::size_t k) {
        const Token& t = tokens_[k];
        // "发热:无" / "咳嗽没有": a negator closing the clause right after a term.
        const bool closes =
            t.end == text_.size() || is_break(text_[t.end]) || text_[t.end] == U'、';
        Token* prev = k > floor_ ? &tokens_[k - 1] : nullptr;
        // "咳嗽 无", "发热: 无": a negator that is a whole clause answers the term closing
        // the clause before (a colon may follow the term).
        const Clause& own = clauses_[t.clause];
        Token* before = k > 0 ? &tokens_[k - 1] : nullptr;
        const bool answers =
            own.begin == t.begin && own.end == t.end && before && before->clause + 1 == t.clause &&
            (before->end == clauses_[before->clause].end ||
             (before->end + 1 == clauses_[before->clause].end && text_[before->end] == U':')) &&
            before->negatable() && !before->negated;
        if (answers) {
            before->negated = true;
            chain_open_ = false;
        } else if (closes && prev && prev->negatable() && !prev->negated &&
                   t.begin - prev->end <= 1) {
            prev->negated = true;
            chain_open_ = false;
        } else {
            cast(t, kWideReach, t.has(Role::NegateList));
            // "无咳嗽，无，乏力": a negator standing as its own clause in a list of denials,
            // the term before it already denied (a stray comma of voice input), goes on
            // into the next clause when that one is nothing but terms.
            if (own.begin == t.begin && own.end == t.end && before && before->negated) {
                chain_open_ = true;
                last_neg_end_ = t.end;
            }
        }
    }

    // A contrast (但, 还, 其他) ends the reach; "没有其他症状", "没别的": "other"
    // right after a negator is what it negates.
    void contrast(std::size_t k) {
        const Token& t = tokens_[k];
        if (!t.has(Role::Contrast)) return;
        if (k > 0 && tokens_[k - 1].end == t.begin && wide_negator(tokens_[k - 1])) {
            reach_ = std::max<std::int64_t>(reach_, t.end + kWideReach);
        } else {
            reach_ = -1;
            chain_open_ = false;
            floor_ = k + 1;
        }
    }

    // Rule 4: an "over" word (退了, 好了) negates the terms just before it, back
    // to a contrast; a recovery that finds none dangles.
    void end_before(std::size_t k) {
        Token& t = tokens_[k];
        std::uint32_t boundary = t.begin;
        bool ended = false;
        for (std::size_t m = k; m-- > floor_;) {
            Token& p = tokens_[m];
            if (p.end + kAfterReach < boundary) break;
            if (p.end > t.begin) continue;  // overlaps: "晕过去了" is not "过去了"
            // Not the first half of a combination: "燃气没了" is gas gone, not gas fixed.
            // A phrase that also opens a combination ("米" in 米面快没了) is the thing that ran
            // out.
            if (p.has(Role::Term) || p.has(Role::Generic) || p.has(Role::Matter) ||
                (p.has(Role::ComboThen) && !p.has(Role::ComboFirst))) {
                p.negated = true;
                ended = true;
            } else if (!p.negatable() && !p.has(Role::ListJoin)) {
                continue;
            }
            boundary = p.begin;
        }
        t.dangling = t.has(Role::Recovered) && !ended;
    }

    std::u32string_view text_;
    std::vector<Token>& tokens_;
    const std::vector<Clause>& clauses_;
    std::int64_t reach_ = -1;
    std::uint32_t neg_clause_ = 0;
    bool listy_ = false;          // the negator may carry a list past a comma
    bool narrow_ = false;         // the last negator was a narrow one (不)
    std::uint32_t neg_from_ = 0;  // a negator never negates a phrase it overlaps
    bool chain_open_ = false;     // a wide negation ended its clause on a negated term
    std::uint32_t last_neg_end_ = 0;
    std::int64_t join_reach_ = -1;  // an enumeration's next 、 may come this far (an unnamed item)
    std::uint32_t join_from_ = 0;
    std::size_t floor_ = 0;  // NegateAfter looks back no further than a contrast
    std::uint32_t cur_clause_ = 0;
};

}  // namespace

void apply_negation(std::u32string_view text, std::vector<Token>& tokens,
                    const std::vector<Clause>& clauses) {
    Negation(text, tokens, clauses).run();
}

}  // namespace gridbot::parse::detail
