#include "bot/parse/hedge.h"

#include "bot/parse/normalize.h"
#include "bot/parse/reading.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

bool trailing_particle(char32_t c) {
    return c == U'啊' || c == U'呀' || c == U'呢' || c == U'哈' || c == U'哦' || c == U'嘛';
}

// Where a temperature's clause ends: punctuation, but not the point inside
// "37.2" nor a space ("体温 38.5 要报吗").
bool clause_break(std::u32string_view text, std::size_t i) {
    const char32_t c = text[i];
    if (c == U'.') {
        return i == 0 || i + 1 == text.size() || !is_ascii_digit(text[i - 1]) ||
               !is_ascii_digit(text[i + 1]);
    }
    return c == U',' || c == U'!' || c == U';' || c == U'?' || c == U'\n';
}

bool has_role(const Lexicon& lex, const Match& m, Role r) {
    for (const Meaning& mean : lex.meanings(m.phrase)) {
        if (mean.role == r) return true;
    }
    return false;
}

// "量了37.3 算发烧吗": a value just measured is a reading, whatever is asked about it.
bool measured(std::u32string_view text, std::size_t from, std::size_t begin) {
    for (std::u32string_view w : {U"量了", U"测了", U"量", U"测"}) {
        if (begin >= from + w.size() && text.substr(begin - w.size(), w.size()) == w) return true;
    }
    return false;
}

}  // namespace

bool ends_with_ma(std::u32string_view text, std::size_t begin, std::size_t end) {
    while (end > begin && trailing_particle(text[end - 1])) --end;
    return end > begin && text[end - 1] == U'吗';
}

std::uint32_t question_opens(std::u32string_view text, std::uint32_t begin, std::uint32_t at) {
    for (std::uint32_t i = at; i >= begin + 2; --i) {
        if (text[i - 1] != U'看' && text[i - 1] != U'说') continue;
        const char32_t who = text[i - 2];
        if (who == U'你' || (who == U'您' && text[i - 1] == U'看')) return i;
        // "你们看" / "你们说": the plural asks the same way.
        if (who == U'们' && i >= begin + 3 && text[i - 3] == U'你') return i;
    }
    return begin;
}

std::uint32_t after_stated_fact(std::u32string_view text, std::uint32_t begin, std::uint32_t at) {
    const std::u32string_view part = text.substr(begin, at - begin);
    // The writer as the one it happened to, not as the one asking (我想问下, 我问一下).
    std::size_t me = part.npos;
    for (std::size_t k = 0; k + 1 < part.size() && me == part.npos; ++k) {
        if ((part[k] == U'我' || part[k] == U'俺') && part[k + 1] != U'想' && part[k + 1] != U'问')
            me = k;
    }
    if (me == part.npos) return begin;
    const std::size_t done = part.rfind(U'了');
    if (done == part.npos || done < me) return begin;
    return begin + static_cast<std::uint32_t>(done) + 1;
}

bool word_space(std::u32string_view text, std::size_t i) {
    if (i == 0 || i + 1 >= text.size()) return false;
    if (text[i] == U'.') return is_ascii_digit(text[i - 1]) && is_ascii_digit(text[i + 1]);
    if (text[i] != U' ') return false;
    // "no fever / cough / fatigue", "coughing + loss of smell": an English list goes on
    // (not a form's "咳嗽 无 / 乏力 无", whose parts are clauses).
    for (char32_t join : {U'/', U'+'}) {
        if (text[i + 1] == join && i + 3 < text.size() && text[i + 2] == U' ' &&
            is_ascii_alnum(text[i - 1]) && is_ascii_alnum(text[i + 3]))
            return true;
        if (text[i - 1] == join && i >= 3 && text[i - 2] == U' ' && is_ascii_alnum(text[i - 3]) &&
            is_ascii_alnum(text[i + 1]))
            return true;
    }
    // "no 乏力", "没有 fever": a negator goes on to the word it denies.
    if (i >= 2 && text[i - 2] == U'n' && text[i - 1] == U'o' &&
        (i == 2 || !is_ascii_alnum(text[i - 3])) && !is_break(text[i + 1]))
        return true;
    if ((text[i - 1] == U'无' || text[i - 1] == U'没' ||
         (text[i - 1] == U'有' && i >= 2 && text[i - 2] == U'没')) &&
        is_ascii_alnum(text[i + 1]))
        return true;
    if (!is_ascii_alnum(text[i + 1])) return false;
    // "the rules: is 37.3 a fever": an English colon goes on with its sentence.
    if (text[i - 1] == U':' && i >= 2 && is_ascii_alnum(text[i - 2])) return true;
    return is_ascii_alnum(text[i - 1]);
}

bool temperature_hedged(std::u32string_view text, std::size_t begin, std::size_t end,
                        const Lexicon& lex, std::vector<Match>& scratch) {
    if (begin >= 2 && text.substr(begin - 2, 2) == U"不是") return true;
    // A bound is no reading: "体温都没超过37", "都不到37度", "低于37.3", "还没到37.3".
    for (std::u32string_view bound :
         {std::u32string_view(U"没超过"), std::u32string_view(U"不超过"),
          std::u32string_view(U"未超过"), std::u32string_view(U"没有超过"),
          std::u32string_view(U"低于"), std::u32string_view(U"不到"),
          std::u32string_view(U"没到")}) {
        if (begin >= bound.size() && text.substr(begin - bound.size(), bound.size()) == bound)
            return true;
    }
    std::size_t from = begin;
    while (from > 0 && !clause_break(text, from - 1)) --from;
    std::size_t to = end;
    while (to < text.size() && !clause_break(text, to)) ++to;
    const std::u32string_view clause = text.substr(from, to - from);
    lex.match(clause, scratch);
    bool after = false;
    for (const Match& m : scratch) {
        if (m.end + from <= begin && has_role(lex, m, Role::Hypothetical)) return true;
        after = after || (m.begin + from >= end && has_role(lex, m, Role::HypotheticalAfter) &&
                          question_opens(text, static_cast<std::uint32_t>(end),
                                         m.begin + static_cast<std::uint32_t>(from)) == end);
    }
    if (measured(text, from, begin)) return false;
    const bool asks = ((to < text.size() && text[to] == U'?') || ends_with_ma(text, from, to)) &&
                      question_opens(text, static_cast<std::uint32_t>(end),
                                     static_cast<std::uint32_t>(to)) == end;
    return after || (asks && !pleads(clause));
}

}  // namespace gridbot::parse
