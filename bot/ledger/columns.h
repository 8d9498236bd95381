#pragma once
// The ledger's columns and the header words that name them.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::ledger {

enum class Column {
    District,
    Street,
    Community,
    Grid,
    Building,
    Unit,
    Room,
    Members,
    Contact,
    Phone,
    Tags
};
inline constexpr size_t kColumnCount = 11;

// "区/district", "门牌/room" ...: the canonical Chinese and English names.
std::string_view column_label(Column column);
bool column_required(Column column);

// A header cell (trimmed) to its column: Chinese names and aliases
// (门牌号, 房号, 室, 楼号, 楼, 联系电话, 手机, 姓名, 户主, 人口 ...), English
// names case-insensitively, and a pair such as "门牌/room" naming one column.
std::optional<Column> column_from_header(std::string_view header);

// "区/district, 街道/street, ..." for error messages.
std::string accepted_column_names();

}  // namespace gridbot::ledger
