#include "bot/ledger/cells.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <span>

#include "bot/ledger/ledger.h"

namespace gridbot::ledger {
namespace {

bool consume(std::string_view& text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return false;
    text.remove_prefix(prefix.size());
    return true;
}

bool consume_any(std::string_view& text, std::initializer_list<std::string_view> prefixes) {
    for (std::string_view p : prefixes) {
        if (consume(text, p)) return true;
    }
    return false;
}

void skip_spaces(std::string_view& text) {
    while (!text.empty() && (text[0] == ' ' || text[0] == '\t')) text.remove_prefix(1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string quoted(std::string_view v) {
    std::string out;
    out.reserve(v.size() + 2);
    out.push_back('"');
    out.append(v);
    out.push_back('"');
    return out;
}

// Chinese numerals: each is one three-byte UTF-8 character.
constexpr std::array<std::pair<std::string_view, int>, 14> kNumerals = {{
    {"零", 0},
    {"〇", 0},
    {"一", 1},
    {"二", 2},
    {"两", 2},
    {"三", 3},
    {"四", 4},
    {"五", 5},
    {"六", 6},
    {"七", 7},
    {"八", 8},
    {"九", 9},
    {"十", 10},
    {"百", 100},
}};

// The value of the numeral character at the front of text, consuming it.
std::optional<int> take_numeral(std::string_view& text) {
    for (const auto& [word, value] : kNumerals) {
        if (consume(text, word)) return value;
    }
    return std::nullopt;
}

// "十二" = 12, "二十" = 20, "三百零五" = 305; digits must be joined by 十/百.
std::optional<int> chinese_number(std::string_view text) {
    int total = 0, digit = -1;
    bool any = false;
    while (!text.empty()) {
        const auto v = take_numeral(text);
        if (!v) return std::nullopt;
        any = true;
        if (*v == 10 || *v == 100) {
            total += (digit <= 0 ? 1 : digit) * *v;
            digit = -1;
        } else if (*v == 0) {
            if (digit > 0) return std::nullopt;  // "五零二": digits spelled out, not a number
            digit = -1;
        } else {
            if (digit > 0) return std::nullopt;  // "一二": not how numbers are written
            digit = *v;
        }
    }
    if (!any) return std::nullopt;
    return total + (digit > 0 ? digit : 0);
}

// An address token at the front of text: an ASCII alphanumeric run
// (upper-cased, leading zeros dropped when all digits) or a Chinese number.
bool take_token(std::string_view& text, std::string& out, bool& has_digit) {
    out.clear();
    has_digit = false;
    size_t n = 0;
    while (n < text.size() && is_alnum(text[n])) ++n;
    if (n > 0) {
        if (n > 8) return false;  // longer than any room number: a phone, a date ...
        std::string_view run = text.substr(0, n);
        text.remove_prefix(n);
        bool all_digits = true;
        for (char c : run) {
            if (is_digit(c)) {
                has_digit = true;
            } else {
                all_digits = false;
            }
        }
        if (all_digits) {
            while (run.size() > 1 && run[0] == '0') run.remove_prefix(1);
            if (run == "0") return false;
        }
        for (char c : run)
            out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
        return true;
    }
    std::string_view rest = text;
    size_t len = 0;
    while (take_numeral(rest)) len = text.size() - rest.size();
    if (len == 0) return false;
    const auto value = chinese_number(text.substr(0, len));
    if (!value || *value <= 0) return false;
    text.remove_prefix(len);
    out = std::to_string(*value);
    has_digit = true;
    return true;
}

// Markers written after a part. Longest first where one is a prefix of another.
using Markers = std::span<const std::string_view>;
constexpr std::string_view kBuildingCellMarkers[] = {"号楼", "栋", "幢", "座", "#", "号", "楼"};
constexpr std::string_view kBuildingInAddress[] = {"号楼", "栋", "幢", "座",
                                                   "#"};  // "3楼" may be a floor
constexpr std::string_view kUnitCellMarkers[] = {"单元", "门", "号"};
constexpr std::string_view kUnitInAddress[] = {"单元", "门"};
constexpr std::string_view kRoomMarkers[] = {"室", "号", "房", "户"};

bool consume_marker(std::string_view& text, Markers markers) {
    for (std::string_view m : markers) {
        if (consume(text, m)) return true;
    }
    return false;
}

// Longest plausible parts; longer runs are phone numbers or dates in the wrong column.
constexpr size_t kMaxBuilding = 4, kMaxUnit = 3, kMaxRoom = 6;

// One part standing alone: optional 第, a token, optional marker, nothing else.
bool parse_part(std::string_view text, Markers markers, bool need_digit, size_t max_len,
                std::string& out) {
    text = trim_cell(text);
    consume(text, "第");
    bool has_digit = false;
    if (!take_token(text, out, has_digit)) return false;
    if ((need_digit && !has_digit) || out.size() > max_len) return false;
    skip_spaces(text);
    consume_marker(text, markers);
    return trim_cell(text).empty();
}

}  // namespace

std::string_view trim_cell(std::string_view cell) {
    while (!cell.empty()) {
        const char c = cell[0];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
            cell.remove_prefix(1);
        } else if (!consume_any(cell, {"\u3000", "\u00A0", "\uFEFF"})) {
            break;
        }
    }
    while (!cell.empty()) {
        const char c = cell.back();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
            cell.remove_suffix(1);
            continue;
        }
        bool removed = false;
        for (std::string_view w : {"\u3000", "\u00A0", "\uFEFF"}) {
            if (cell.size() >= w.size() && cell.substr(cell.size() - w.size()) == w) {
                cell.remove_suffix(w.size());
                removed = true;
                break;
            }
        }
        if (!removed) break;
    }
    return cell;
}

std::string_view to_halfwidth(std::string_view text, std::string& scratch) {
    bool candidate = false;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b == 0xEF || b == 0xE3 || b == 0xE2) {
            candidate = true;
            break;
        }
    }
    if (!candidate) return text;
    scratch.clear();
    for (size_t i = 0; i < text.size();) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        if (i + 2 < text.size() && (b0 == 0xEF || b0 == 0xE3 || b0 == 0xE2)) {
            const auto b1 = static_cast<unsigned char>(text[i + 1]);
            const auto b2 = static_cast<unsigned char>(text[i + 2]);
            const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
            char mapped = 0;
            if (cp >= 0xFF01 && cp <= 0xFF5E) mapped = static_cast<char>(cp - 0xFEE0);
            if (cp == 0x3000) mapped = ' ';
            if (cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212) mapped = '-';
            if (mapped != 0) {
                scratch.push_back(mapped);
                i += 3;
                continue;
            }
        }
        scratch.push_back(text[i]);
        ++i;
    }
    return scratch;
}

std::optional<int> parse_number(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (is_digit(text[0])) {
        if (text.size() > 6) return std::nullopt;
        int v = 0;
        for (char c : text) {
            if (!is_digit(c)) return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return v;
    }
    return chinese_number(text);
}

CellCheck parse_building(std::string_view cell, std::string& out) {
    std::string scratch;
    const std::string_view text = trim_cell(to_halfwidth(trim_cell(cell), scratch));
    out.clear();
    if (text.empty()) return std::nullopt;
    if (parse_part(text, kBuildingCellMarkers, false, kMaxBuilding, out)) return std::nullopt;
    out.clear();
    return CellProblem{"ledger.bad_building",
                       "expected a building like 3, 3栋, 3号楼 or 三号楼, got " + quoted(cell)};
}

CellCheck parse_unit(std::string_view cell, std::string& out) {
    std::string scratch;
    const std::string_view text = trim_cell(to_halfwidth(trim_cell(cell), scratch));
    out.clear();
    if (text.empty()) return std::nullopt;
    if (parse_part(text, kUnitCellMarkers, false, kMaxUnit, out)) return std::nullopt;
    out.clear();
    return CellProblem{"ledger.bad_unit",
                       "expected a unit like 2, 2单元 or 二单元, got " + quoted(cell)};
}

CellCheck parse_room_cell(std::string_view cell, AddressParts& out) {
    out = {};
    std::string scratch;
    std::string_view text = trim_cell(to_halfwidth(trim_cell(cell), scratch));
    auto bad = [&]() {
        out = {};
        return CellProblem{"ledger.bad_room",
                           "expected a room like 502, 3-2-502 or 3栋2单元502, got " + quoted(cell)};
    };
    if (text.empty()) return CellProblem{"ledger.missing_value", "the room is required"};

    if (text.find('-') != std::string_view::npos) {
        std::string_view parts[4];
        size_t count = 0;
        for (std::string_view rest = text;;) {
            const size_t dash = rest.find('-');
            if (count == 3) return bad();
            parts[count++] = rest.substr(0, dash);
            if (dash == std::string_view::npos) break;
            rest.remove_prefix(dash + 1);
        }
        if (count < 2) return bad();
        if (!parse_part(parts[0], kBuildingCellMarkers, false, kMaxBuilding, out.building))
            return bad();
        if (count == 3 && !parse_part(parts[1], kUnitCellMarkers, false, kMaxUnit, out.unit))
            return bad();
        if (!parse_part(parts[count - 1], kRoomMarkers, true, kMaxRoom, out.room)) return bad();
        return std::nullopt;
    }

    std::string token;
    bool has_digit = false;
    while (true) {
        skip_spaces(text);
        consume(text, "第");
        if (!take_token(text, token, has_digit)) return bad();
        skip_spaces(text);
        if (consume_marker(text, kBuildingInAddress)) {
            if (!out.building.empty() || !out.unit.empty() || token.size() > kMaxBuilding)
                return bad();
            out.building = token;
            continue;
        }
        if (consume_marker(text, kUnitInAddress)) {
            if (!out.unit.empty() || token.size() > kMaxUnit) return bad();
            out.unit = token;
            continue;
        }
        consume_marker(text, kRoomMarkers);
        if (!trim_cell(text).empty() || !has_digit || token.size() > kMaxRoom) return bad();
        out.room = token;
        return std::nullopt;
    }
}

CellCheck parse_phone(std::string_view cell, std::string& out) {
    out.clear();
    std::string scratch;
    const std::string_view text = trim_cell(to_halfwidth(trim_cell(cell), scratch));
    if (text.empty()) return std::nullopt;
    auto bad = [&](std::string_view why) {
        out.clear();
        return CellProblem{"ledger.bad_phone", std::string(why) + ", got " + quoted(cell)};
    };
    if (text.find_first_of("Ee") != std::string_view::npos &&
        text.find('+') != std::string_view::npos) {
        return bad("looks like Excel scientific notation: format the phone column as text");
    }
    std::array<char, 24> digits{};
    size_t n = 0;
    bool plus = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_digit(c)) {
            if (n == digits.size()) return bad("too many digits for one phone number");
            digits[n++] = c;
        } else if (c == '+' && n == 0 && !plus) {
            plus = true;
        } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '\t') {
            return bad("expected one phone number of digits, spaces and dashes");
        }
    }
    std::string_view d(digits.data(), n);
    if (d.substr(0, 4) == "0086") {
        d.remove_prefix(4);
    } else if (d.substr(0, 2) == "86" && (plus || (d.size() == 13 && d[2] == '1'))) {
        d.remove_prefix(2);
    }
    if (d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
        out = d;
        return std::nullopt;
    }
    if (d.size() >= 2 && d[0] == '0') {
        const size_t area = (d[1] == '1' || d[1] == '2') ? 3 : 4;  // 010, 02x; else 0xxx
        const std::string_view local = d.size() > area ? d.substr(area) : std::string_view();
        if ((local.size() == 7 || local.size() == 8) && local[0] >= '2') {
            out.assign(d.substr(0, area));
            out.push_back('-');
            out.append(local);
            return std::nullopt;
        }
    }
    return bad(
        "expected an 11-digit mobile (1[3-9]xxxxxxxxx) or a landline with area code "
        "(0451-86123456)");
}

CellCheck parse_members(std::string_view cell, int& out) {
    std::string scratch;
    std::string_view text = trim_cell(to_halfwidth(trim_cell(cell), scratch));
    out = 1;
    if (text.empty()) return std::nullopt;
    if (text.size() > 3 &&
        (text.substr(text.size() - 3) == "人" || text.substr(text.size() - 3) == "口")) {
        text = trim_cell(text.substr(0, text.size() - 3));
    }
    const auto v = parse_number(text);
    if (v && *v >= 1 && *v <= 30) {
        out = *v;
        return std::nullopt;
    }
    return CellProblem{"ledger.bad_members",
                       "expected a number of people from 1 to 30, got " + quoted(cell)};
}

}  // namespace gridbot::ledger
