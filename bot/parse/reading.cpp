#include "bot/parse/reading.h"

#include <algorithm>
#include <optional>

#include "bot/parse/clause.h"
#include "bot/parse/hedge.h"
#include "bot/parse/normalize.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {

using detail::apply_negation;
using detail::carry_suppositions;
using detail::Clause;
using detail::end_recoveries;
using detail::kEmergency;
using detail::report;
using detail::supposed;
using detail::Token;
using detail::wide_negator;

bool pleads(std::u32string_view clause) {
    return holds_any(clause,
                     {U"怎么办", U"咋办", U"怎么弄", U"咋弄", U"帮", U"help", U"救", U"急", U"我"});
}

bool asks_for_call(std::u32string_view clause, std::u32string_view call) {
    // Looked for around the call's word, which is no plea itself (救 of 救护车).
    auto pleading = [](std::u32string_view part) {
        return holds_any(part, {U"帮", U"help", U"快", U"赶紧", U"救命", U"急"});
    };
    const std::size_t at = clause.find(call);
    if (at == std::u32string_view::npos) return pleading(clause);
    return pleading(clause.substr(0, at)) || pleading(clause.substr(at + call.size()));
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

// "是否发热:否": a form's label answered after a colon is not a hypothetical.
// So is one answered at the end of its line ("是否发热 否": the normaliser joins the
// answer to its question).
bool form_label(std::u32string_view text, std::uint32_t from) {
    std::uint32_t j = from;
    for (; j < text.size() && j < from + 12 && !is_break(text[j]); ++j) {
        if (text[j] == U':' && j < from + 8) return true;
    }
    const bool line_end = j == text.size() || is_break(text[j]);
    return line_end && j > from && text[j - 1] == U'否';
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

namespace {

// A 来 of coming, not of a state that set in (烧起来了, 说不出来), of a call
// (打电话来讲) or of a return that does not happen (赶不回来, 没回来).
bool came(std::u32string_view rest) {
    for (std::size_t i = rest.find(U'来'); i != rest.npos; i = rest.find(U'来', i + 1)) {
        if (i == 0) return true;
        const char32_t before = rest[i - 1];
        const bool not_back =
            before == U'回' && i >= 2 && (rest[i - 2] == U'不' || rest[i - 2] == U'没');
        if (before != U'起' && before != U'出' && before != U'话' && !not_back) return true;
    }
    return false;
}

// A 住 of staying (住我家, 在家里住两天, 住一晚), not of where someone lives
// (表哥住历城那边, 住在济南) nor of a hospital (住院).
bool stays(std::u32string_view rest) {
    for (std::size_t i = rest.find(U'住'); i != rest.npos; i = rest.find(U'住', i + 1)) {
        const std::u32string_view after = rest.substr(i + 1, 4);
        const bool lives_there =
            after.find(U'那') != after.npos ||
            (after.starts_with(U"在") &&
             (after.size() < 2 || std::u32string_view(U"我俺咱家这").find(after[1]) == after.npos));
        if (!lives_there && !after.starts_with(U"院")) return true;
    }
    return false;
}

// "回来阳了": the only 来 of the clause is the one of 回来, a return, not a visit.
bool returns_only(std::u32string_view rest) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] != U'来') continue;
        if (i == 0 || rest[i - 1] != U'回') return false;
        ++n;
    }
    return n > 0 && rest.find(U'住') == rest.npos;
}

// Words after someone outside the household that say they came in.
bool visit(std::u32string_view rest) {
    return came(rest) || stays(rest) ||
           holds_any(rest, {U"串门", U"嚟", U"在我家", U"came in", U"came over", U"came up",
                            U"crashed at", U"staying", U"stayed", U"slept", U"sleeping over"});
}

// "替我舅舅报一下 10-1-101 舅舅发烧38度", "给16-703和16-704一起报：…704的陈叔叔发热":
// a report made for them, whose news is the report (the household is theirs;
// parser.cpp takes its door).
bool reported_for_them(std::u32string_view text) {
    const std::size_t says = text.substr(0, 24).find(U'报');
    if (says == std::u32string_view::npos) return false;
    const std::u32string_view before = text.substr(0, says);
    if (says < 12 && before.find_first_of(U"替帮代") != std::u32string_view::npos) return true;
    // "给16-703和16-704一起报": for households named by their doors.
    const std::size_t to = before.find(U'给');
    return to != std::u32string_view::npos && to + 1 < before.size() &&
           (is_ascii_digit(before[to + 1]) || before[to + 1] == U'\x01');  // a door read
}

// Someone outside the household named in a clause while another clause says
// the household is well: what follows them in that clause is their news, not
// this household's report (临平那边姐姐家停电了，我们这边正常; 我们家都好。对门的
// 老太太一直咳). Not an emergency, which is passed on either way, and not a
// visit (对门邻居来我家串门了 is a visitor).
//
// Someone who is never of the household (a colleague, a classmate, a cousin:
// the lexicon's `outsider` words) needs no such clause: 我同事阳了 and 我二舅在
// 石家庄阳了 are their news, unless the household is named with them (我和同事
// 都阳了, 孩子被同学传了咳嗽) or it is a visit.
void others_news(std::u32string_view text, std::vector<Clause>& clauses) {
    if (reported_for_them(text)) return;
    bool well = false;
    for (const Clause& c : clauses) {
        well = well || (c.well && !c.has_term && c.elsewhere_from == ~0u && c.outsider_from == ~0u);
    }
    // "…没来我家": the message itself says they did not come in, or it is not ours.
    auto kept_out = [&] {
        return holds_any(text, {U"没来我家", U"没来家里", U"没来我们家", U"没进家", U"没进我家",
                                U"没来俺家", U"跟我家没关系", U"和我家没关系"});
    };
    // 我和同事都阳了, 被同学传了; in a dormitory the workmates are the
    // household (宿舍有个工友发烧38度).
    auto with_household = [](std::u32string_view before) {
        return before.find_first_of(U"和跟与及同被") != before.npos ||
               before.find(U"宿舍") != before.npos;
    };
    // The clause after an outsider's news goes on with it when it names them
    // again (我表哥在九江，他们那边阳了好多人).
    bool news_before = false, news_of_own = false, news_went = false;
    for (Clause& c : clauses) {
        const bool was_news = news_before, after_own = news_of_own, went = news_went;
        news_before = false;
        if (c.urgent) continue;
        std::uint32_t from = ~0u;
        bool outsider = false;
        if (c.outsider_from != ~0u &&
            !with_household(text.substr(c.begin, c.outsider_from - c.begin))) {
            from = c.outsider_from;
            outsider = true;
        }
        if (well || was_news) from = std::min(from, c.elsewhere_from);
        // A clause right after an outsider's news that names nobody of its own
        // and holds a symptom but no all-clear goes on with it (俺姐在济南阳了，
        // 嗓子疼得说不出话; 我表妹在南宁，她阳了). Not in a dormitory, where the
        // workmates are the household (宿舍有个工友发烧38度 咳嗽).
        // So does one that names them again as 他/她, whatever it says (我表姐在西安
        // 阳了，她一家都阳了; 闺女在上海上班，她说她们公司好几个阳了，她自己还没事),
        // unless the news was told of one of the household (老公单位有人阳了，他…):
        // 他 is then that one, a subject of the clause.
        const bool pronoun =
            was_news && c.begin < text.size() && (text[c.begin] == U'他' || text[c.begin] == U'她');
        if (pronoun && after_own) c.subject = true;
        const bool theirs_again = pronoun && !after_own;
        bool carried = false;
        if (from == ~0u && was_news &&
            (theirs_again || (!pronoun && !c.subject && c.has_term && !c.well &&
                              text.find(U"宿舍") == std::u32string_view::npos))) {
            from = c.begin;
            outsider = carried = true;
        }
        if (from == ~0u) continue;
        // Someone who came, or came back, later in the message (儿子在外地读书，昨晚到家了)
        // is this household's news after all; the return of an outsider who went
        // somewhere is not (我同事去了趟上海，回来阳了).
        const std::u32string_view later = text.substr(from);
        const std::u32string_view rest = text.substr(from, c.end - from);
        if ((visit(rest) && !kept_out() && !(carried && went && returns_only(rest))) ||
            (outsider && (later.find(U"到家") != later.npos || later.find(U"回家") != later.npos)))
            continue;
        c.hypothetical = true;
        c.hypo_from = std::min(c.hypo_from, from);
        news_before = true;
        // Who the news is told by: "老公单位有人…" names one of the household first.
        std::u32string_view by = text.substr(c.begin, from - std::min(from, c.begin));
        while (!by.empty() && (by.front() == U'我' || by.front() == U'俺' || by.front() == U'的' ||
                               by.front() == U'家'))
            by.remove_prefix(1);
        news_of_own = outsider && !carried && !by.empty();
        news_went = rest.find(U'去') != std::u32string_view::npos;
    }
}

// Rule 1: the lexicon's matches as tokens of their clauses, and what each
// clause holds (a question, a supposition, only a list of terms).
std::vector<Token> tokens_of(std::u32string_view text, const Lexicon& lex,
                             const std::vector<Match>& matches, std::vector<Clause>& clauses) {
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
            c.hypo_back = std::max(question_opens(text, c.begin, m.begin),
                                   after_stated_fact(text, c.begin, m.begin));
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
        c.well = c.well || t.has(Role::Zero);
        if (t.has(Role::Elsewhere)) c.elsewhere_from = std::min(c.elsewhere_from, m.begin);
        if (t.has(Role::Outsider)) c.outsider_from = std::min(c.outsider_from, m.begin);
        c.supposed_term = c.supposed_term || (t.has(Role::Term) && m.begin >= c.hypo_from);
        tokens.push_back(t);
    }
    others_news(text, clauses);
    carry_suppositions(clauses);
    // Spaces between the items count as covered: "cough, fatigue or diarrhoea".
    for (auto& c : clauses) {
        const auto spaces = std::count(text.begin() + c.begin, text.begin() + c.end, U' ');
        c.pure = c.pure && c.has_term &&
                 c.covered + static_cast<std::uint32_t>(spaces) == c.end - c.begin;
    }
    mark_questions(tokens, clauses);
    return tokens;
}

// "无，辛苦了", "1202 无", "没有. 谢谢", "无": a message that opens with a
// negator standing as a clause of its own, or is nothing but one, answers the
// prompt: nothing.
bool answers_prompt(std::u32string_view text, const std::vector<Token>& tokens,
                    const std::vector<Clause>& clauses) {
    if (tokens.empty() || !wide_negator(tokens[0])) return false;
    const Clause& own = clauses[tokens[0].clause];
    bool alone = own.begin == tokens[0].begin && own.end == tokens[0].end;
    for (std::uint32_t i = 0; alone && i < own.begin; ++i) {
        alone = is_break(text[i]) || text[i] == U'\x01';  // a room already read ("1202 无")
    }
    if (alone) return true;
    if (tokens.size() != 1) return false;
    std::size_t content = 0;
    for (char32_t c : text) content += !is_break(c);
    return content == tokens[0].end - tokens[0].begin;
}

}  // namespace

Reading read_report(std::u32string_view text, const Lexicon& lex, std::vector<Match>& matches,
                    std::uint32_t watch) {
    Reading out;
    lex.match(text, matches);
    std::vector<Clause> clauses = split_clauses(text);
    std::vector<Token> tokens = tokens_of(text, lex, matches, clauses);  // rule 1
    apply_negation(text, tokens, clauses);                               // rules 2–4
    end_recoveries(tokens, clauses);
    out.zero = answers_prompt(text, tokens, clauses);
    for (const auto& c : clauses) out.question = out.question || c.asked;
    for (const auto& t : tokens) out.question = out.question || t.asked;
    report(text, lex, tokens, clauses, out);  // rules 5–6
    for (const auto& c : clauses) {
        if (watch >= c.begin && watch < c.end) out.watched_not_ours = watch >= c.hypo_from;
    }
    return out;
}

}  // namespace gridbot::parse
