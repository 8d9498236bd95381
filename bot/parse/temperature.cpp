#include "bot/parse/temperature.h"

#include <algorithm>
#include <optional>

#include "bot/parse/lexicon.h"
#include "bot/parse/normalize.h"
#include "bot/parse/numerals.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

constexpr int kMinTenths = 340;
constexpr int kMaxTenths = 430;

// Does a word of `words` end within `reach` characters before `pos`?
bool word_before(std::u32string_view s, std::size_t pos, const std::vector<std::u32string>& words,
                 std::size_t reach) {
    const std::size_t lo = pos > reach ? pos - reach : 0;
    for (const auto& w : words) {
        for (std::size_t end = pos + 1; end-- > lo;) {
            if (end < w.size()) break;
            if (s.compare(end - w.size(), w.size(), w) == 0) return true;
        }
    }
    return false;
}

// Where the nearest word of `words` ending within `reach` characters before `pos` begins.
std::optional<std::size_t> word_begin_before(std::u32string_view s, std::size_t pos,
                                             const std::vector<std::u32string>& words,
                                             std::size_t reach) {
    const std::size_t lo = pos > reach ? pos - reach : 0;
    std::optional<std::size_t> best;
    for (const auto& w : words) {
        for (std::size_t end = pos + 1; end-- > lo;) {
            if (end < w.size()) break;
            if (s.compare(end - w.size(), w.size(), w) == 0) {
                if (!best || end - w.size() > *best) best = end - w.size();
                break;
            }
        }
    }
    return best;
}

bool word_after(std::u32string_view s, std::size_t pos, const std::vector<std::u32string>& words) {
    for (const auto& w : words) {
        if (s.compare(pos, w.size(), w) == 0) return true;
    }
    return false;
}

// Whether one of `words` stands within 12 characters of the number [begin, end)
// in its sentence (commas do not end it): "38度，大家注意防暑" and "今天好热哦，40度了"
// speak of the weather.
bool word_near(std::u32string_view s, std::size_t begin, std::size_t end,
               const std::vector<std::u32string>& words) {
    auto sentence_end = [&](std::size_t k) {
        return is_break(s[k]) && s[k] != U'，' && s[k] != U',' && s[k] != U' ';
    };
    for (std::size_t k = end; k < std::min(s.size(), end + 12) && !sentence_end(k); ++k) {
        if (word_after(s, k, words)) return true;
    }
    // Back past a comma only from a number that opens its clause ("今天好热，40度了";
    // not "今天天热，孩子38度", where someone is named before it).
    std::size_t lo = begin;
    bool named = false;
    while (lo > 0 && begin - lo < 12 && !sentence_end(lo - 1)) {
        const char32_t c = s[lo - 1];
        if ((c == U'，' || c == U',') && named) break;
        named = named || (c != U' ' && c != U'，' && c != U',');
        --lo;
    }
    return word_before(s, begin, words, begin - lo);
}

// One decimal digit after a point or 度: "5", "五", "半".
std::optional<std::pair<int, std::size_t>> decimal_digit(std::u32string_view s, std::size_t i) {
    if (i >= s.size()) return std::nullopt;
    if (is_ascii_digit(s[i])) {
        int d = static_cast<int>(s[i] - U'0');
        std::size_t j = i + 1;
        // 36.55 rounds to 36.6; further digits are noise.
        if (j < s.size() && is_ascii_digit(s[j]) && s[j] >= U'5') ++d;
        while (j < s.size() && is_ascii_digit(s[j])) ++j;
        return std::pair{d, j};
    }
    if (s[i] == U'半') return std::pair{5, i + 1};
    // Not one of two numerals ("三十八度五六"), but 一 may start a word ("三十七度六一直").
    const int h = han_digit(s[i]);
    const bool numeral_after = i + 1 < s.size() && han_digit(s[i + 1]) >= 0 &&
                               !(s[i + 1] == U'一' && i + 2 < s.size() && han_digit(s[i + 2]) < 0);
    if (h >= 0 && !numeral_after) return std::pair{h, i + 1};
    return std::nullopt;
}

// "100.4°F", "102.2 f", "98.6F", "华氏100.4度": a Fahrenheit reading (93-110 °F) in Celsius, one
// decimal rounded.
std::optional<TemperatureSpan> fahrenheit(std::u32string_view s, const Number& n) {
    // Said in words ("一百零一华氏度"), only with the scale named in the message.
    if (n.value < 93 || n.value > 110 || (!n.ascii && s.find(U"华氏") == s.npos))
        return std::nullopt;
    int ftenths = static_cast<int>(n.value) * 10;
    std::size_t j = n.end;
    if (j + 1 < s.size() && (s[j] == U'.' || (!n.ascii && s[j] == U'点'))) {
        if (auto d = decimal_digit(s, j + 1)) {
            ftenths += d->first;
            j = d->second;
        }
    }
    if (j < s.size() && s[j] == U' ') ++j;
    // "华氏100.4度", "101华氏度": the scale said in Chinese, before or after.
    const bool named_before = n.begin >= 2 && s.substr(n.begin - 2, 2) == U"华氏";
    std::size_t end = 0;
    if (s.substr(j, 3) == U"华氏度") {
        end = j + 3;
    } else {
        if (j < s.size() && s[j] == U'度') ++j;  // "°" is normalised to 度
        if (j < s.size() && s[j] == U'f' && (j + 1 == s.size() || !is_ascii_alnum(s[j + 1]))) {
            end = j + 1;
        } else if (named_before || (n.value >= 95 && s.find(U"华氏") != s.npos)) {
            // "温度计是华氏的，孩子102度": the scale named elsewhere in the message.
            end = j;
        } else if (n.ascii && n.value >= 96 && n.value <= 106 && ftenths % 10 != 0 &&
                   (s.substr(0, n.begin).ends_with(U"temp ") ||
                    s.substr(0, n.begin).ends_with(U"temperature "))) {
            // "temp 98.6": a body's reading in the nineties is Fahrenheit.
            end = j;
        }
    }
    if (end == 0) return std::nullopt;
    const int tenths = ((ftenths - 320) * 10 + 9) / 18;  // (F - 32) * 5 / 9, rounded
    if (tenths < kMinTenths || tenths > kMaxTenths) return std::nullopt;
    return TemperatureSpan{tenths, named_before ? n.begin - 2 : n.begin, end};
}

// A Celsius reading starting with n: the tenths, and whether a decimal
// ("36.5", "三八点五", "38度5") and the unit 度 were written; `end` is past
// what was read. Nullopt when the number cannot start one.
struct Celsius {
    int tenths = 0;
    std::size_t end = 0;
    bool unit = false, decimal = false;
};

std::optional<Celsius> celsius(std::u32string_view s, const Number& n) {
    // 三八 alone is not how people say 38, but 三八点五 is how they read 38.5 off
    // a thermometer, digit by digit (and 三六点八三六点五: one reading after another).
    const bool spoken_digits = !n.ascii && !n.positional && n.digits.size() == 2;
    if (!n.ascii && !n.positional && !spoken_digits) return std::nullopt;
    Celsius c{static_cast<int>(n.value) * 10, n.end};
    std::size_t& j = c.end;
    if (spoken_digits) {
        if (j + 1 >= s.size() || s[j] != U'点' || han_digit(s[j + 1]) < 0) return std::nullopt;
        c.tenths += han_digit(s[j + 1]);
        j += 2;
        c.decimal = true;
    } else if (j + 1 < s.size() && (s[j] == U'.' || s[j] == U'点')) {
        if (auto d = decimal_digit(s, j + 1);
            d && (n.ascii == is_ascii_digit(s[j + 1]) || s[j] == U'点')) {
            c.tenths += d->first;
            j = d->second;
            c.decimal = true;
        }
    }
    if (j < s.size() && s[j] == U'度') {
        c.unit = true;
        ++j;
        if (!c.decimal) {
            if (auto d = decimal_digit(s, j)) {
                c.tenths += d->first;
                j = d->second;
                c.decimal = true;
            }
        }
    }
    return c;
}

}  // namespace

const std::vector<std::u32string> kReadingWords = {U"体温", U"体温:", U"体温 ", U"体温是"};

void find_temperatures(std::u32string_view s, const Lexicon& lex,
                       std::vector<TemperatureSpan>& out) {
    out.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!is_numeral_char(s[i]) || inside_number(s, i)) continue;
        if (i > 0 && s[i - 1] == U'#') continue;                               // an incident number
        if (i >= 2 && s[i - 1] == U'.' && is_ascii_digit(s[i - 2])) continue;  // the tail of 1.38
        auto n = read_number(s, i);
        if (!n) continue;
        std::size_t j = n->end;
        i = j - 1;
        if (auto f = fahrenheit(s, *n)) {
            out.push_back(*f);
            i = f->end - 1;
            continue;
        }
        // "体温365": a reading typed without its point, right after 体温.
        if (n->ascii && n->digits.size() == 3 && n->value >= 355 && n->value <= 420 &&
            !(j < s.size() && (s[j] == U'.' || is_ascii_digit(s[j]))) &&
            word_before(s, n->begin, kReadingWords, 0)) {
            out.push_back({static_cast<int>(n->value), n->begin, j});
            continue;
        }
        if (n->value < 0 || n->value > 45 || n->value < 30) continue;
        auto c = celsius(s, *n);
        if (!c) continue;
        int tenths = c->tenths;
        const bool explicit_unit = c->unit, decimal = c->decimal;
        j = c->end;
        if (tenths < kMinTenths || tenths > kMaxTenths) continue;
        // "体温均<37℃": below a bound, a reading but no stated temperature.
        bool vague = false;
        if (n->begin > 0 &&
            (s[n->begin - 1] == U'<' || s[n->begin - 1] == U'＜' || s[n->begin - 1] == U'≤')) {
            vague = true;
            tenths -= 1;
        }
        // "三十六度多", "36度几", "36度出头": the whole degrees and a bit more (多 is
        // not a count here), a reading with no stated temperature; "38度多" is a
        // fever of at least 38, its whole degrees the reading.
        if (explicit_unit && !decimal && j < s.size() && (s[j] == U'多' || s[j] == U'几')) {
            ++j;
            vague = vague || tenths < kFeverTenths;
        } else if (explicit_unit && !decimal && s.substr(j).starts_with(U"出头")) {
            j += 2;
            vague = vague || tenths < kFeverTenths;
        } else if (!(explicit_unit && decimal) && word_after(s, j, lex.temp_not_after())) {
            // "38家", "37个": a count; not "三十八度四家里头…", a reading with its tenth.
            continue;
        }
        // A room or the weather before the number makes it theirs, unless a body
        // context stands in between ("暖气太热了 量了36.8") or a sentence ended
        // ("暖气太热了，量了36.8"); a space is not a sentence end ("室温 35度").
        const auto context_at = word_begin_before(s, n->begin, lex.temp_before(), 4);
        std::size_t from = n->begin;
        while (from > 0 && n->begin - from < 6 && (s[from - 1] == U' ' || !is_break(s[from - 1])))
            --from;
        if (context_at) from = std::max(from, *context_at);
        if (word_before(s, n->begin, lex.temp_not_before(), n->begin - from)) continue;
        const bool context = context_at.has_value();
        if (!context && word_near(s, n->begin, j, lex.temp_weather())) continue;
        if (!n->ascii && !explicit_unit && !decimal && !context) continue;
        if (n->ascii && !explicit_unit && !decimal && !context) continue;
        out.push_back({tenths, n->begin, j, vague});
        i = j - 1;
    }
}

}  // namespace gridbot::parse
