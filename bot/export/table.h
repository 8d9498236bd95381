#pragma once
// What an export is: one sheet of a header row and typed cells, written as
// CSV (for any tool) or .xlsx (for the community workers' Excel). The
// builders (bot/app/exports.*) fill a Table from the same data the API
// answers with; the writers here know nothing of gridbot's domain.
#include <cstdint>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::exports {

enum class ColumnKind {
    Text,
    Integer,
    Percent  // a fraction 0..1, shown as "87.5%"
};

struct Column {
    std::string title;
    ColumnKind kind = ColumnKind::Text;
    double width = 12;  // in characters, as Excel counts them
};

using Cell = std::variant<std::monostate, std::string, int64_t, double>;

struct Table {
    std::string sheet;  // the sheet's name (Chinese allowed; at most 31 characters)
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
};

// RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel reads the Chinese),
// CRLF line ends. A text cell that a spreadsheet would run as a formula
// (starting with = + - @, a tab or a carriage return) is written with a
// leading apostrophe.
void write_csv(const Table& t, std::ostream& out);

// An .xlsx workbook of one sheet at `path`: bold header row, frozen below the
// header, column widths, numbers as numbers, percentages with a % format.
// Fails with `export.write` naming the path.
Result<bool> write_xlsx(const Table& t, const std::string& path);

}  // namespace gridbot::exports
