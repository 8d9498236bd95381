// Rules 5–6 of reading.h: what a message reports, once its tokens are
// negated, asked or supposed.
#include <algorithm>
#include <array>

#include "bot/parse/clause.h"
#include "bot/parse/normalize.h"
#include "bot/parse/reading.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse::detail {

namespace {

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

// "昨天有点咳嗽，今天不咳了": a later "over" of a category cancels its earlier
// mentions. Per category: begin + 1 of its last Resolved word, 0 = none.
using OverAt = std::array<std::uint32_t, kCategoryNames.size()>;
OverAt resolved_at(const std::vector<Token>& tokens, const std::vector<Clause>& clauses) {
    OverAt over_at{};
    for (const Token& t : tokens) {
        if (t.asked || supposed(t, clauses[t.clause])) continue;
        for (const Meaning& m : *t.meanings) {
            if (m.role == Role::Resolved && m.arg < over_at.size()) over_at[m.arg] = t.begin + 1;
        }
    }
    return over_at;
}

// The clause where a trip is said to be long over before it is told
// (三周前从北京回来的: travel's Resolved word opening it), ~0u if none.
std::uint32_t trip_long_ago(const std::vector<Token>& tokens, const std::vector<Clause>& clauses) {
    for (const Token& t : tokens) {
        if (t.asked || supposed(t, clauses[t.clause])) continue;
        for (const Meaning& m : *t.meanings) {
            if (m.role == Role::Resolved && m.arg == kTravel) return t.clause;
        }
    }
    return ~0u;
}

// Rules 5–6: what the message reports, token by token and meaning by meaning.
class Report {
  public:
    Report(std::u32string_view text, const Lexicon& lex, const std::vector<Token>& tokens,
           const std::vector<Clause>& clauses, Reading& out)
        : text_(text),
          lex_(lex),
          tokens_(tokens),
          clauses_(clauses),
          over_at_(resolved_at(tokens, clauses)),
          long_ago_(trip_long_ago(tokens, clauses)),
          out_(out) {}

    void run() {
        std::vector<bool>& fine_cover = scratch_cover();
        fine_cover.assign(text_.size(), false);
        for (std::size_t k = 0; k < tokens_.size(); ++k) {
            const Token& t = tokens_[k];
            // Advice and questions about reporting (注意保暖, 需要报吗) are talk, not a report.
            if (t.has(Role::Chatter) || t.has(Role::Hypothetical) || t.has(Role::HypotheticalAfter))
                out_.chatter = true;
            // Someone else's news (我同事阳了: reading.cpp, others_news) is talk too.
            if (t.has(Role::Outsider) && clauses_[t.clause].hypo_from <= t.begin)
                out_.chatter = true;
            if (supposed(t, clauses_[t.clause])) continue;
            for (const Meaning& m : *t.meanings) meaning(k, m, fine_cover);
        }
        // "杠杠滴", "倍儿棒": nothing but a well-being predicate (of two characters or
        // more: a bare 好 or 行 is an acknowledgement) and particles.
        if (out_.fine && out_.fine_long) {
            out_.bare = true;
            for (std::uint32_t i = 0; i < text_.size() && out_.bare; ++i) {
                out_.bare = fine_cover[i] || is_break(text_[i]) || is_particle(text_[i]) ||
                            is_degree(text_[i]);
            }
        }
    }

  private:
    // The first token that says "all normal", and the first span that reports
    // a category: what Understanding::why names.
    void zero(const Token& t) {
        if (!out_.zero) {
            out_.zero_begin = t.begin;
            out_.zero_end = t.end;
        }
        out_.zero = true;
    }
    void decided(std::uint32_t begin, std::uint32_t end) {
        if (out_.term_end != 0) return;
        out_.term_begin = begin;
        out_.term_end = end;
    }

    // Over: a later "over" of its category, or, for a trip, a time long ago
    // named before it in its clause (三周前从北京回来的, 上上个月从成都回来; not
    // 烧退了又烧起来了, where the later fever is a new one).
    bool over(std::uint8_t category, std::uint32_t end, std::uint32_t clause) const {
        return (category < over_at_.size() && end < over_at_[category]) ||
               (category == kTravel && clause == long_ago_);
    }
    // A negator right before the token: "不正常", "不好".
    bool spoiled(std::size_t k) const {
        return k > 0 && tokens_[k - 1].end == tokens_[k].begin &&
               (wide_negator(tokens_[k - 1]) || tokens_[k - 1].has(Role::NegateNarrow));
    }

    void meaning(std::size_t k, const Meaning& m, std::vector<bool>& fine_cover) {
        const Token& t = tokens_[k];
        switch (m.role) {
            case Role::Term:
                term(t, m.arg);
                break;
            case Role::Resolved:
                if (!t.asked) zero(t);
                break;
            case Role::Recovered:  // "好多了": better is a report of health
                if (!t.asked && !t.undone) zero(t);
                break;
            case Role::Generic:
                // "没有其他症状", "无异常症状": an all-normal word says it of the complaint
                // after it.
                if (t.negated ||
                    (k > 0 && tokens_[k - 1].end == t.begin && tokens_[k - 1].has(Role::Zero))) {
                    if (!t.asked) zero(t);
                } else if (m.arg == kNamedAilment) {
                    out_.ailment = true;
                } else if (!t.asked) {
                    out_.complaint = true;  // "这个能报异常不?" asks, it does not complain
                } else {
                    out_.question = true;
                }
                break;
            case Role::Matter:  // "没状况", "啥情况也没有": nothing to report
                if (t.negated && !t.asked) zero(t);
                break;
            case Role::Subject:
                if (!t.asked) out_.subject = true;
                break;
            case Role::Fine:
                if (!t.asked && fine_holds(text_, tokens_, k)) {
                    out_.fine = true;
                    if (t.end - t.begin >= 2) out_.fine_long = true;
                    for (std::uint32_t i = t.begin; i < t.end; ++i) fine_cover[i] = true;
                }
                break;
            case Role::Zero:
                if (!t.asked && !spoiled(k) && !bare_ack(t)) zero(t);
                break;
            case Role::ComboFirst:
                combo(k, m.arg);
                break;
            default:
                break;
        }
    }

    void term(const Token& t, std::uint8_t category) {
        if (asks_about(t, category)) {
            // "请问停电找物业还是找供电局?", "外地回来要隔离几天?": a question about
            // procedure reports nothing.
        } else if (!t.negated && !over(category, t.end, t.clause)) {
            out_.categories |= static_cast<std::uint16_t>(1u << category);
            // "福州的朋友来家里住两晚": a visitor from a place away travelled too.
            if (category == kVisitor && names_a_place_away(t.clause))
                out_.categories |= static_cast<std::uint16_t>(1u << kTravel);
            decided(t.begin, t.end);
        } else if (!t.asked) {
            zero(t);
        }
    }

    // Whether `t` of `category` stands in a question about procedure: an
    // emergency or a need named in a question still counts, but not the call
    // for one ("救护车能进小区吗?", "120要咋叫?").
    bool asks_about(const Token& t, std::uint8_t category) const {
        const Clause& c = clauses_[t.clause];
        if (!t.asked || !c.asked || t.begin < c.ask_from) return false;
        const std::u32string_view clause = text_.substr(c.begin, c.end - c.begin);
        const bool call = t.has(Role::Call);
        if ((category == kEmergency && !call) || category == kSupplies) return false;
        return call ? !asks_for_call(clause, text_.substr(t.begin, t.end - t.begin)) &&
                          !reports_else(t)
                    : !pleads(clause);
    }

    // Whether the message reports a need besides `call`: asking whether to call
    // 120 after telling of one (血氧掉到85了，喘得厉害，要打120吗) is a call for it.
    bool reports_else(const Token& call) const {
        return std::any_of(tokens_.begin(), tokens_.end(), [&](const Token& k) {
            return &k != &call && k.has(Role::Term) && !k.has(Role::Call) && !k.negated &&
                   !supposed(k, clauses_[k.clause]);
        });
    }

    // A bare "ok" (✅ and 👌 are read as one) answers like 收到 (an acknowledgement);
    // with a room or a household it says all is well ("3-2-502 ok", "全家ok", "✅ 5-1-201").
    bool bare_ack(const Token& t) const {
        auto ack = [&](const Token& k) {
            const std::u32string_view word = text_.substr(k.begin, k.end - k.begin);
            return word == U"ok" || word == U"okay";
        };
        // With nothing else, or with talk only (收到👌).
        if (!ack(t) || !std::all_of(tokens_.begin(), tokens_.end(),
                                    [&](const Token& k) { return ack(k) || k.has(Role::Chatter); }))
            return false;
        for (std::uint32_t i = 0; i < text_.size(); ++i) {
            const char32_t ch = text_[i];
            const bool in_token = std::any_of(tokens_.begin(), tokens_.end(), [&](const Token& k) {
                return i >= k.begin && i < k.end;
            });
            if (!in_token && !is_ascii_alnum(ch) && !is_break(ch) &&
                !(is_particle(ch) && ch != U'\x01'))
                return false;
        }
        return true;
    }

    // Rule 5: the first half of a combination pairs with a second half in its
    // clause within the combination's window.
    void combo(std::size_t k, std::uint16_t index) {
        const Token& t = tokens_[k];
        const Combo& combo = lex_.combos()[index];
        // A first half that is itself a negator (没有 … 纸尿裤: a lack) is not
        // undone by the negation it casts on its own second half.
        const bool lack = wide_negator(t);
        const Token* u = second_half(k, index, combo);
        if (u) {
            if (t.negated || (u->negated && !lack)) {
                if (!t.asked) zero(t);
            } else if (over(combo.category, u->end, u->clause)) {
                if (!t.asked) zero(t);  // "暖气不热…终于修好了"
            } else if (asks_about(t, combo.category) && u->asked) {
                // "Can my ayi come to work tomorrow?": a question, as for a term.
            } else if (combo.name == "arrive" && writer_came(t)) {
                decided(t.begin,
                        u->end);  // 我们从成都搬来: travel if a place is named, not a visitor
            } else {
                out_.categories |= static_cast<std::uint16_t>(1u << combo.category);
                // Someone from another city who came in: a visitor and travel
                // (扬州的表哥来家里吃饭, 老家楚雄的亲戚来家里住).
                if (combo.category == kVisitor && names_a_place_away(t.clause))
                    out_.categories |= static_cast<std::uint16_t>(1u << kTravel);
                decided(std::min(t.begin, u->begin), std::max(t.end, u->end));
            }
            return;
        }
        // "家里没进过外人": a negated first half alone (a visitor, a supply)
        // says there is none of it.
        // Only for what one can lack or receive; "不见人" is not "nobody came".
        if (t.negated && !lack && !t.asked &&
            (combo.category == kVisitor || combo.category == kSupplies ||
             combo.category == kTravel))
            zero(t);
    }

    // Whether the writer's own people are the ones who came (我们从西安来的,
    // 我们是上周从重庆调过来的): "我们" or "我" just before the 从 of `t`.
    bool writer_came(const Token& t) const {
        const std::uint32_t from =
            std::max(clauses_[t.clause].begin, t.begin > 8 ? t.begin - 8 : 0);
        const std::u32string_view before = text_.substr(from, t.begin - from);
        for (std::u32string_view we : {U"我们", U"咱们", U"俺们", U"我家"}) {
            if (before.find(we) != std::u32string_view::npos) return true;
        }
        return before.ends_with(U"我") || before.ends_with(U"我刚");
    }

    // Whether clause `c` names a place outside the city ([combo.from_away]'s places).
    bool names_a_place_away(std::uint32_t c) const {
        const auto& combos = lex_.combos();
        for (const Token& k : tokens_) {
            if (k.clause != c) continue;
            for (const Meaning& m : *k.meanings) {
                if (m.role == Role::ComboThen && m.arg < combos.size() &&
                    combos[m.arg].name == "from_away")
                    return true;
            }
        }
        return false;
    }

    // The second half paired with the first half at k, or null. A combination of the whole
    // message also takes a second half written before the first (电话都没人接，她一个人住).
    const Token* second_half(std::size_t k, std::uint16_t index, const Combo& combo) const {
        const Token& t = tokens_[k];
        // 1: the token at j is the second half; -1: it blocks the combination; 0: neither.
        auto pairs = [&](std::size_t j) {
            const Token& u = tokens_[j];
            // Half of a word is not a word: "来过" inside 回来过年, "来了" inside 下来了.
            if (j > 0) {
                const Token& w = tokens_[j - 1];
                if (u.begin < w.end && (w.has(Role::Term) || w.has(Role::ComboThen) ||
                                        w.has(Role::ComboFirst) || w.has(Role::Neutral)))
                    return 0;
            }
            bool blocked = false, then = false;
            for (const Meaning& um : *u.meanings) {
                if (um.arg != index) continue;
                blocked = blocked || um.role == Role::ComboBlock;
                then = then || um.role == Role::ComboThen;
            }
            if (blocked) return -1;
            if (!then) return 0;
            return supposed(u, clauses_[u.clause]) ? -1 : 1;  // 后天姐姐要来
        };
        for (std::size_t j = k + 1; j < tokens_.size(); ++j) {
            const Token& u = tokens_[j];
            if (combo.scope == Combo::Scope::Clause &&
                (u.clause != t.clause ||
                 u.begin > t.end + static_cast<std::uint32_t>(combo.window)))
                return nullptr;
            if (const int p = pairs(j); p != 0) return p > 0 ? &u : nullptr;
        }
        for (std::size_t j = 0; combo.scope == Combo::Scope::Message && j < k; ++j) {
            if (const int p = pairs(j); p != 0) return p > 0 ? &tokens_[j] : nullptr;
        }
        return nullptr;
    }

    std::u32string_view text_;
    const Lexicon& lex_;
    const std::vector<Token>& tokens_;
    const std::vector<Clause>& clauses_;
    OverAt over_at_;
    std::uint32_t long_ago_;
    Reading& out_;
};

}  // namespace

void report(std::u32string_view text, const Lexicon& lex, const std::vector<Token>& tokens,
            const std::vector<Clause>& clauses, Reading& out) {
    Report(text, lex, tokens, clauses, out).run();
}

}  // namespace gridbot::parse::detail
