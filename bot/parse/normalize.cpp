#include "bot/parse/normalize.h"

#include <algorithm>
#include <vector>

#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

bool is_emoji(char32_t c) {
    return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
           (c >= 0x2B00 && c <= 0x2BFF) || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x200D ||
           (c >= 0xE0000 && c <= 0xE007F) || (c >= 0x2190 && c <= 0x21FF) ||
           (c >= 0x2300 && c <= 0x23FF) || (c >= 0x25A0 && c <= 0x25FF) || c == 0x3030 ||
           c == 0x303D || c == 0x3297 || c == 0x3299;
}

bool is_space(char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x3000 || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c < 0x20 || c == 0x7F ||
           c == kReplacement;
}

// A bracketed placeholder or emoji code: "[图片]", "[语音]", "[爱心]" — short
// and without digits. A bracket holding digits ("[3-2-502]") is kept.
std::size_t placeholder_length(std::u32string_view s, std::size_t i) {
    const std::size_t limit = std::min(s.size(), i + 10);
    for (std::size_t j = i + 1; j < limit; ++j) {
        const char32_t c = s[j];
        if (c == U']') return j > i + 1 ? j - i + 1 : 0;
        if (is_ascii_digit(c) || c == U'[' || c == U' ') return 0;
    }
    return 0;
}

// "全 家 正 常", "5 0 2": text typed (or dictated) one character at a time. A run of
// three or more single Han characters or digits separated by single spaces is one
// word; shorter runs keep their spaces, which separate answers ("发烧 无").
std::u32string join_spaced_characters(std::u32string s) {
    auto single = [&](std::size_t i) {  // s[i] is a Han character standing alone
        return is_han(s[i]) && (i == 0 || s[i - 1] == U' ') &&
               (i + 1 == s.size() || s[i + 1] == U' ');
    };
    // A digit standing alone ("我家是5 0 2,"): no other digit, letter or point touches it.
    auto lone_digit = [&](std::size_t i) {
        auto apart = [&](char32_t c) { return c == U' ' || (!is_ascii_alnum(c) && c != U'.'); };
        return is_ascii_digit(s[i]) && (i == 0 || apart(s[i - 1])) &&
               (i + 1 == s.size() || apart(s[i + 1]));
    };
    // "体温 3 8 . 2": a point standing alone between spaced digits.
    auto lone_point = [&](std::size_t i) {
        return s[i] == U'.' && s[i - 1] == U' ' && i + 2 < s.size() && s[i + 1] == U' ' &&
               is_ascii_digit(s[i + 2]);
    };
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        std::size_t run = 0;
        while (i + 2 * run < s.size() && single(i + 2 * run)) ++run;
        if (run == 0) {
            while (i + 2 * run < s.size() &&
                   (lone_digit(i + 2 * run) || (run > 0 && lone_point(i + 2 * run))) &&
                   (run == 0 || s[i + 2 * run - 1] == U' '))
                ++run;
            if (run < 3) run = 0;
        }
        if (run >= 3) {
            for (std::size_t k = 0; k < run; ++k) out.push_back(s[i + 2 * k]);
            i += 2 * run - 1;  // onto the space after the run, or past the end
            continue;
        }
        out.push_back(s[i]);
        ++i;
    }
    return out;
}

// A form's answer standing as its own word: "发烧 无", "没有 发烧", "发烧 也没有".
bool answer_word(std::u32string_view w) {
    if (w.size() > 1 && (w.front() == U'也' || w.front() == U'都')) w.remove_prefix(1);
    static constexpr std::u32string_view kAnswers[] = {
        U"无", U"否", U"没有", U"有",   U"没",   U"冇",   U"正常",  U"良好",
        U"好", U"是", U"不是", U"阴性", U"阳性", U"没事", U"无异常"};
    for (auto a : kAnswers)
        if (w == a) return true;
    return false;
}

bool negator_word(std::u32string_view w) {
    return w == U"没有" || w == U"无" || w == U"没" || w == U"冇" || w == U"不" || w == U"未";
}

// Whether words[i] is, or ends in, a negator that answers nothing before it.
bool opens_negation(const std::vector<std::u32string_view>& words, std::size_t i) {
    const std::u32string_view w = words[i];
    if (negator_word(w)) {
        if (i == 0) return true;
        const std::u32string_view before = words[i - 1];
        if (before.empty() || before.back() == U':') return false;
        for (char32_t c : before)
            if (is_han(c)) return false;
        return true;
    }
    for (std::size_t cut = 1; cut <= 2 && cut < w.size(); ++cut) {
        const char32_t mark = w[w.size() - cut - 1];
        if ((mark == U',' || mark == U'.' || mark == U'!') &&
            negator_word(w.substr(w.size() - cut)))
            return true;
    }
    return false;
}

// "爸爸 胸口 疼", "修 空调 的 师傅 在 我家": Chinese written word by word, as
// learners and some input methods write it. In a run of three or more words
// of one to three Han characters between single spaces, the spaces go, so
// that negation and combined terms read across them. Kept: the space before a
// form's answer ("发烧 无"), after an answer when the run ends in answers
// ("发烧 无 咳嗽 无": answers follow their terms), and after a word ending in
// 无 or 否 ("发热无 咳嗽无"). Over every labelled line (tests/data/parse): 7
// more read right, none fewer.
std::u32string join_spaced_words(std::u32string s) {
    if (s.find(U' ') == std::u32string::npos) return s;  // most replies: one word
    // Reused: this runs on every reply with a space, twice.
    thread_local std::vector<std::u32string_view> words;
    thread_local std::vector<char> glued;  // glued[k]: no space before words[k]
    words.clear();
    for (std::size_t i = 0; i <= s.size();) {
        std::size_t j = s.find(U' ', i);
        if (j == std::u32string::npos) j = s.size();
        words.emplace_back(std::u32string_view(s).substr(i, j - i));
        i = j + 1;
    }
    glued.assign(words.size(), 0);
    auto short_han = [](std::u32string_view w) {
        if (w.empty() || w.size() > 3) return false;
        for (char32_t c : w)
            if (!is_han(c)) return false;
        return true;
    };
    bool any = false;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t j = i;
        while (j < words.size() && short_han(words[j])) ++j;
        // A negator that answers nothing before it, then a word in Han: one
        // negation split by a space ("没有 发烧", "No symptoms. 无 发热、咳嗽",
        // "36.6,没有 发烧"). It answers nothing when it opens the message,
        // follows a word with no Han and no colon, or ends a word after a
        // comma or a full stop; "发热: 无 咳嗽: 无" keeps its answers.
        if (j - i < 3 && i + 1 < words.size() && !words[i + 1].empty() &&
            is_han(words[i + 1].front()) && opens_negation(words, i)) {
            glued[i + 1] = any = true;
            i += 2;
            continue;
        }
        if (j - i < 3) {
            ++i;
            continue;
        }
        const bool answers_follow = answer_word(words[j - 1]);
        for (std::size_t k = i + 1; k < j; ++k) {
            const std::u32string_view before = words[k - 1];
            const bool keep = answer_word(words[k]) || (answers_follow && answer_word(before)) ||
                              before.back() == U'无' || before.back() == U'否';
            if (!keep) glued[k] = any = true;
        }
        i = j;
    }
    if (!any) return s;
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (k > 0 && !glued[k]) out.push_back(U' ');
        out.append(words[k]);
    }
    return out;
}

// The financial (大写) numerals of forms and cheques: 壹 … 玖, 拾, 佰.
char32_t ordinary_numeral(char32_t c) {
    switch (c) {
        case U'壹':
            return U'一';
        case U'贰':
            return U'二';
        case U'叁':
            return U'三';
        case U'肆':
            return U'四';
        case U'伍':
            return U'五';
        case U'陆':
            return U'六';
        case U'柒':
            return U'七';
        case U'捌':
            return U'八';
        case U'玖':
            return U'九';
        case U'拾':
            return U'十';
        case U'佰':
            return U'百';
        default:
            return 0;
    }
}

// "拾贰栋贰单元捌零壹": an address written in financial numerals reads as 十二栋二单元八零一.
// Only where a neighbour is another numeral or an address word: 收拾, 陆续 and 队伍 stay.
std::u32string spell_financial_numerals(std::u32string s) {
    auto numeric = [&](std::size_t i) {
        static constexpr std::u32string_view kBeside = U"零〇栋幢座号楼单元室层户";
        return ordinary_numeral(s[i]) != 0 || kBeside.find(s[i]) != std::u32string_view::npos;
    };
    auto first =
        std::find_if(s.begin(), s.end(), [](char32_t c) { return ordinary_numeral(c) != 0; });
    if (first == s.end()) return s;  // the usual message: nothing to copy
    std::u32string out = s;
    for (auto i = static_cast<std::size_t>(first - s.begin()); i < s.size(); ++i) {
        const char32_t plain = ordinary_numeral(s[i]);
        if (plain == 0) continue;
        if ((i > 0 && numeric(i - 1)) || (i + 1 < s.size() && numeric(i + 1))) out[i] = plain;
    }
    return out;
}

// "冇得电" → "没有电": dialect phrases to the common form, longest first.
std::u32string replace_dialect(std::u32string s, const Lexicon& lex) {
    const auto& table = lex.dialect();
    if (table.empty()) return s;
    std::u32string out;
    out.reserve(s.size());
    bool after_pinyin = false;  // only spaces since a pinyin word was replaced
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        if (const auto* from_here = lex.dialect_from(s[i])) {
            for (std::uint32_t d : *from_here) {
                const auto& [from, to] = table[d];
                // Pinyin ("fa shao", "ke sou") is a whole word: not inside "sofa shaolin".
                const std::size_t end = i + from.size();
                const bool pinyin = is_ascii_alpha(from.front());
                const bool cut =
                    (pinyin && i > 0 && is_ascii_alpha(s[i - 1])) ||
                    (is_ascii_alpha(from.back()) && end < s.size() && is_ascii_alpha(s[end]));
                if (!cut && s.compare(i, from.size(), from) == 0) {
                    // "meiyou kesou" → 没有咳嗽: words of pinyin join as characters do.
                    if (pinyin && after_pinyin) {
                        while (!out.empty() && out.back() == U' ') out.pop_back();
                    }
                    out += to;
                    i += from.size();
                    replaced = true;
                    after_pinyin = pinyin;
                    break;
                }
            }
        }
        if (!replaced) {
            if (s[i] != U' ') after_pinyin = false;
            out.push_back(s[i++]);
        }
    }
    return out;
}

// "肚子一直付泻" → "…腹泻": a term's character typed as another of the same
// sound by voice input or a pinyin keyboard (Lexicon::sounds_like).
std::u32string replace_homophones(std::u32string s, const Lexicon& lex, bool* sounded) {
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (const std::u32string* term = lex.sounds_like(s[i], s[i + 1])) {
            s[i] = (*term)[0];
            s[i + 1] = (*term)[1];
            ++i;
            if (sounded) *sounded = true;
        }
    }
    return s;
}

}  // namespace

char32_t fold_char(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c >= U'A' && c <= U'Z') return c + 32;
    switch (c) {
        case U'，':
        case U'､':
        case U'﹐':
            return U',';
        case U'。':
        case U'｡':
            return U'.';
        case U'！':
            return U'!';
        case U'？':
            return U'?';
        case U'；':
            return U';';
        case U'：':
            return U':';
        case U'（':
            return U'(';
        case U'）':
            return U')';
        case U'【':
        case U'〔':
        case U'［':
            return U'[';
        case U'】':
        case U'〕':
        case U'］':
            return U']';
        case U'—':
        case U'–':
        case U'－':
        case U'‐':
        case U'‑':
        case U'―':
        case U'─':
            return U'-';
        case U'～':
        case U'〜':
            return U'~';
        case U'＃':
            return U'#';
        case U'〇':
            return U'零';
        case U'°':
            return U'度';
        case U'℃':
            return U'度';
        case U'…':
            return U'…';
        case U'“':
        case U'”':
        case U'「':
        case U'」':
        case U'『':
        case U'』':
        case U'"':
        case U'\'':
        case U'‘':
        case U'’':
        case U'《':
        case U'》':
        case U'·':
            return U' ';
        default:
            break;
    }
    if (is_space(c)) return U' ';
    if (is_emoji(c)) return 0;
    return c;
}

namespace {

// ✅ ✔ ☑ 🆗, and the ✓ and √ of a phone's symbol keyboard.
bool is_tick(char32_t c) {
    return c == 0x2705 || c == 0x2714 || c == 0x2611 || c == 0x1F197 || c == 0x2713 || c == 0x221A;
}

// Nothing but ticks ("✅", "✔️", "✅✅✅", "🆗"): in a morning's check-in thread the
// household's mark that all is well, as every labelled set has it (👌 alone is a
// bare ok, an unsure one: parser.cpp; 👍 alone stays an acknowledgement).
bool only_ticks(std::u32string_view text) {
    bool tick = false;
    for (char32_t c : text) {
        if (is_tick(c)) {
            tick = true;
        } else if (c != 0xFE0F && c != 0x1F44D && c != 0x1F44C && !is_space(c)) {  // 👍 👌 beside
            return false;
        }
    }
    return tick;
}

}  // namespace

std::u32string normalize(std::u32string_view text, const Lexicon* lex, bool* sounded,
                         bool homophones) {
    if (only_ticks(text)) return U"无异常";
    std::u32string folded;
    folded.reserve(text.size());
    for (std::size_t k = 0; k < text.size(); ++k) {
        const char32_t c = text[k];
        if (c == 0x2109) {  // ℉: read as "°F" is
            folded += U"度f";
            continue;
        }
        // "——": Chinese punctuation (a break), not the dash of an address (3—2—502).
        if (c == U'—' && k + 1 < text.size() && text[k + 1] == U'—') {
            folded += U", ";
            ++k;
            continue;
        }
        // A tick or 👌 says what "ok" says (5-1-201 ✅: all well; alone: an acknowledgement).
        if (is_tick(c) || c == 0x1F44C || c == 0x1F646) {  // ✅ 👌 🙆
            folded += U" ok ";
            continue;
        }
        // 🤒 (a face with a thermometer) is how residents type a fever: every
        // labelled line holding it is one.
        if (c == 0x1F912) {
            folded += U" 发烧 ";
            continue;
        }
        if (c == 0x1F21A) {  // 🈚, the squared 无: "🈚️异常"
            folded += U"无";
            continue;
        }
        // A cross after a term denies it, as 否 does (发热✘ 咳嗽✘, 发热：×: a form filled in);
        // so does an answer 否 after a space ("咳嗽 ×", "是否发热 否"): the space goes.
        const bool answer_no =
            c == U'否' && (k + 1 == text.size() || is_space(text[k + 1]) || text[k + 1] == U'\n');
        if (c == 0x2718 || c == 0x2717 || c == 0x274C || c == 0x2716 || c == 0x274E ||
            c == 0x00D7 || answer_no) {
            while (!folded.empty() && folded.back() == U' ') folded.pop_back();
            folded += U"否 ";
            continue;
        }
        char32_t f = fold_char(c);
        if (f == 0) continue;
        if (lex) f = lex->simplify(f);
        if (f == U'度' && !folded.empty() && folded.back() == U'度') continue;  // "°C" → 度c
        folded.push_back(f);
    }
    std::u32string out;
    out.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        char32_t c = folded[i];
        if (c == U'[') {
            if (std::size_t n = placeholder_length(folded, i)) {
                i += n - 1;
                c = U' ';
            }
        }
        if (c == U'c' && !out.empty() && out.back() == U'度' &&
            (i + 1 == folded.size() || !is_ascii_alnum(folded[i + 1]))) {
            continue;  // 38.5°C
        }
        if (c == U' ' && (out.empty() || out.back() == U' ')) continue;
        out.push_back(c);
    }
    while (!out.empty() && out.back() == U' ') out.pop_back();
    out = join_spaced_characters(std::move(out));
    out = join_spaced_words(std::move(out));
    out = spell_financial_numerals(std::move(out));
    if (!lex) return out;
    // Pinyin and dialect words the table turned into Han ("没有 fa shao") may
    // make a run of words now.
    out = join_spaced_words(replace_dialect(std::move(out), *lex));
    return homophones ? replace_homophones(std::move(out), *lex, sounded) : out;
}

std::u32string normalize(std::string_view utf8, const Lexicon* lex, bool* sounded,
                         bool homophones) {
    return normalize(decode_utf8(utf8), lex, sounded, homophones);
}

}  // namespace gridbot::parse
