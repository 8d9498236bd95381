#pragma once
// Addresses: 3栋2单元502, 3号楼2单元502室, 3-2-502, 12#1单元302,
// 2号楼3门401 (门 = 单元), 五号楼301, 二号楼五零一 → "B-U-R", "B-R" or "R";
// towers by letter (A座1203, A1203, Room 1507 Tower C → "A-1203"); a villa's or
// shop's number alone (门牌28号, A区9号 → "28", "A-9").
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::parse {

class Lexicon;

struct RoomSpan {
    std::string room;  // normalised: "3-2-502", "3-402", "706"
    std::size_t begin = 0;
    std::size_t end = 0;  // code points in the searched text
    bool theirs = false;  // named for someone else (隔壁1503的…, 帮802的王奶奶报)
};

// Finds the first address in normalised text. A bare number counts as a
// room only with a room mark (室/房) or when it opens the text
// (`bare_at_start`), and never when it is an emergency number (120).
// `lex` adds the operator's marks to the built-in ones; may be null.
std::optional<RoomSpan> find_room(std::u32string_view text, const Lexicon* lex,
                                  bool bare_at_start = true);

// "两户一起报：3-1-201正常，3-1-202我老豆发烧": with several households in one
// message, the address that opens a clause last before `at` (where the anomaly was
// read), after `first`; a door alone takes the building and unit of `first`
// (8号楼2单元301正常。对门302的张奶奶… → "8-2-302"). nullopt when there is none.
std::optional<RoomSpan> room_before(std::u32string_view text, const RoomSpan& first, std::size_t at,
                                    const Lexicon* lex);

// The importer's entry point: any spelling of one address (full-width,
// Chinese numerals, marks) to its normal form; nullopt if it holds none.
std::optional<std::string> normalize_room(std::string_view address);

}  // namespace gridbot::parse
