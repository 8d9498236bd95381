#include "bot/speech/spoken.h"

#include <string_view>

#include "bot/parse/utf8.h"
#include "bot/speech/readings.h"

namespace gridbot::speech {

namespace {

constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
constexpr std::u32string_view kPhoneDigits = U"〇幺二三四五六七八九";  // 1 is 幺 in a number

bool digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// The run of digits at `i`, as a number (at most 18 digits).
long long number_at(std::u32string_view t, size_t i, size_t len) {
    long long v = 0;
    for (size_t k = i; k < i + len && k < i + 18; ++k) v = v * 10 + (t[k] - U'0');
    return v;
}

std::u32string digits_one_by_one(std::u32string_view t, size_t i, size_t len,
                                 std::u32string_view names) {
    std::u32string out;
    for (size_t k = i; k < i + len; ++k) out += names[t[k] - U'0'];
    return out;
}

std::u32string chinese32(long long n) { return parse::decode_utf8(chinese_number(n)); }

size_t run_at(std::u32string_view t, size_t i) {
    size_t n = 0;
    while (i + n < t.size() && digit(t[i + n])) ++n;
    return n;
}

// A date "2026-12-05", "2026/12/5" or "2026年12月5日" at i: its length, or 0.
size_t date_at(std::u32string_view t, size_t i, std::u32string& said) {
    size_t y = run_at(t, i);
    if (y != 4 || i + y >= t.size()) return 0;
    char32_t sep = t[i + y];
    if (sep != U'-' && sep != U'/' && sep != U'年') return 0;
    size_t m0 = i + y + 1, m = run_at(t, m0);
    if (m < 1 || m > 2 || m0 + m >= t.size()) return 0;
    char32_t sep2 = t[m0 + m];
    if (sep2 != (sep == U'年' ? U'月' : sep)) return 0;
    size_t d0 = m0 + m + 1, d = run_at(t, d0);
    if (d < 1 || d > 2) return 0;
    said = digits_one_by_one(t, i, 4, kDigits) + U"年" + chinese32(number_at(t, m0, m)) + U"月" +
           chinese32(number_at(t, d0, d)) + U"日";
    size_t end = d0 + d;
    if (end < t.size() && (t[end] == U'日' || t[end] == U'号')) ++end;
    return end - i;
}

// A time "08:30" / "8:30" at i: its length, or 0.
size_t time_at(std::u32string_view t, size_t i, std::u32string& said) {
    size_t h = run_at(t, i);
    if (h < 1 || h > 2 || i + h + 3 > t.size() || (t[i + h] != U':' && t[i + h] != U'：')) return 0;
    size_t m = run_at(t, i + h + 1);
    if (m != 2) return 0;
    long long hh = number_at(t, i, h), mm = number_at(t, i + h + 1, 2);
    if (hh > 24 || mm > 59) return 0;
    said = chinese32(hh) + U"点" + (mm == 0 ? U"整" : chinese32(mm) + U"分");
    return h + 1 + m;
}

// Any other number at i: digit by digit when it is long (a phone, an id),
// else as a quantity, with its decimals and a percent sign.
size_t number_said(std::u32string_view t, size_t i, std::u32string& said) {
    size_t n = run_at(t, i);
    if (n >= 5) {
        said = digits_one_by_one(t, i, n, kPhoneDigits);
        return n;
    }
    said = chinese32(number_at(t, i, n));
    size_t end = i + n;
    if (end + 1 < t.size() && t[end] == U'.' && digit(t[end + 1])) {
        size_t f = run_at(t, end + 1);
        said += U"点" + digits_one_by_one(t, end + 1, f, kDigits);
        end += 1 + f;
    }
    if (end < t.size() && (t[end] == U'%' || t[end] == U'％')) {
        said = U"百分之" + said;
        ++end;
    }
    return end - i;
}

bool pause(char32_t c) {
    return std::u32string_view(U"，。！？；：、,.!?;:\n（）()").find(c) !=
           std::u32string_view::npos;
}

}  // namespace

std::string chinese_number(long long n) {
    if (n < 0) return "负" + chinese_number(-n);
    if (n < 10) return parse::encode_utf8(std::u32string(1, kDigits[static_cast<size_t>(n)]));
    if (n >= 100000000) return chinese_number(n / 100000000) + "亿" + chinese_number(n % 100000000);
    if (n >= 10000) {
        std::string rest = n % 10000 == 0 ? "" : chinese_number(n % 10000);
        if (rest.rfind("十", 0) == 0) rest = "一" + rest;  // 一万零一十, not 一万零十
        if (n % 10000 != 0 && n % 10000 < 1000) rest = "零" + rest;
        return chinese_number(n / 10000) + "万" + rest;
    }
    static const char* const kUnits[] = {"千", "百", "十", ""};
    static const long long kValues[] = {1000, 100, 10, 1};
    std::string out;
    bool zero = false;
    for (int k = 0; k < 4; ++k) {
        long long d = n / kValues[k] % 10;
        if (d == 0) {
            zero = !out.empty();
            continue;
        }
        if (zero) out += "零";
        zero = false;
        if (k == 2 && d == 1 && out.empty()) {
            out += "十";  // 12 is 十二, not 一十二
        } else if (k == 0 && d == 2) {
            out += "两千";
        } else {
            out +=
                parse::encode_utf8(std::u32string(1, kDigits[static_cast<size_t>(d)])) + kUnits[k];
        }
    }
    return out;
}

std::string spoken_chinese(std::string_view text) {
    std::u32string t = parse::decode_utf8(text), out;
    for (size_t i = 0; i < t.size();) {
        std::u32string said;
        size_t used = 0;
        if (digit(t[i])) {
            used = date_at(t, i, said);
            if (!used) used = time_at(t, i, said);
            if (!used) used = number_said(t, i, said);
            out += said;
            i += used;
            continue;
        }
        if (t[i] == U'*' || t[i] == U'#' || t[i] == U'`' || t[i] == U'>' || t[i] == U'_') {
            ++i;  // Markdown marks are not said
            continue;
        }
        out += t[i++];
    }
    return parse::encode_utf8(out);
}

std::string to_pinyin(std::string_view chinese) {
    std::string out;
    for (char32_t c : parse::decode_utf8(chinese)) {
        if (auto r = reading(c); !r.empty()) {
            out.append(r).push_back(' ');
        } else if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) {
            out.push_back(static_cast<char>(c));
        } else if (pause(c)) {
            if (!out.empty() && out.back() == ' ') out.pop_back();
            out += ". ";
        } else if (!out.empty() && out.back() != ' ') {
            out.push_back(' ');
        }
    }
    return out;
}

}  // namespace gridbot::speech
