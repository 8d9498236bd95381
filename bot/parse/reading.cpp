#include "bot/parse/reading.h"

#include <algorithm>
#include <array>
#include <optional>

#include "bot/parse/clause.h"
#include "bot/parse/hedge.h"
#include "bot/parse/normalize.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {

using detail::carry_suppositions;
using detail::Clause;
using detail::end_recoveries;
using detail::supposed;
using detail::Token;

namespace {

constexpr std::uint32_t kWideReach = 3;    // 没有[人]发烧, 没有[任何]不舒服
constexpr std::uint32_t kNarrowReach = 2;  // 不[太]咳, 不[怎么]烧
constexpr std::uint32_t kAfterReach = 4;   // 烧[已经]退下去了

constexpr std::uint8_t category_bit(std::string_view name) {
    for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
        if (kCategoryNames[i] == name) return static_cast<std::uint8_t>(i);
    }
    return 0xff;
}
constexpr std::uint8_t kSupplies = category_bit("supplies");
constexpr std::uint8_t kTravel = category_bit("travel");
constexpr std::uint8_t kEmergency = category_bit("emergency");
constexpr std::uint8_t kVisitor = category_bit("visitor");

}  // namespace

bool pleads(std::u32string_view clause) {
    static constexpr std::array<std::u32string_view, 9> kPleas = {
        U"怎么办", U"咋办", U"怎么弄", U"咋弄", U"帮", U"help", U"救", U"急", U"我"};
    for (auto p : kPleas) {
        if (clause.find(p) != std::u32string_view::npos) return true;
    }
    return false;
}

namespace {

std::vector<Clause> split_clauses(std::u32string_view text) {
    std::vector<Clause> clauses;
    Clause c;
    for (std::uint32_t i = 0; i < text.size(); ++i) {
        if (!is_break(text[i]) || word_space(text, i)) continue;
        c.end = i;
        c.question = c.asked = text[i] == U'?' || ends_with_ma(text, c.begin, i);
        c.ask_from = question_opens(text, c.begin, i);
        clauses.push_back(c);
        c = Clause{};
        c.begin = i + 1;
    }
    c.end = static_cast<std::uint32_t>(text.size());
    c.question = c.asked = ends_with_ma(text, c.begin, c.end);
    c.ask_from = question_opens(text, c.begin, c.end);
    clauses.push_back(c);
    return clauses;
}

std::vector<bool>& scratch_cover() {
    thread_local std::vector<bool> v;
    return v;
}

// Sentence-final particles and fillers after a predicate: 好的, 壮着呢, 香啊.
bool is_particle(char32_t c) {
    switch (c) {
        case U'的':
        case U'了':
        case U'着':
        case U'呢':
        case U'啊':
        case U'呀':
        case U'滴':
        case U'得':
        case U'吧':
        case U'哈':
        case U'嘞':
        case U'啦':
        case U'哦':
        case U'噢':
        case U'嘛':
        case U'哟':
        case U'咧':
        case U'喽':
        case U'昂':
        case U'嗷':
        case U'很':
        case U'、':
        case U'\x01':
            return true;
        default:
            return false;
    }
}

// Degree words before a predicate: 都挺好, 贼棒.
bool is_degree(char32_t c) {
    switch (c) {
        case U'都':
        case U'挺':
        case U'很':
        case U'还':
        case U'也':
        case U'真':
        case U'贼':
        case U'蛮':
        case U'特':
        case U'别':
        case U'老':
        case U'可':
        case U'儿':
        case U'倍':
        case U'嘎':
            return true;
        default:
            return false;
    }
}

// A well-being predicate holds when it closes its phrase (end, break, particle,
// or another predicate / subject / all-normal word follows: 吃得香睡得着) and no
// negator stands right before it (不好, 不够). "好冷", "好几天": 好 is a degree
// word there, not a predicate.
bool fine_holds(std::u32string_view text, const std::vector<Token>& tokens, std::size_t k) {
    const Token& t = tokens[k];
    if (k > 0 && tokens[k - 1].end == t.begin &&
        (tokens[k - 1].has(Role::NegateBefore) || tokens[k - 1].has(Role::NegateList) ||
         tokens[k - 1].has(Role::NegateNarrow)))
        return false;
    if (t.begin > 0 && (text[t.begin - 1] == U'不' || text[t.begin - 1] == U'没')) return false;
    if (t.end == text.size() || is_break(text[t.end]) || is_particle(text[t.end])) return true;
    if (k + 1 < tokens.size() && tokens[k + 1].begin == t.end) {
        const Token& n = tokens[k + 1];
        return n.has(Role::Fine) || n.has(Role::Subject) || n.has(Role::Zero) ||
               n.has(Role::Recovered);
    }
    return false;
}

// "是否发热:否": a form's label answered after a colon is not a hypothetical.
bool form_label(std::u32string_view text, std::uint32_t from) {
    for (std::uint32_t j = from; j < text.size() && j < from + 8 && !is_break(text[j]); ++j) {
        if (text[j] == U':') return true;
    }
    return false;
}

// Segments, and which tokens a question reaches. A clause ending with '?' is
// asked whole. Otherwise a question word reaches its own segment ("身体都好就是
// 想问问啥时候能解封": the well-being is not asked), and not past a new subject
// after it ("这个怎么弄啊我说话就行了是吧我们家都好").
void mark_questions(std::vector<Token>& tokens, const std::vector<Clause>& clauses) {
    std::uint32_t seg = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        if (k > 0 && (tokens[k].clause != tokens[k - 1].clause || tokens[k].has(Role::Contrast)))
            ++seg;
        tokens[k].segment = seg;
    }
    for (std::size_t a = 0; a < tokens.size();) {
        std::size_t b = a;
        std::optional<std::size_t> last_q;
        while (b < tokens.size() && tokens[b].segment == tokens[a].segment) {
            // "没有哪个发烧", "没谁": after a negator a question word means "any".
            const bool any =
                b > 0 && tokens[b - 1].end == tokens[b].begin &&
                (tokens[b - 1].has(Role::NegateBefore) || tokens[b - 1].has(Role::NegateList));
            if (tokens[b].has(Role::Question) && !any) last_q = b;
            ++b;
        }
        const bool asked = clauses[tokens[a].clause].asked;
        bool free = false;
        for (std::size_t j = a; j < b; ++j) {
            if (last_q && j > *last_q && tokens[j].has(Role::Subject)) free = true;
            tokens[j].asked = asked || (last_q && !free);
        }
        a = b;
    }
}

}  // namespace

Reading read_report(std::u32string_view text, const Lexicon& lex, std::vector<Match>& matches) {
    Reading out;
    lex.match(text, matches);
    std::vector<Clause> clauses = split_clauses(text);

    std::vector<Token> tokens;
    tokens.reserve(matches.size());
    std::uint32_t ci = 0;
    for (const Match& m : matches) {
        while (ci + 1 < clauses.size() && m.begin >= clauses[ci].end) ++ci;
        // A phrase containing a break (rare: an operator's "ok !") belongs to its start.
        Token t{m.begin, m.end, ci, &lex.meanings(m.phrase)};
        Clause& c = clauses[ci];
        if (t.has(Role::Question)) c.question = true;
        if (t.has(Role::Hypothetical) && !form_label(text, m.end)) {
            c.hypothetical = true;
            c.hypo_from = std::min(c.hypo_from, m.begin);
        }
        if (t.has(Role::HypotheticalAfter)) {
            c.hypothetical = true;
            c.hypo_to = std::max(c.hypo_to, m.end);
            c.hypo_back = question_opens(text, c.begin, m.begin);
        }
        const bool listy = t.has(Role::Term) || t.has(Role::Generic) || t.has(Role::ListJoin);
        if (listy) {
            c.covered += m.end - m.begin;
        } else {
            c.pure = false;
        }
        if (t.has(Role::Term) || t.has(Role::Generic)) c.has_term = true;
        c.subject = c.subject || t.has(Role::Subject);
        c.urgent = c.urgent || t.has_term(kEmergency);
        c.supposed_term = c.supposed_term || (t.has(Role::Term) && m.begin >= c.hypo_from);
        tokens.push_back(t);
    }
    carry_suppositions(clauses);
    for (auto& c : clauses) c.pure = c.pure && c.has_term && c.covered == c.end - c.begin;
    mark_questions(tokens, clauses);

    // Negation, left to right.
    std::int64_t reach = -1;
    std::uint32_t neg_clause = 0;
    bool listy = false;          // the negator may carry a list past a comma
    std::uint32_t neg_from = 0;  // a negator never negates a phrase it overlaps
    bool chain_open = false;     // a wide negation ended its clause on a negated term
    std::uint32_t last_neg_end = 0;
    std::size_t floor = 0;  // NegateAfter looks back no further than a contrast
    std::uint32_t cur_clause = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        Token& t = tokens[k];
        if (t.clause != cur_clause) {
            bool carry =
                chain_open && last_neg_end == clauses[cur_clause].end && clauses[t.clause].pure;
            for (std::uint32_t c = cur_clause + 1; carry && c < t.clause; ++c) {
                carry = clauses[c].begin == clauses[c].end;  // only empty clauses between
            }
            if (carry) {
                reach = clauses[t.clause].end;
                neg_clause = t.clause;
            } else {
                reach = -1;
                chain_open = false;
            }
            cur_clause = t.clause;
            floor = k;
        }
        const bool in_reach = reach >= static_cast<std::int64_t>(t.begin) &&
                              neg_clause == t.clause && t.begin >= neg_from;
        if (t.negatable()) {
            if (in_reach) {
                t.negated = true;
                reach = std::max<std::int64_t>(reach, t.end + 1);
                last_neg_end = t.end;
                chain_open = listy;
            } else {
                chain_open = false;
            }
        }
        if (t.has(Role::Resolved)) t.negated = true;
        if (t.has(Role::ListJoin) && in_reach) {
            reach = std::max<std::int64_t>(reach, t.end + 1);
            if (last_neg_end + 1 >= t.begin) last_neg_end = t.end;
        }
        if (t.has(Role::NegateBefore) || t.has(Role::NegateList)) {
            // "发热:无" / "咳嗽没有": a negator closing the clause right after a term.
            const bool closes =
                t.end == text.size() || is_break(text[t.end]) || text[t.end] == U'、';
            Token* prev = k > floor ? &tokens[k - 1] : nullptr;
            // "咳嗽 无", "发热: 无": a negator that is a whole clause answers the term closing
            // the clause before (a colon may follow the term).
            const Clause& own = clauses[t.clause];
            Token* before = k > 0 ? &tokens[k - 1] : nullptr;
            const bool answers =
                own.begin == t.begin && own.end == t.end && before &&
                before->clause + 1 == t.clause &&
                (before->end == clauses[before->clause].end ||
                 (before->end + 1 == clauses[before->clause].end && text[before->end] == U':')) &&
                before->negatable() && !before->negated;
            if (answers) {
                before->negated = true;
                chain_open = false;
            } else if (closes && prev && prev->negatable() && !prev->negated &&
                       t.begin - prev->end <= 1) {
                prev->negated = true;
                chain_open = false;
            } else {
                reach = t.end + kWideReach;
                listy = t.has(Role::NegateList);
                neg_clause = t.clause;
                neg_from = t.end;
                chain_open = false;
            }
        }
        if (t.has(Role::NegateNarrow)) {
            reach = t.end + kNarrowReach;
            listy = false;
            neg_clause = t.clause;
            neg_from = t.end;
            chain_open = false;
        }
        // "没有其他症状", "没别的": "other" right after a negator is what it negates.
        const bool negated_other =
            k > 0 && tokens[k - 1].end == t.begin &&
            (tokens[k - 1].has(Role::NegateBefore) || tokens[k - 1].has(Role::NegateList));
        if (t.has(Role::Contrast) && negated_other) {
            reach = std::max<std::int64_t>(reach, t.end + kWideReach);
        } else if (t.has(Role::Contrast)) {
            reach = -1;
            chain_open = false;
            floor = k + 1;
        }
        // "还没好利索" is not over: a negator right before the word undoes it.
        const bool undone =
            k > 0 && tokens[k - 1].end >= t.begin && tokens[k - 1].begin < t.begin &&
            (tokens[k - 1].has(Role::NegateBefore) || tokens[k - 1].has(Role::NegateNarrow));
        t.undone = undone;
        if ((t.has(Role::NegateAfter) || t.has(Role::Recovered)) && !undone) {
            std::uint32_t boundary = t.begin;
            bool ended = false;
            for (std::size_t m = k; m-- > floor;) {
                Token& p = tokens[m];
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
    }

    end_recoveries(tokens, clauses);

    // A message that opens with a negator standing as a clause of its own
    // ("无，辛苦了", "1202 无", "没有. 谢谢") answers the prompt: nothing.
    if (!tokens.empty() && (tokens[0].has(Role::NegateBefore) || tokens[0].has(Role::NegateList))) {
        const Clause& own = clauses[tokens[0].clause];
        bool alone = own.begin == tokens[0].begin && own.end == tokens[0].end;
        for (std::uint32_t i = 0; alone && i < own.begin; ++i) {
            alone = is_break(text[i]) || text[i] == U'\x01';  // a room already read ("1202 无")
        }
        if (alone) out.zero = true;
    }
    // A message that is only a negator ("无", "没有.") answers the prompt: nothing.
    if (tokens.size() == 1 &&
        (tokens[0].has(Role::NegateBefore) || tokens[0].has(Role::NegateList))) {
        std::size_t content = 0;
        for (char32_t c : text) content += !is_break(c);
        if (content == tokens[0].end - tokens[0].begin) out.zero = true;
    }

    // "昨天有点咳嗽，今天不咳了": a later "over" of a category cancels its earlier mentions.
    std::array<std::uint32_t, kCategoryNames.size()>
        over_at{};  // begin + 1 of the last Resolved, 0 = none
    for (const Token& t : tokens) {
        const Clause& c = clauses[t.clause];
        if (t.asked || supposed(t, c)) continue;
        for (const Meaning& m : *t.meanings) {
            if (m.role == Role::Resolved && m.arg < over_at.size()) over_at[m.arg] = t.begin + 1;
        }
    }

    for (const auto& c : clauses) out.question = out.question || c.asked;
    for (const auto& t : tokens) out.question = out.question || t.asked;

    // What the message reports.
    std::vector<bool>& fine_cover = scratch_cover();
    fine_cover.assign(text.size(), false);
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const Token& t = tokens[k];
        const Clause& c = clauses[t.clause];
        // Advice and questions about reporting (注意保暖, 需要报吗) are talk, not a report.
        if (t.has(Role::Chatter) || t.has(Role::Hypothetical) || t.has(Role::HypotheticalAfter))
            out.chatter = true;
        if (supposed(t, c)) continue;
        for (const Meaning& m : *t.meanings) {
            switch (m.role) {
                case Role::Term:
                    if (t.asked && c.asked && t.begin >= c.ask_from && m.arg != kEmergency &&
                        m.arg != kSupplies && !pleads(text.substr(c.begin, c.end - c.begin))) {
                        // "请问停电找物业还是找供电局?", "外地回来要隔离几天?": a question about
                        // procedure reports nothing; an emergency or a need named in a question
                        // still counts.
                    } else if (!t.negated && !(m.arg < over_at.size() && t.end < over_at[m.arg])) {
                        out.categories |= static_cast<std::uint16_t>(1u << m.arg);
                    } else if (!t.asked) {
                        out.zero = true;
                    }
                    break;
                case Role::Resolved:
                    if (!t.asked) out.zero = true;
                    break;
                case Role::Recovered:  // "好多了": better is a report of health
                    if (!t.asked && !t.undone) out.zero = true;
                    break;
                case Role::Generic:
                    // "没有其他症状", "无异常症状": an all-normal word says it of the complaint
                    // after it.
                    if (t.negated ||
                        (k > 0 && tokens[k - 1].end == t.begin && tokens[k - 1].has(Role::Zero))) {
                        if (!t.asked) out.zero = true;
                    } else {
                        out.complaint = true;
                    }
                    break;
                case Role::Matter:  // "没状况", "啥情况也没有": nothing to report
                    if (t.negated && !t.asked) out.zero = true;
                    break;
                case Role::Subject:
                    if (!t.asked) out.subject = true;
                    break;
                case Role::Fine:
                    if (!t.asked && fine_holds(text, tokens, k)) {
                        out.fine = true;
                        if (t.end - t.begin >= 2) out.fine_long = true;
                        for (std::uint32_t i = t.begin; i < t.end; ++i) fine_cover[i] = true;
                    }
                    break;
                case Role::Zero: {
                    // "不正常" is not normal: a negator right before spoils it.
                    const bool spoiled = k > 0 && tokens[k - 1].end == t.begin &&
                                         (tokens[k - 1].has(Role::NegateBefore) ||
                                          tokens[k - 1].has(Role::NegateList) ||
                                          tokens[k - 1].has(Role::NegateNarrow));
                    // A bare "ok" answers like 收到 (an acknowledgement); with a room or a
                    // household it says all is well ("3-2-502 ok", "全家ok").
                    const std::u32string_view word = text.substr(t.begin, t.end - t.begin);
                    const bool bare_ack = tokens.size() == 1 &&
                                          (word == U"ok" || word == U"okay") &&
                                          std::all_of(text.begin(), text.end(), [&](char32_t ch) {
                                              return is_ascii_alnum(ch) || is_break(ch) ||
                                                     (is_particle(ch) && ch != U'\x01');
                                          });
                    if (!t.asked && !spoiled && !bare_ack) out.zero = true;
                    break;
                }
                case Role::ComboFirst: {
                    const Combo& combo = lex.combos()[m.arg];
                    // A first half that is itself a negator (没有 … 纸尿裤: a lack) is not
                    // undone by the negation it casts on its own second half.
                    const bool lack = t.has(Role::NegateBefore) || t.has(Role::NegateList);
                    bool paired = false;
                    for (std::size_t j = k + 1; j < tokens.size(); ++j) {
                        const Token& u = tokens[j];
                        if (u.clause != t.clause ||
                            u.begin > t.end + static_cast<std::uint32_t>(combo.window))
                            break;
                        // Half of a word is not a word: "来过" inside 回来过年, "来了" inside
                        // 下来了.
                        const Token& w = tokens[j - 1];
                        if (u.begin < w.end && (w.has(Role::Term) || w.has(Role::ComboThen) ||
                                                w.has(Role::ComboFirst) || w.has(Role::Neutral)))
                            continue;
                        bool blocked = false, then = false;
                        for (const Meaning& um : *u.meanings) {
                            if (um.arg != m.arg) continue;
                            blocked = blocked || um.role == Role::ComboBlock;
                            then = then || um.role == Role::ComboThen;
                        }
                        if (blocked) break;
                        if (!then) continue;
                        if (supposed(u, clauses[u.clause])) break;  // 后天姐姐要来
                        paired = true;
                        if (t.negated || (u.negated && !lack)) {
                            if (!t.asked) out.zero = true;
                        } else if (combo.category < over_at.size() &&
                                   u.end < over_at[combo.category]) {
                            if (!t.asked) out.zero = true;  // "暖气不热…终于修好了"
                        } else {
                            out.categories |= static_cast<std::uint16_t>(1u << combo.category);
                        }
                        break;
                    }
                    // "家里没进过外人": a negated first half alone (a visitor, a supply)
                    // says there is none of it.
                    // Only for what one can lack or receive; "不见人" is not "nobody came".
                    if (!paired && t.negated && !lack && !t.asked &&
                        (combo.category == kVisitor || combo.category == kSupplies ||
                         combo.category == kTravel))
                        out.zero = true;
                    break;
                }
                default:
                    break;
            }
        }
    }
    // "杠杠滴", "倍儿棒": nothing but a well-being predicate (of two characters or
    // more: a bare 好 or 行 is an acknowledgement) and particles.
    if (out.fine && out.fine_long) {
        out.bare = true;
        for (std::uint32_t i = 0; i < text.size() && out.bare; ++i) {
            out.bare =
                fine_cover[i] || is_break(text[i]) || is_particle(text[i]) || is_degree(text[i]);
        }
    }
    return out;
}

}  // namespace gridbot::parse
