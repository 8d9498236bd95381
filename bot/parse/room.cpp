#include "bot/parse/room.h"

#include <algorithm>
#include <array>
#include <vector>

#include "bot/parse/lexicon.h"
#include "bot/parse/normalize.h"
#include "bot/parse/numerals.h"
#include "bot/parse/room_parts.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

using namespace room_parts;

// Built-in marks; the lexicon's [room] lists add to them. Longest first.
constexpr std::array<std::u32string_view, 9> kBuilding = {U"栋楼", U"号楼", U"号院", U"#楼", U"栋",
                                                          U"幢",   U"#",    U"楼",   U"동"};
constexpr std::array<std::u32string_view, 3> kBuildingWeak = {U"号", U"座",
                                                              U"区"};  // need a unit after
constexpr std::array<std::u32string_view, 4> kUnit = {U"单元", U"门洞", U"门", U"单"};
constexpr std::array<std::u32string_view, 5> kRoom = {U"室", U"房", U"户", U"号", U"호"};

struct Marks {
    const Lexicon* lex;
    template <typename Builtin>
    std::size_t match(std::u32string_view s, std::size_t i, const Builtin& builtin,
                      const std::vector<std::u32string>* extra) const {
        std::size_t best = 0;
        auto try_one = [&](std::u32string_view m) {
            if (m.size() > best && s.substr(i, m.size()) == m) best = m.size();
        };
        for (auto m : builtin) try_one(m);
        if (extra) {
            for (const auto& m : *extra) try_one(m);
        }
        return best;
    }
};

// Between the parts of an address: spaces, commas, dashes, an opening bracket
// ("4幢2单元(1502)") and the ordinal 第 of a form ("第3栋第2单元第502室").
std::size_t skip_sep(std::u32string_view s, std::size_t i) {
    while (i < s.size() && (s[i] == U' ' || s[i] == U',' || s[i] == U'、' || s[i] == U'-' ||
                            s[i] == U'第' || s[i] == U'('))
        ++i;
    return i;
}

// 3-2-502 or 3-402: ASCII only, bounded on both sides by non-number text.
std::optional<RoomSpan> dashed(std::u32string_view s, std::size_t i, const Number& a) {
    // A point is a decimal's only between digits: "正常。8-2-602" and "8-2-602。" end a sentence.
    auto boundary_ok = [&](std::size_t end) {
        const bool decimal =
            end < s.size() && s[end] == U'.' && end + 1 < s.size() && is_ascii_digit(s[end + 1]);
        // A colon before a time is one ("10-11:30"); before text it ends the address
        // ("5-2-301:无发热").
        const bool time = end + 1 < s.size() && s[end] == U':' && is_ascii_digit(s[end + 1]);
        return end >= s.size() || (!is_ascii_digit(s[end]) && s[end] != U'-' && !decimal && !time);
    };
    const bool after_decimal = i > 1 && s[i - 1] == U'.' && is_ascii_digit(s[i - 2]);
    if (i > 0 && (s[i - 1] == U'-' || after_decimal || s[i - 1] == U'+')) return std::nullopt;
    if (!a.ascii || !digits_ok(a, 1, 3) || a.end >= s.size() ||
        (s[a.end] != U'-' && s[a.end] != U'/'))
        return std::nullopt;
    const char32_t sep = s[a.end];  // "3/2/502" too, with three parts and no year ("12/3/2022")
    auto b = read_number(s, a.end + 1);
    if (!b || !b->ascii) return std::nullopt;
    const bool three = b->end < s.size() && s[b->end] == sep;
    const bool after_colon =
        i > 0 && s[i - 1] == U':';  // "门牌:3-2-502", never a time "9:00-18:00"
    if ((after_colon || sep == U'/') && !three) return std::nullopt;
    if (i > 0 && s[i - 1] == U'/') return std::nullopt;
    if (three) {
        auto c = read_number(s, b->end + 1);
        if (!c || !c->ascii || !digits_ok(*b, 1, 2) || !digits_ok(*c, 2, 4) || !boundary_ok(c->end))
            return std::nullopt;
        if (sep == U'/' && (c->digits.size() != 3 && c->digits.size() != 4)) return std::nullopt;
        if (sep == U'/' && c->digits.size() == 4 && (c->digits[0] == '1' || c->digits[0] == '2') &&
            (c->digits[1] == '9' || c->digits[1] == '0'))
            return std::nullopt;
        if (c->end < s.size() && s[c->end] == U'/') return std::nullopt;
        return RoomSpan{strip_zeros(a.digits) + "-" + strip_zeros(b->digits) + "-" + c->digits, i,
                        c->end};
    }
    // "叠拼 3-2": a townhouse row and its house.
    const bool house = townhouse(s, i) && digits_ok(*b, 1, 2);
    if ((!digits_ok(*b, 3, 4) && !house) || !boundary_ok(b->end)) return std::nullopt;
    return RoomSpan{strip_zeros(a.digits) + "-" + (house ? strip_zeros(b->digits) : b->digits), i,
                    b->end};
}

// "5楼2号", "11栋二楼1号", "5号楼 3楼1号": a floor and the door on it make the room (502,
// 11-201, 5-301). "联排12栋2号", "排屋3幢2号": a townhouse row and its house (12-2). `r` is the
// number read after the building's mark (and unit); `bare_floor` when that mark is a lone 楼,
// which then names the floor.
std::optional<RoomSpan> floor_and_door(std::u32string_view s, std::size_t i, const Number& b,
                                       bool bare_floor, const std::string& unit, const Number& r) {
    auto door = [&](const Number& d) {
        return d.value > 0 && d.value <= 20 && d.end < s.size() &&
               (s[d.end] == U'号' || s[d.end] == U'户');
    };
    const std::string bt = building_text(b);
    if (r.value > 0 && r.value < 100 && r.end < s.size() &&
        (s[r.end] == U'楼' || s[r.end] == U'层')) {
        auto d = read_number(s, skip_sep(s, r.end + 1));
        if (!d || !door(*d)) return std::nullopt;
        const std::string room = std::to_string(r.value * 100 + d->value);
        return RoomSpan{bt + "-" + (unit.empty() ? "" : unit + "-") + room, i, d->end + 1};
    }
    if (!unit.empty() || !door(r)) return std::nullopt;
    if (bare_floor && b.value > 0 && b.value < 100)
        return RoomSpan{std::to_string(b.value * 100 + r.value), i, r.end + 1};
    if (townhouse(s, i)) return RoomSpan{bt + "-" + std::to_string(r.value), i, r.end + 1};
    return std::nullopt;
}

// "6楼601", "十八楼1801": `r` is a floor and the room follows; the room, when it is on that
// floor or a unit was named before the floor ("5栋2单元6楼601").
std::optional<Number> past_floor(std::u32string_view s, const Number& r, bool unit_named) {
    if (r.value <= 0 || r.value >= 100 || r.end >= s.size() ||
        (s[r.end] != U'楼' && s[r.end] != U'层'))
        return std::nullopt;
    auto after = read_number(s, skip_sep(s, r.end + 1));
    if (after && (unit_named || (after->value >= 100 && after->value / 100 == r.value)))
        return after;
    return std::nullopt;
}

std::optional<RoomSpan> marked(std::u32string_view s, std::size_t i, const Number& b,
                               const Marks& m) {
    if (!digits_ok(b, 1, 3) && !(b.positional && b.value > 0 && b.value < 1000))
        return std::nullopt;
    const Lexicon* lex = m.lex;
    std::size_t j = b.end;
    std::size_t mark = m.match(s, j, kBuilding, lex ? &lex->building_marks() : nullptr);
    bool weak = false;
    if (mark == 0) {
        mark = m.match(s, j, kBuildingWeak, nullptr);
        weak = mark > 0;
    }
    if (mark == 0) return std::nullopt;
    const std::size_t after_mark = j + mark;
    j = skip_sep(s, after_mark);
    // "七号楼的 二单元 四零一", "9号楼的403": 的 after the building, before a unit or the room.
    if (j < s.size() && s[j] == U'的' && !weak) {
        const std::size_t k = skip_sep(s, j + 1);
        if (auto u = read_number(s, k);
            u && (m.match(s, u->end, kUnit, lex ? &lex->unit_marks() : nullptr) > 0 ||
                  (u->ascii && room_ok(*u, nullptr))))
            j = k;
    }
    std::string unit;
    // "2栋A单元703": a unit named by a letter.
    if (!weak && j + 1 < s.size() && s[j] >= U'a' && s[j] <= U'h' &&
        m.match(s, j + 1, kUnit, lex ? &lex->unit_marks() : nullptr) > 0) {
        unit = std::string(1, static_cast<char>('A' + (s[j] - U'a')));
        j = skip_sep(s, j + 1 + m.match(s, j + 1, kUnit, lex ? &lex->unit_marks() : nullptr));
    } else if (auto u = read_number(s, j)) {
        const std::size_t um = m.match(s, u->end, kUnit, lex ? &lex->unit_marks() : nullptr);
        if (um > 0 && u->value > 0 && u->value < 100) {
            unit = std::to_string(u->value);
            j = skip_sep(s, u->end + um);
        } else if (!weak && u->ascii && u->value > 0 && u->value < 100 && u->end + 1 < s.size() &&
                   s[u->end] == U'-' && is_ascii_digit(s[u->end + 1])) {
            // "7栋1-302", "12#2-801": the unit and the room dashed after a building.
            unit = std::to_string(u->value);
            j = u->end + 1;
        }
    }
    auto r = read_number(s, j);
    if (!r) return std::nullopt;
    if (auto fd = floor_and_door(s, i, b, mark == 1 && s[b.end] == U'楼', unit, *r)) return fd;
    // "5栋2单元6楼601", "六栋二单元十二楼1203": a floor between the unit and the room is
    // dropped; with no unit ("3号楼6楼602", "5号3楼301") only when the room is on that floor.
    const auto on_floor = past_floor(s, *r, !unit.empty());
    if (on_floor) r = on_floor;
    // "12号302室" (Shanghai: 号 is the building): the room must follow 号 at once, or its
    // floor; after 座 a space may come between ("8座 2104").
    const bool next_to = r->begin == after_mark || (on_floor && unit.empty()) ||
                         (s[b.end] == U'座' && !r->positional && r->begin == after_mark + 1 &&
                          s[after_mark] == U' ');
    if (weak && unit.empty() &&
        !((s[b.end] == U'号' || s[b.end] == U'座') && next_to && !r->positional))
        return std::nullopt;
    const bool ok = r->positional ? (r->value >= 100 && r->value < 10000) : room_ok(*r, nullptr);
    if (!ok) return std::nullopt;
    std::size_t end = r->end;
    if (std::size_t rm = m.match(s, end, kRoom, lex ? &lex->room_marks() : nullptr)) end += rm;
    if (end < s.size() && is_ascii_digit(s[end])) return std::nullopt;
    const std::string room = r->positional ? std::to_string(r->value) : r->digits;
    const std::string bt = building_text(b);
    // "七楼七零三", "3楼302": a bare 楼 before a room on that floor is the floor.
    if (unit.empty() && mark == 1 && s[b.end] == U'楼' && room.size() == bt.size() + 2 &&
        room.starts_with(bt))
        return RoomSpan{room, i, end};
    return RoomSpan{unit.empty() ? bt + "-" + room : bt + "-" + unit + "-" + room, i, end};
}

// "二组15号", "三组8号2楼201": a village group and its house number, as urban villages
// and resettled villages number their homes; a room inside the house may follow.
// Written as a building and a room ("2-15"), or with the room as "3-8-201".
std::optional<RoomSpan> rural(std::u32string_view s, std::size_t i, const Number& g,
                              const Marks& m) {
    if (g.end >= s.size() || s[g.end] != U'组' || g.value <= 0 || g.value >= 100 ||
        (i > 0 && s[i - 1] == U'第'))  // 第二组3号: the second team's number 3
        return std::nullopt;
    auto h = read_number(s, skip_sep(s, g.end + 1));
    if (!h || h->value <= 0 || h->value >= 1000 || h->end >= s.size() || s[h->end] != U'号')
        return std::nullopt;
    const std::string house = std::to_string(g.value) + "-" + std::to_string(h->value);
    std::size_t end = h->end + 1;
    if (auto r = read_number(s, skip_sep(s, end))) {
        if (auto f = past_floor(s, *r, true)) r = f;
        if (room_ok(*r, m.lex)) {
            end = r->end;
            if (std::size_t rm = m.match(s, end, kRoom, m.lex ? &m.lex->room_marks() : nullptr))
                end += rm;
            return RoomSpan{house + "-" + (r->positional ? std::to_string(r->value) : r->digits), i,
                            end};
        }
    }
    return RoomSpan{house, i, end};
}

// "A栋1203", "B座808", "C座2单元1208", "B-605", "C-2-3305": a tower named by a letter, as many
// estates name theirs; the letter is written in capitals ("A-1203").
std::optional<RoomSpan> lettered(std::u32string_view s, std::size_t i, const Marks& m) {
    const char32_t c = s[i];
    if (c < U'a' || c > U'z' || (i > 0 && is_ascii_alnum(s[i - 1]))) return std::nullopt;
    std::size_t j = i + 1;
    std::size_t mark = m.match(s, j, kBuilding, m.lex ? &m.lex->building_marks() : nullptr);
    if (mark == 0 && j < s.size() && (s[j] == U'座' || s[j] == U'-')) mark = 1;
    // "A区9号", "B区 12号": a house in a lettered area of a villa estate.
    if (mark == 0 && j < s.size() && s[j] == U'区') {
        auto h = read_number(s, skip_sep(s, j + 1));
        if (h && h->value > 0 && h->value < 1000 && h->end < s.size() && s[h->end] == U'号')
            return RoomSpan{std::string(1, static_cast<char>('A' + (c - U'a'))) + "-" +
                                std::to_string(h->value),
                            i, h->end + 1};
    }
    // "Tower B 801", "Block C 1203": the English names a tower before its letter.
    const bool named =
        (i >= 6 && s.substr(i - 6, 6) == U"tower ") || (i >= 6 && s.substr(i - 6, 6) == U"block ");
    if (mark == 0 && named && j < s.size() && s[j] == U' ') mark = 1;
    // "A1203": a tower's letter written against its room, not a train or a flight (坐D1203).
    const bool glued =
        mark == 0 && c <= U'f' && j < s.size() && is_ascii_digit(s[j]) && !travel_code(s, i);
    if (mark == 0 && !glued) return std::nullopt;
    j = skip_sep(s, j + mark);
    std::string unit;
    auto r = read_number(s, j);
    if (r && r->ascii && r->value > 0 && r->value < 100) {
        if (const std::size_t um =
                m.match(s, r->end, kUnit, m.lex ? &m.lex->unit_marks() : nullptr)) {
            unit = std::to_string(r->value);
            r = read_number(s, skip_sep(s, r->end + um));
        } else if (r->end + 1 < s.size() && s[r->end] == U'-' && is_ascii_digit(s[r->end + 1])) {
            // "C-2-3305": the form this parser writes, copied back by a leader (代报 C-2-3305 …).
            unit = std::to_string(r->value);
            r = read_number(s, r->end + 1);
        }
    }
    // "B座十八楼1801", "D幢1单元6楼601": the floor before the room.
    if (r) {
        if (auto f = past_floor(s, *r, !unit.empty())) r = f;
    }
    // "别墅区 B-16": a villa row's house is a small number.
    const bool house = r && r->ascii && unit.empty() && r->value > 0 && r->value < 100 && !glued &&
                       townhouse(s, i);
    if (!r || r->positional || (glued && (!r->ascii || !unit.empty())) ||
        (!room_ok(*r, m.lex) && !house))
        return std::nullopt;
    std::size_t end = r->end;
    if (std::size_t rm = m.match(s, end, kRoom, m.lex ? &m.lex->room_marks() : nullptr)) end += rm;
    // A point closes the address unless a digit follows it ("A座1203。人都好" is an address).
    const bool decimal = end + 1 < s.size() && s[end] == U'.' && is_ascii_digit(s[end + 1]);
    if (end < s.size() && (is_ascii_alnum(s[end]) || decimal || s[end] == U'-'))
        return std::nullopt;
    if (glued && end < s.size() && (s[end] == U'次' || s[end] == U'航')) return std::nullopt;
    const std::string building(1, static_cast<char>('A' + (c - U'a')));
    return RoomSpan{
        unit.empty() ? building + "-" + r->digits : building + "-" + unit + "-" + r->digits, i,
        end};
}

// "1单元301": no building, so only the room is certain.
std::optional<RoomSpan> unit_only(std::u32string_view s, std::size_t i, const Number& u,
                                  const Marks& m) {
    if (u.value <= 0 || u.value >= 100) return std::nullopt;
    const std::size_t um = m.match(s, u.end, kUnit, m.lex ? &m.lex->unit_marks() : nullptr);
    if (um == 0) return std::nullopt;
    auto r = read_number(s, skip_sep(s, u.end + um));
    if (!r || r->positional || !room_ok(*r, m.lex)) return std::nullopt;
    std::size_t end = r->end;
    if (std::size_t rm = m.match(s, end, kRoom, m.lex ? &m.lex->room_marks() : nullptr)) end += rm;
    if (end < s.size() && is_ascii_digit(s[end])) return std::nullopt;
    return RoomSpan{r->digits, i, end};
}

// A lone room number: "1003室", or opening the text ("706 屋里才16度").
std::optional<RoomSpan> bare(std::u32string_view s, std::size_t i, const Number& n, const Marks& m,
                             bool at_start) {
    if (n.positional || !room_ok(n, m.lex)) return std::nullopt;
    if (s.substr(n.end, 2) == U"华氏") return std::nullopt;  // "101华氏度": a temperature
    if (n.end < s.size() && (s[n.end] == U'.' || s[n.end] == U'-') && n.end + 1 < s.size() &&
        is_ascii_digit(s[n.end + 1]))
        return std::nullopt;
    if (std::size_t rm = m.match(s, n.end, std::array<std::u32string_view, 3>{U"室", U"房", U"户"},
                                 m.lex ? &m.lex->room_marks() : nullptr)) {
        // "已报95户/共103户": a count of households, not one.
        const bool count = s.substr(n.end, rm) == U"户" && i > 0 &&
                           std::u32string_view(U"共报有约计").find(s[i - 1]) != s.npos;
        if (s.substr(n.end, rm) != U"号" && !count) return RoomSpan{n.digits, i, n.end + rm};
    }
    if (!at_start) return std::nullopt;
    if (n.end == s.size() || is_break(s[n.end])) return RoomSpan{n.digits, i, n.end};
    // "502正常" opens with the room too, unless a unit makes it a count or a date.
    static constexpr std::u32string_view kCountUnits =
        U"度岁个口人天号楼栋层元块斤次年月日分点位米平";
    if (is_han(s[n.end]) && kCountUnits.find(s[n.end]) == std::u32string_view::npos)
        return RoomSpan{n.digits, i, n.end};
    // 平 is 平米 (square metres) after a number, but "502平安" is a room's report.
    if (s.substr(n.end).starts_with(U"平安")) return RoomSpan{n.digits, i, n.end};
    return std::nullopt;
}

// "我是301的", "我家502": the sender names their own door before the number.
// Later in a message ("喂网格长我是那个704的老太太") only "我是 … 的" counts.
// "全家正常 1502", "停水两天了 我家302": a room that closes the message, set
// apart by a space, comma or full stop (or after 我家). Only ASCII digits whose
// last two are 01–20, as a door on a floor is: an amount (花了 200), a pressure
// (血压 140) or a count is not taken for one.
// A number standing alone that can be a door: ASCII digits, not first in the
// message, a room's length, its last two 01–20.
bool lone_door(std::size_t i, const Number& n, const Marks& m) {
    if (!n.ascii || n.positional || !room_ok(n, m.lex) || i == 0) return false;
    const int door = std::stoi(n.digits.substr(n.digits.size() - 2));
    return door >= 1 && door <= 20;
}

std::optional<RoomSpan> closing(std::u32string_view s, std::size_t i, const Number& n,
                                const Marks& m) {
    if (!lone_door(i, n, m)) return std::nullopt;
    std::size_t e = n.end;
    while (e < s.size() && (s[e] == U' ' || s[e] == U'.' || s[e] == U'!' || s[e] == U'~')) ++e;
    if (e != s.size()) return std::nullopt;
    const std::u32string_view head = s.substr(0, i);
    const bool apart =
        head.back() == U' ' || head.back() == U',' || head.back() == U'.' || head.back() == U'!';
    const bool mine =
        head.ends_with(U"我家") || head.ends_with(U"我家是") || head.ends_with(U"俺家");
    if (!apart && !mine) return std::nullopt;
    return RoomSpan{n.digits, i, n.end};
}

// The words before position i, without the spaces, colons and commas that end them.
std::u32string_view words_before(std::u32string_view s, std::size_t i) {
    while (i > 0 && (s[i - 1] == U' ' || s[i - 1] == U':' || s[i - 1] == U',')) --i;
    return s.substr(0, i);
}

// "晚了晚了 2001 正常", "上周拉肚子已经好了，2107正常", "补报 2301 都正常": a door
// number set apart in the middle of the message and followed at once by the
// household's all-clear.
std::optional<RoomSpan> before_all_clear(std::u32string_view s, std::size_t i, const Number& n,
                                         const Marks& m) {
    if (!lone_door(i, n, m)) return std::nullopt;
    const char32_t before = s[i - 1];
    if (before != U' ' && before != U',' && before != U'.') return std::nullopt;
    // Not a reading ("心率 105 正常", "量了 365 正常"), nor after a date or a building
    // ("今天22号 1201正常").
    const std::u32string_view head = words_before(s, i);
    for (std::u32string_view w : {U"体温", U"心率", U"血压", U"血氧", U"血糖", U"体重", U"量了",
                                  U"测了", U"量", U"测", U"是", U"号", U"日"}) {
        if (head.ends_with(w)) return std::nullopt;
    }
    std::size_t e = n.end;
    if (e < s.size() && s[e] == U' ') ++e;
    const std::u32string_view rest = s.substr(e);
    for (std::u32string_view w : {U"正常", U"平安", U"都好", U"都正常", U"全家都好", U"全家正常",
                                  U"无异常", U"一切正常", U"零报告"}) {
        if (rest.starts_with(w)) return RoomSpan{n.digits, i, n.end};
    }
    return std::nullopt;
}

bool self_prefix(std::u32string_view s, std::size_t i, std::size_t number_end) {
    static constexpr std::array<std::u32string_view, 11> kSelf = {
        U"我是", U"我家是", U"我家", U"我们家", U"我们是", U"俺家",
        U"咱家", U"我住",   U"家住", U"住",     U"报告"};
    const std::u32string_view head = words_before(s, i);
    for (auto p : kSelf) {
        if (head == p) return true;
    }
    if (number_end >= s.size() || (s[number_end] != U'的' && s[number_end] != U'嘅')) return false;
    std::u32string_view h = head;
    for (std::u32string_view filler :
         {std::u32string_view(U"那个"), std::u32string_view(U"这个")}) {
        if (h.size() >= filler.size() && h.substr(h.size() - filler.size()) == filler) {
            h.remove_suffix(filler.size());
            break;
        }
    }
    for (std::u32string_view p : {std::u32string_view(U"我是"), std::u32string_view(U"我家是"),
                                  std::u32string_view(U"我们是"), std::u32string_view(U"俺是")}) {
        if (h.ends_with(p)) return true;
    }
    return false;
}

// A door named for another household before 的: "帮802的王奶奶报", "替楼上902的周阿婆报一下",
// or opening the message after a neighbour's word ("隔壁1503的徐大爷一个人住…").
bool for_another(std::u32string_view s, std::size_t i, std::size_t number_end) {
    if (number_end >= s.size() || (s[number_end] != U'的' && s[number_end] != U'嘅')) return false;
    const std::u32string_view head = words_before(s, i);
    for (std::u32string_view p : {U"隔壁", U"对门", U"楼上", U"楼下", U"隔篱", U"对面"}) {
        if (head == p) return true;
    }
    for (std::u32string_view p :
         {U"帮", U"替", U"帮隔壁", U"帮楼下", U"帮楼上", U"替隔壁", U"替楼下", U"替楼上"}) {
        if (head.ends_with(p)) return true;
    }
    return false;
}

}  // namespace

namespace {

std::optional<RoomSpan> first_room(std::u32string_view s, const Lexicon* lex, bool bare_at_start) {
    const Marks marks{lex};
    // A letter of every English keyword (room, rm, apt, flat, home, villa, lot) before looking
    // for them.
    if (s.find_first_of(U"rpfhvl") != std::u32string_view::npos) {
        if (auto r = english(s)) return r;
    }
    if (s.find(U':') != std::u32string_view::npos) {
        if (auto r = labelled(s)) return r;
    }
    if (s.find(U"tower ") != std::u32string_view::npos ||
        s.find(U"block ") != std::u32string_view::npos) {
        if (auto r = tower(s)) return r;
    }
    std::optional<RoomSpan> lone, house_at;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] >= U'a' && s[i] <= U'z') {
            if (auto r = lettered(s, i, marks)) return r;
            continue;
        }
        if (!is_numeral_char(s[i]) || inside_number(s, i)) continue;
        auto n = read_number(s, i);
        if (!n) continue;
        if (auto r = dashed(s, i, *n)) return r;
        // "23号别墅": a villa is its number.
        if (n->ascii && digits_ok(*n, 1, 4) && s.substr(n->end).starts_with(U"号别墅"))
            return RoomSpan{n->digits, i, n->end + 3};
        if (auto r = rural(s, i, *n, marks)) return r;
        if (auto r = marked(s, i, *n, marks)) return r;
        if (auto r = unit_only(s, i, *n, marks)) {
            std::string unit;  // "11栋停水了…我家2单元1203"
            if (const std::string b = owned(s, i) ? building_before(s, i, unit) : ""; !b.empty())
                r->room = b + "-" + std::to_string(n->value) + "-" + r->room;
            return r;
        }
        // "今天 706" is still the opening; anything after a clause is not.
        if (!lone) {
            // "回复群主:1802 全家无异常": a number right after an address line's colon opens too.
            const bool after_colon =
                i > 0 && (s[i - 1] == U':' || (i > 1 && s[i - 1] == U' ' && s[i - 2] == U':'));
            const bool theirs = for_another(s, i, n->end);
            const bool at_start = bare_at_start && (i == 0 || (i <= 3 && s[i - 1] == U' ') ||
                                                    after_colon || self_prefix(s, i, n->end) ||
                                                    theirs || door_prefix(s, i) || owned(s, i));
            lone = bare(s, i, *n, marks, at_start);
            std::string unit;  // "7栋2单元都停电了，我家1402"
            if (const std::string b = lone && owned(s, i) ? building_before(s, i, unit) : "";
                !b.empty())
                lone->room = b + "-" + (unit.empty() ? "" : unit + "-") + lone->room;
            if (!lone) lone = closing(s, i, *n, marks);
            if (!lone) lone = before_all_clear(s, i, *n, marks);
        }
        if (!house_at) house_at = house_number(s, i, *n);
        i = n->end - 1;
    }
    return lone ? lone : house_at;
}

}  // namespace

std::optional<RoomSpan> find_room(std::u32string_view s, const Lexicon* lex, bool bare_at_start) {
    auto r = first_room(s, lex, bare_at_start);
    if (r) r->theirs = r->theirs || for_another(s, r->begin, r->end);
    return r;
}

std::optional<RoomSpan> room_before(std::u32string_view text, const RoomSpan& first, std::size_t at,
                                    const Lexicon* lex) {
    std::optional<RoomSpan> last;
    for (std::size_t i = first.end; i < at && i < text.size(); ++i) {
        if (!is_numeral_char(text[i]) || inside_number(text, i)) continue;
        // A door alone opens its own part of the message ("，402那个大爷…", "：703正常");
        // a whole address may stand anywhere ("我妈家3-2-102她咳嗽").
        const bool opens =
            i == 0 || is_break(text[i - 1]) || text[i - 1] == U'和' || text[i - 1] == U'门';
        auto r = find_room(text.substr(i), lex, true);
        if (!r || r->begin != 0 || (!opens && r->room.find('-') == std::string::npos)) {
            if (auto n = read_number(text, i)) i = n->end - 1;
            continue;
        }
        r->begin += i;
        r->end += i;
        i = r->end - 1;
        if (r->begin < at) last = r;
    }
    if (!last || last->room == first.room) return std::nullopt;
    const std::size_t dash = first.room.rfind('-');
    if (last->room.find('-') == std::string::npos && dash != std::string::npos &&
        first.room.size() - dash - 1 == last->room.size())
        last->room = first.room.substr(0, dash + 1) + last->room;
    return last;
}

std::optional<std::string> normalize_room(std::string_view address) {
    const std::u32string text = normalize(address, nullptr);
    auto r = find_room(text, nullptr, true);
    if (!r) return std::nullopt;
    return r->room;
}

}  // namespace gridbot::parse
