#pragma once
// The lexicon: every word the parser knows, loaded from TOML
// (config/lexicon/zh-CN.toml) so an operator can add a local word or a
// typo without rebuilding. Loading compiles the phrases into buckets keyed
// by first character, longest first, which is what matching needs.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/core/error.h"
#include "bot/parse/simplified.h"

namespace gridbot::parse {

// The 12 categories of DESIGN §4, in the sorted order they print in.
inline constexpr std::array<std::string_view, 12> kCategoryNames = {
    "cough",       "diarrhea",    "emergency", "fatigue", "fever",   "positive_test",
    "smell_taste", "sore_throat", "supplies",  "travel",  "utility", "visitor"};
inline constexpr std::uint8_t kFever = 4;
int category_index(std::string_view name);  // -1 if unknown

// What a matched phrase means; one phrase may carry several meanings.
enum class Role : std::uint8_t {
    Term,      // a symptom or need of category `arg`
    Resolved,  // category `arg` mentioned as over ("热退了"): counts as negated
    Generic,  // "症状", "不舒服": a complaint without a category (arg kNamedAilment: "牙疼")
    NegateBefore,  // 没有 / 没: negates what follows within a few characters, lists included
    NegateList,  // 无 / 未: as NegateBefore, and the list may go on past a comma (无发热，咳嗽)
    NegateNarrow,       // 不: negates only what follows at once
    NegateAfter,        // 好了 / 退了: negates what just preceded it in the clause
    Contrast,           // 但 / 还 / 其他: ends a negation's reach
    ListJoin,           // 、 / 和 / 也: keeps a negation going along a list
    Zero,               // 正常 / 平安 / 没毛病
    Question,           // 几点 / 吗: the clause asks, it does not report
    Hypothetical,       // 如果 / 要是: what follows it in the clause reports nothing
    Neutral,            // shadows shorter words inside it ("退烧药" hides "烧")
    ComboFirst,         // first half of combination `arg` (暖气 … 不热)
    ComboThen,          // second half of combination `arg`
    ComboBlock,         // between the halves, cancels combination `arg` (从 医院 回来)
    HypotheticalAfter,  // 的话 / 要报吗: what comes before it in the clause reports nothing
    Recovered,  // 好了 / 好多了: as NegateAfter; alone in a clause, it ends the clause before
    Matter,  // 情况 / 状况 / 问题: something to report; negated (没状况) it is a zero report
    Fine,    // 好 / 壮 / 利索: a predicate of well-being (see Reading::fine)
    Subject,  // 家里 / 孩子 / 身体: the household or a body, what a report talks about
    Chatter,  // 收到 / 谢谢 / 登不上: talk that is not a report (see Reading::chatter)
    Elsewhere,  // 对门 / 楼上 / 那边: someone outside the household (see reading.cpp, others_news)
    Outsider,  // 同事 / 同学 / 表哥: someone never of the household (reading.cpp, others_news)
    Call,  // 120 / 救护车: an emergency term that a question on how to call one does not report
};

// Meaning::arg of a Role::Generic word from [words] ailment: a named ailment
// that is no category (牙疼, 鼻塞), as against an unnamed complaint (不舒服).
inline constexpr std::uint8_t kNamedAilment = 1;

struct Meaning {
    Role role;
    std::uint8_t arg;
};

struct Combo {
    std::string name;
    std::uint8_t category = 0;
    int window = 4;  // characters allowed between the halves
    // scope = "message": the halves may stand in any two clauses, in either order
    // (我妈一个人住，电话打了一上午都不接); scope = "later": the second half in the same or
    // any later clause (闺女深圳，昨天晚上到家的). The window is then not used.
    enum class Scope : std::uint8_t { Clause, Message, Later } scope = Scope::Clause;
};

enum class CommandWord : std::uint8_t { Summary, Help, Ack, Resolve, Register, Proxy, Correct };

inline std::uint64_t pair_key(char32_t a, char32_t b) {
    return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint64_t>(b);
}

struct Match {
    std::uint32_t begin;  // code point offsets into the matched text
    std::uint32_t end;
    std::uint32_t phrase;
};

class Lexicon {
  public:
    [[nodiscard]] static Result<Lexicon> load_file(const std::string& path);
    [[nodiscard]] static Result<Lexicon> load_string(std::string_view toml, std::string_view name);

    // Maximal matches: at each start the longest phrase; a match inside an
    // earlier, longer one is dropped. ASCII phrases ("ok", "120") only match
    // on ASCII word boundaries.
    void match(std::u32string_view text, std::vector<Match>& out) const;
    const std::vector<Meaning>& meanings(std::uint32_t phrase) const { return meanings_[phrase]; }
    const std::u32string& phrase(std::uint32_t p) const { return phrases_[p]; }

    // The lexicon's own `traditional` entries first, then OpenCC's table (simplified.h).
    char32_t simplify(char32_t c) const {
        if (c < 0x3400) return c;  // no CJK character below Extension A
        auto it = traditional_.find(c);
        return it == traditional_.end() ? simplified(c) : it->second;
    }
    // Dialect and regional spellings of one meaning, longest first: 冇得 → 没有.
    const std::vector<std::pair<std::u32string, std::u32string>>& dialect() const {
        return dialect_;
    }
    // The dialect entries that begin with `first`, longest first (indices into dialect()).
    const std::vector<std::uint32_t>* dialect_from(char32_t first) const {
        auto it = dialect_by_first_.find(first);
        return it == dialect_by_first_.end() ? nullptr : &it->second;
    }
    const std::vector<Combo>& combos() const { return combos_; }
    // Voice input (issue 19 item 1): the two-character term of `[normalize]
    // sounds_like` that `a b` sounds like, when one of the two is the term's
    // own character and the other a different character of the same toneless
    // reading (客嗽 → 咳嗽, 段水 → 断水, 发惹 → 发热); null when none does, or
    // when `a b` is itself a word of the lexicon (a Neutral entry keeps an
    // everyday word from being read as a term).
    const std::u32string* sounds_like(char32_t a, char32_t b) const;

    // Temperature context: words before a bare integer that make it a body
    // temperature, words before that make it a room or weather one, and
    // words after it that make it an age, count or price.
    const std::vector<std::u32string>& temp_before() const { return temp_before_; }
    const std::vector<std::u32string>& temp_not_before() const { return temp_not_before_; }
    const std::vector<std::u32string>& temp_not_after() const { return temp_not_after_; }
    // Words near the number in its sentence that make one with no body context the
    // weather's (今天35度，热死了; 38度，大家注意防暑).
    const std::vector<std::u32string>& temp_weather() const { return temp_weather_; }

    const std::vector<std::u32string>& building_marks() const { return building_; }
    const std::vector<std::u32string>& unit_marks() const { return unit_; }
    const std::vector<std::u32string>& room_marks() const { return room_; }
    const std::vector<std::u32string>& not_rooms() const { return not_room_; }

    // Command keywords, longest first.
    const std::vector<std::pair<std::u32string, CommandWord>>& commands() const {
        return commands_;
    }
    const std::vector<std::u32string>& command_filler() const { return filler_; }

    std::size_t phrase_count() const { return phrases_.size(); }

  private:
    friend class LexiconBuilder;
    void add(std::u32string text, Meaning m);
    void compile();

    std::vector<std::u32string> phrases_;
    std::vector<std::vector<Meaning>> meanings_;
    std::unordered_map<std::u32string, std::uint32_t> index_;
    // Phrases of two or more characters by their first two, longest first; phrases
    // of one character by it; and which characters of the BMP begin any phrase.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> pair_buckets_;
    std::unordered_map<char32_t, std::uint32_t> single_;
    std::vector<bool> begins_;
    bool may_begin(char32_t c) const { return c >= begins_.size() || begins_[c]; }
    std::unordered_map<char32_t, char32_t> traditional_;
    std::vector<std::pair<std::u32string, std::u32string>> dialect_;
    std::unordered_map<char32_t, std::vector<std::uint32_t>> dialect_by_first_;
    std::vector<Combo> combos_;
    std::vector<std::u32string> sounds_like_;  // terms a homophone may stand for
    // Those terms (two characters, in the lexicon) by their first and by their second character.
    std::unordered_map<char32_t, std::vector<std::uint32_t>> term_by_first_, term_by_second_;
    std::vector<bool> in_sound_term_;  // BMP characters of those terms, either place
    bool in_sound_term(char32_t c) const { return c >= in_sound_term_.size() || in_sound_term_[c]; }
    std::vector<std::u32string> temp_before_, temp_not_before_, temp_not_after_, temp_weather_;
    std::vector<std::u32string> building_, unit_, room_, not_room_;
    std::vector<std::pair<std::u32string, CommandWord>> commands_;
    std::vector<std::u32string> filler_;
};

}  // namespace gridbot::parse
