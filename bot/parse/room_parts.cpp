// The parts of address reading that find_room (room.cpp) shares: checks on
// an address's numbers, and forms written with words instead of marks.
#include "bot/parse/room_parts.h"

#include <array>

#include "bot/parse/lexicon.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse::room_parts {

namespace {

constexpr std::array<std::u32string_view, 5> kNotRoom = {U"110", U"119", U"120", U"122", U"12345"};

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
    for (std::u32string_view k : {std::u32string_view(U"villa"), std::u32string_view(U"house"),
                                  std::u32string_view(U"lot")}) {
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

std::optional<RoomSpan> english(std::u32string_view s) {
    std::size_t at = 0;
    std::optional<Number> room;
    std::size_t begin = s.size();
    for (std::u32string_view k :
         {std::u32string_view(U"room"), std::u32string_view(U"rm"), std::u32string_view(U"apt"),
          std::u32string_view(U"flat"), std::u32string_view(U"home")}) {
        if ((room = after_keyword(s, k, at))) break;
    }
    if (!room) return house(s);
    if (!room_ok(*room, nullptr)) return std::nullopt;
    begin = std::min(begin, at);
    std::size_t end = room->end;
    std::string text = room->digits;
    std::optional<Number> building;
    for (std::u32string_view k : {std::u32string_view(U"building"), std::u32string_view(U"bldg"),
                                  std::u32string_view(U"block"), std::u32string_view(U"blk")}) {
        if ((building = after_keyword(s, k, at))) break;
    }
    auto near = [&](std::size_t p) {
        return (p > end ? p - end : begin - std::min(begin, p)) <= 20;
    };
    if (building && digits_ok(*building, 1, 3) && near(at)) {
        begin = std::min(begin, at);
        end = std::max(end, building->end);
        std::string unit;
        if (auto u = after_keyword(s, U"unit", at); u && digits_ok(*u, 1, 2) && near(at)) {
            begin = std::min(begin, at);
            end = std::max(end, u->end);
            unit = strip_zeros(u->digits) + "-";
        }
        text = strip_zeros(building->digits) + "-" + unit + text;
    }
    return RoomSpan{text, begin, end};
}

// "门牌1203", "门牌号:1701": the number is the door wherever it stands.
bool door_prefix(std::u32string_view s, std::size_t i) {
    std::size_t end = i;
    while (end > 0 && (s[end - 1] == U' ' || s[end - 1] == U':')) --end;
    const std::u32string_view head = s.substr(0, end);
    for (std::u32string_view p : {std::u32string_view(U"门牌号"), std::u32string_view(U"门牌"),
                                  std::u32string_view(U"房号"), std::u32string_view(U"房间号")}) {
        if (head.size() >= p.size() && head.substr(head.size() - p.size()) == p) return true;
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

}  // namespace gridbot::parse::room_parts
