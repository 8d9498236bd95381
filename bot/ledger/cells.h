#pragma once
// Normalising one ledger cell at a time. Each parser returns nullopt on
// success, or a CellProblem: the stable error id and what is wrong with the
// value found (the caller adds file, line and column).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::ledger {

struct CellProblem {
    std::string id;    // "ledger.bad_room"
    std::string what;  // "expected a room like 502 or 3-2-502, got \"楼下\""
};
using CellCheck = std::optional<CellProblem>;

// Strips ASCII whitespace, U+3000 (full-width space, common in Excel exports)
// and U+00A0 from both ends.
std::string_view trim_cell(std::string_view cell);

// Full-width ASCII forms (０-９, Ａ-Ｚ, －, ：, ，, ；, ＃ ...) and U+3000 to
// their ASCII forms, dash-like characters (— – −) to '-'. Returns the input
// itself when there is nothing to map, else a view into scratch.
std::string_view to_halfwidth(std::string_view text, std::string& scratch);

// "12", "十二", "两" -> 12. nullopt if the text is not exactly a number.
std::optional<int> parse_number(std::string_view text);

// "3", "3栋", "3号楼", "3幢", "3#", "三号楼", "A座" -> "3" / "A". Empty stays empty.
CellCheck parse_building(std::string_view cell, std::string& out);
// "2", "2单元", "2门", "二单元" -> "2". Empty stays empty.
CellCheck parse_unit(std::string_view cell, std::string& out);

struct AddressParts {
    std::string building, unit, room;
};
// A room ("502", "502室", "0502", "B302") or a whole address ("3-2-502",
// "3-502", "3栋2单元502", "3号楼502室"). Parts not written stay empty.
CellCheck parse_room_cell(std::string_view cell, AddressParts& out);

// Mobile "13800138000" or landline with area code "0451-86123456"; spaces,
// dashes, brackets and +86 are stripped. Empty stays empty.
CellCheck parse_phone(std::string_view cell, std::string& out);

// 1..30; empty -> 1. "3", "3人", "三" accepted.
CellCheck parse_members(std::string_view cell, int& out);

// "2026-12-05", "2026/12/5", "2026.12.5", "2026年12月5日" -> "2026-12-05".
// (This and parse_tags live in tags.cpp.)
std::optional<std::string> parse_date(std::string_view text);

struct TagSet {
    uint16_t tags = 0;
    std::string isolation_until, monitoring_until;
};
// Tags separated by ; ； 、 , ， or whitespace; isolation and monitoring take a
// date as "isolation:2026-12-05", "居家隔离：2026-12-05" or "居家隔离至2026-12-05".
// isolation without a date is refused (it would never end).
CellCheck parse_tags(std::string_view cell, TagSet& out);

}  // namespace gridbot::ledger
