#pragma once
// Internal to bot/parse's address reading (room.cpp): the checks on an
// address's numbers, and the address forms written with words rather than
// marks (room_parts.cpp).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "bot/parse/numerals.h"
#include "bot/parse/room.h"

namespace gridbot::parse::room_parts {

// A number of `min` to `max` digits, not zero.
bool digits_ok(const Number& n, std::size_t min, std::size_t max);
// "007" → "7"; "0" stays "0".
std::string strip_zeros(const std::string& d);
// 3 or 4 digits, no leading zero, not an emergency or service number (120,
// 12345) nor one of the lexicon's [room] not_rooms (`lex` may be null).
bool room_ok(const Number& n, const Lexicon* lex);
// A building's number as the normal form writes it (五号楼 → "5", 07 → "7").
std::string building_text(const Number& n);

// "Room 503, Building 7", "Bldg 8, Unit 3, Rm 604", "Apt 1801".
std::optional<RoomSpan> english(std::u32string_view s);
// "1901 Tower A", "Tower E 2101": an English tower's letter and a door beside it.
std::optional<RoomSpan> tower(std::u32string_view s);
// "楼栋:3 单元:2 房号:502": labels before the numbers.
std::optional<RoomSpan> labelled(std::u32string_view s);
// True when the number at `i` follows the sender's own 我家 / 我们家 / 俺家.
bool owned(std::u32string_view s, std::size_t i);
// "11栋从昨晚就停水了…我家2单元1203": the last building (栋, 号楼, 幢) named before
// `before`, or ""; `unit` is set to the unit named right after it, if any.
std::string building_before(std::u32string_view s, std::size_t before, std::string& unit);
// True when the number at `i` follows 门牌 / 门牌号 / 房号 / 房间号.
bool door_prefix(std::u32string_view s, std::size_t i);
// True when the number or letter at `i` follows a word for a townhouse or villa row
// (联排, 排屋, 叠拼, 别墅区 …), where a house is a row's number and a small door number
// ("联排12栋2号", "叠拼 3-2", "别墅区 B-16").
bool townhouse(std::u32string_view s, std::size_t i);

// True when the letter at `i` names a train or a flight (坐D1203, 航班 CA1203).
bool travel_code(std::u32string_view s, std::size_t i);
// "门牌28号", "别墅 二十三号", "全家安好——26号": a villa's or shop's number alone.
std::optional<RoomSpan> house_number(std::u32string_view s, std::size_t i, const Number& n);

}  // namespace gridbot::parse::room_parts
