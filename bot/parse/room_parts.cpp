// The parts of address reading that find_room (room.cpp) shares: checks on
// an address's numbers, and forms written with words instead of marks.
#include "bot/parse/room_parts.h"

#include <algorithm>
#include <array>

#include "bot/parse/lexicon.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse::room_parts {

namespace {

constexpr std::array<std::u32string_view, 5> kNotRoom = {U"110", U"119", U"120", U"122", U"12345"};

// Where the words before position i end, past the spaces and colons between them and a
// number ("门牌: 1203", "我家 302").
std::size_t head_end(std::u32string_view s, std::size_t i) {
    while (i > 0 && (s[i - 1] == U' ' || s[i - 1] == U':')) --i;
    return i;
}

}  // namespace

bool digits_ok(const Number& n, std::size_t min, std::size_t max) {
    const std::size_t len = n.digits.size();
    return n.value > 0 && len >= min && len <= max;
}

std::string strip_zeros(const std::string& d) {
    std::size_t k = 0;
    while (k + 1 < d.size() && d[k] == '0') ++k;
    return d.substr(k);
}

bool room_ok(const Number& n, const Lexicon* lex) {
    if (!digits_ok(n, 3, 4) || n.digits[0] == '0') return false;
    const std::u32string d32(n.digits.begin(), n.digits.end());
    for (auto x : kNotRoom) {
        if (x == d32) return false;
    }
    if (lex) {
        for (const auto& x : lex->not_rooms()) {
            if (x == d32) return false;
        }
    }
    return true;
}

std::string building_text(const Number& n) {
    return n.positional ? std::to_string(n.value) : strip_zeros(n.digits);
}

namespace {

// The number after an ASCII keyword ("room 503", "bldg. 7", "unit:3"); the keyword must start a
// word.
std::optional<Number> after_keyword(std::u32string_view s, std::u32string_view key,
                                    std::size_t& at) {
    for (std::size_t p = s.find(key); p != std::u32string_view::npos; p = s.find(key, p + 1)) {
        if (p > 0 && is_ascii_alnum(s[p - 1])) continue;
        std::size_t j = p + key.size();
        if (j < s.size() && is_ascii_alnum(s[j]) && !is_ascii_digit(s[j])) continue;
        while (j < s.size() && (s[j] == U' ' || s[j] == U'.' || s[j] == U':' || s[j] == U'#')) ++j;
        auto n = read_number(s, j);
        if (n && n->ascii) {
            at = p;
            return n;
        }
    }
    return std::nullopt;
}

}  // namespace

// "Room 503, Building 7", "Bldg 8, Unit 3, Rm 604", "Apt 1801": English address words in any order.
// "Villa 23", "house #12", "Lot 45": a house in a villa compound is its number.
std::optional<RoomSpan> house(std::u32string_view s) {
    std::size_t at = 0;
    for (std::u32string_view k : {std::u32string_view(U"villa"), std::u32string_view(U"house no"),
                                  std::u32string_view(U"house"), std::u32string_view(U"lot")}) {
        auto n = after_keyword(s, k, at);
        if (!n || !digits_ok(*n, 1, 4) || n->digits[0] == '0') continue;
        // "house 3 people": a count, not a number on a door.
        std::size_t j = n->end;
        while (j < s.size() && s[j] == U' ') ++j;
        const std::u32string_view next = s.substr(j);
        if (next.starts_with(U"people") || next.starts_with(U"person") ||
            next.starts_with(U"adult") || next.starts_with(U"kid") || next.starts_with(U"of"))
            continue;
        return RoomSpan{n->digits, at, n->end};
    }
    return std::nullopt;
}

// "Tower C", "Block B": the letter of a tower named in English (not "Block 3"), or 0.
char tower_letter(std::u32string_view s, std::size_t& at) {
    for (std::u32string_view k : {std::u32string_view(U"tower "), std::u32string_view(U"block ")}) {
        for (std::size_t p = s.find(k); p != std::u32string_view::npos; p = s.find(k, p + 1)) {
            const std::size_t l = p + k.size();
            if ((p > 0 && is_ascii_alnum(s[p - 1])) || l >= s.size() || s[l] < U'a' ||
                s[l] > U'z' || (l + 1 < s.size() && is_ascii_alnum(s[l + 1])))
                continue;
            at = p;
            return static_cast<char>('A' + (s[l] - U'a'));
        }
    }
    return 0;
}

// "1901 Tower A", "Unit 1704 Tower B", "Tower E 2101": a door number within 20
// characters of an English tower's letter.
std::optional<RoomSpan> tower(std::u32string_view s) {
    std::size_t at = 0;
    const char letter = tower_letter(s, at);
    if (letter == 0) return std::nullopt;
    for (std::size_t i = at >= 20 ? at - 20 : 0; i < s.size() && i <= at + 28; ++i) {
        if (!is_ascii_digit(s[i]) || (i > 0 && is_ascii_alnum(s[i - 1]))) continue;
        auto n = read_number(s, i);
        i = n ? n->end : i;
        if (!n || !n->ascii || !room_ok(*n, nullptr) ||
            (n->end < s.size() && (is_ascii_alnum(s[n->end]) || s[n->end] == U'.')))
            continue;
        return RoomSpan{std::string(1, letter) + "-" + n->digits, std::min(at, n->begin),
                        std::max(at, n->end)};
    }
    return std::nullopt;
}

namespace {

// "in 2022", "2023: all good": a year, not a door.
bool a_year(const Number& n) { return n.digits.size() == 4 && n.digits.starts_with("20"); }

}  // namespace

// "No water in 1902 since noon", "no loss of taste. #702", "Everything fine at
// 1102", "zero report from 1801": a door number after "in", "at", "from" or a lone
// '#' (not "in 2022", a year, nor "in 100 minutes").
std::optional<RoomSpan> in_door(std::u32string_view s) {
    static constexpr std::array<std::u32string_view, 16> kUnits = {
        U"min",  U"mins", U"minutes", U"hour", U"hours", U"hrs",     U"days", U"years",
        U"yuan", U"rmb",  U"people",  U"pcs",  U"km",    U"degrees", U"m",    U"steps"};
    // Only a space or a '#' can start one: a scan for either, not a compare at every position.
    for (std::size_t p = s.find_first_of(U" #"); p != s.npos; p = s.find_first_of(U" #", p + 1)) {
        std::size_t at = 0;
        if (s[p] == U'#') {
            if (p > 0 && s[p - 1] != U' ') continue;
            at = p + 1;
        } else if (s.substr(p, 5) == U" in #") {
            at = p + 5;
        } else if (s.substr(p, 4) == U" in " || s.substr(p, 4) == U" at ") {
            at = p + 4;
        } else if (s.substr(p, 6) == U" from ") {
            at = p + 6;
        } else {
            continue;
        }
        auto n = read_number(s, at);
        if (!n || !n->ascii || n->begin != at || !room_ok(*n, nullptr)) continue;
        if (a_year(*n)) continue;
        const std::u32string_view after = s.substr(n->end);
        if (after.empty() || (!is_ascii_alnum(after[0]) && after[0] != U' ' && after[0] != U'.'))
            return RoomSpan{n->digits, n->begin, n->end};
        // A word after it: not a unit ("in 100 minutes").
        if (after[0] != U' ' || after.size() < 2 || !is_ascii_alnum(after[1])) continue;
        std::size_t w = 1;
        while (w < after.size() && is_ascii_alnum(after[w])) ++w;
        const std::u32string_view word = after.substr(1, w - 1);
        if (std::none_of(kUnits.begin(), kUnits.end(),
                         [&](std::u32string_view u) { return word == u; }))
            return RoomSpan{n->digits, n->begin, n->end};
    }
    return std::nullopt;
}

// "Good morning, 1806 reporting all normal": a door number reporting; "hi, 1502
// here", "1203 all fine", "1502: all normal": one opening its clause ("Tower C
// 1106 here", "B-1502 here" are read whole elsewhere); else a house.
std::optional<RoomSpan> reporting(std::u32string_view s) {
    for (std::u32string_view says :
         {std::u32string_view(U" reporting"), std::u32string_view(U" here"),
          std::u32string_view(U" all "), std::u32string_view(U":")}) {
        const std::size_t at = s.find(says);
        if (at == std::u32string_view::npos || at < 3) continue;
        std::size_t i = at;
        while (i > 0 && is_ascii_digit(s[i - 1])) --i;
        auto n = read_number(s, i);
        if (!n || n->end != at || (i > 0 && is_ascii_alnum(s[i - 1])) || !room_ok(*n, nullptr))
            continue;
        if (says != U" reporting") {
            if (a_year(*n)) continue;
            std::size_t b = i;
            while (b > 0 && s[b - 1] == U' ') --b;
            if ((b > 0 && s[b - 1] != U',' && s[b - 1] != U'!') || s.find(U"tower") != s.npos ||
                s.find(U"block") != s.npos)
                continue;
        }
        return RoomSpan{n->digits, i, n->end};
    }
    if (auto d = in_door(s)) return d;
    return house(s);
}

std::optional<RoomSpan> english(std::u32string_view s) {
    std::size_t at = 0;
    std::optional<Number> room;
    std::size_t begin = s.size();
    for (std::u32string_view k : {std::u32string_view(U"room no"), std::u32string_view(U"rm no"),
                                  std::u32string_view(U"reporting for"),
                                  std::u32string_view(U"room"), std::u32string_view(U"rm"),
                                  std::u32string_view(U"apt"), std::u32string_view(U"apartment"),
                                  std::u32string_view(U"flat"), std::u32string_view(U"home")}) {
        if ((room = after_keyword(s, k, at))) break;
    }
    // "Bldg 7 Unit 2 #502": the door marked by '#' after a building or a unit.
    if (!room &&
        (s.find(U"bldg") != s.npos || s.find(U"building") != s.npos || s.find(U"unit") != s.npos)) {
        for (std::size_t p = s.find(U'#'); p != s.npos && !room; p = s.find(U'#', p + 1)) {
            if (auto n = read_number(s, p + 1); n && n->ascii) {
                room = n;
                at = p;
            }
        }
    }
    if (!room) return reporting(s);
    // "Apt 7C", "Flat 12B": a floor and a door's letter.
    if (room->ascii && digits_ok(*room, 1, 2) && room->end < s.size() && s[room->end] >= U'a' &&
        s[room->end] <= U'h' && (room->end + 1 == s.size() || !is_ascii_alnum(s[room->end + 1])))
        return RoomSpan{strip_zeros(room->digits) + static_cast<char>('A' + (s[room->end] - U'a')),
                        at, room->end + 1};
    if (!room_ok(*room, nullptr)) return std::nullopt;
    begin = std::min(begin, at);
    std::size_t end = room->end;
    std::string text = room->digits;
    std::optional<Number> building;
    for (std::u32string_view k :
         {std::u32string_view(U"building"), std::u32string_view(U"bldg"),
          std::u32string_view(U"block"), std::u32string_view(U"blk"), std::u32string_view(U"tower"),
          std::u32string_view(U"dorm"), std::u32string_view(U"no.")}) {
        if ((building = after_keyword(s, k, at))) break;
    }
    auto near = [&](std::size_t p) {
        return (p > end ? p - end : begin - std::min(begin, p)) <= 20;
    };
    if (building && digits_ok(*building, 1, 3) && near(at)) {
        begin = std::min(begin, at);
        end = std::max(end, building->end);
        std::string unit;
        auto u = after_keyword(s, U"unit", at);
        if (!u) u = after_keyword(s, U"entrance", at);  // "Bldg 4, Entrance 2, Apt 301"
        if (u && digits_ok(*u, 1, 2) && near(at)) {
            begin = std::min(begin, at);
            end = std::max(end, u->end);
            unit = strip_zeros(u->digits) + "-";
        }
        text = strip_zeros(building->digits) + "-" + unit + text;
    } else if (const char letter = tower_letter(s, at); letter != 0 && near(at)) {
        text = std::string(1, letter) + "-" + text;  // "Room 1507, Tower C"
    }
    return RoomSpan{text, begin, end};
}

bool owned(std::u32string_view s, std::size_t i) {
    const std::u32string_view head = s.substr(0, head_end(s, i));
    return head.ends_with(U"我家") || head.ends_with(U"我们家") || head.ends_with(U"俺家") ||
           head.ends_with(U"我家是");
}

std::string building_before(std::u32string_view s, std::size_t before, std::string& unit) {
    std::string building;
    for (std::size_t i = 0; i < before; ++i) {
        if (!is_numeral_char(s[i]) || inside_number(s, i)) continue;
        auto b = read_number(s, i);
        if (!b) continue;
        i = b->end - 1;
        std::size_t mark = 0;
        for (std::u32string_view m : {U"栋楼", U"号楼", U"栋", U"幢"}) {
            if (s.substr(b->end, m.size()) == m) {
                mark = m.size();
                break;
            }
        }
        if (mark == 0 || b->value <= 0 || b->value >= 1000) continue;
        building = building_text(*b);
        unit.clear();
        if (auto u = read_number(s, b->end + mark);
            u && u->value > 0 && u->value < 100 && s.substr(u->end, 2) == U"单元")
            unit = std::to_string(u->value);
    }
    return building;
}

// "门牌1203", "门牌号:1701": the number is the door wherever it stands.
bool door_prefix(std::u32string_view s, std::size_t i) {
    const std::u32string_view head = s.substr(0, head_end(s, i));
    for (std::u32string_view p : {std::u32string_view(U"门牌号"), std::u32string_view(U"门牌"),
                                  std::u32string_view(U"房号"), std::u32string_view(U"房间号")}) {
        if (head.size() >= p.size() && head.substr(head.size() - p.size()) == p) return true;
    }
    return false;
}

bool townhouse(std::u32string_view s, std::size_t i) {
    const std::u32string_view head = s.substr(0, head_end(s, i));
    for (std::u32string_view p : {U"联排", U"排屋", U"叠拼", U"别墅区", U"联排别墅", U"独栋"}) {
        if (head.ends_with(p)) return true;
    }
    return false;
}

namespace {

// The number after "label:" (spaces allowed after the colon), searched from `from`.
std::optional<Number> value_after(std::u32string_view s, std::u32string_view label,
                                  std::size_t from) {
    const std::size_t at = s.find(label, from);
    if (at == std::u32string_view::npos) return std::nullopt;
    std::size_t j = at + label.size();
    if (j >= s.size() || s[j] != U':') return std::nullopt;
    while (j < s.size() && (s[j] == U':' || s[j] == U' ')) ++j;
    return read_number(s, j);
}

}  // namespace

// "楼栋:3 单元:2 房号:502": a form whose labels stand before the numbers.
std::optional<RoomSpan> labelled(std::u32string_view s) {
    std::optional<Number> b, r;
    for (std::u32string_view l : {U"楼栋", U"楼号", U"栋号"}) {
        if ((b = value_after(s, l, 0))) break;
    }
    if (!b || !digits_ok(*b, 1, 3)) return std::nullopt;
    auto u = value_after(s, U"单元", b->end);
    if (!u || u->value <= 0 || u->value >= 100) return std::nullopt;
    for (std::u32string_view l : {U"房号", U"门牌号", U"门牌", U"房间号", U"室"}) {
        if ((r = value_after(s, l, u->end))) break;
    }
    if (!r || r->positional || !room_ok(*r, nullptr)) return std::nullopt;
    return RoomSpan{building_text(*b) + "-" + std::to_string(u->value) + "-" + r->digits, b->begin,
                    r->end};
}

// A letter and digits after 坐/乘/搭 or 车次/航班 name a train or a flight (坐D1203回来).
bool travel_code(std::u32string_view s, std::size_t i) {
    const std::u32string_view head = s.substr(0, i);
    for (std::u32string_view w : {U"坐", U"乘", U"搭", U"车次", U"航班", U"高铁", U"动车"}) {
        if (head.ends_with(w) || (head.size() > w.size() && head.ends_with(U" ") &&
                                  head.substr(0, head.size() - 1).ends_with(w)))
            return true;
    }
    return false;
}

// A house in a villa or shop estate by its number alone: after 门牌, 别墅, 排屋 or 商铺
// ("门牌28号", "别墅 二十三号", "商铺105"), or "28号" standing apart from other words
// ("全家安好——26号", "报平安:15号 4人均正常"), never a date (12月7号, 7号回来) nor one
// before a reading (零报告 20号 36.6).
std::optional<RoomSpan> house_number(std::u32string_view s, std::size_t i, const Number& n) {
    if (n.value <= 0 || n.value >= 10000 || (!n.positional && n.digits[0] == '0'))
        return std::nullopt;
    const std::string number = n.positional ? std::to_string(n.value) : n.digits;
    std::size_t end = n.end;
    const bool hao = end < s.size() && s[end] == U'号';
    if (hao) ++end;
    const std::size_t k = head_end(s, i);
    const std::u32string_view head = s.substr(0, k);
    for (std::u32string_view p :
         {U"门牌号", U"门牌", U"别墅区", U"别墅", U"排屋", U"联排", U"叠拼", U"商铺", U"铺位"}) {
        if (head.ends_with(p)) return RoomSpan{number, k - p.size(), end};
    }
    auto apart = [](char32_t c) { return !is_han(c) && !is_ascii_alnum(c) && c != U'.'; };
    if (!hao || n.value >= 1000 || (i > 0 && !apart(s[i - 1])) ||
        (end < s.size() && !apart(s[end])))
        return std::nullopt;
    // Not before a reading ("零报告 20号 36.6": a date, then a temperature).
    std::size_t rest = end;
    while (rest < s.size() && s[rest] == U' ') ++rest;
    if (auto next = read_number(s, rest);
        next && next->end < s.size() && (s[next->end] == U'.' || s[next->end] == U'度'))
        return std::nullopt;
    return RoomSpan{number, i, end};
}

}  // namespace gridbot::parse::room_parts
