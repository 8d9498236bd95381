// From ledger bytes to validated households: decode, split, map the header,
// normalise each row, then look for households listed twice.
#include "bot/ledger/ledger.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <unordered_set>

#include "bot/ledger/cells.h"
#include "bot/ledger/columns.h"
#include "bot/ledger/csv.h"
#include "bot/ledger/encoding.h"
#include "bot/ledger/xlsx.h"

namespace gridbot::ledger {
namespace {

struct Problem {
    int line;
    std::string id;
    std::string message;  // complete: "<file>:<line>: <column>: <what>"
};

// Collects problems in the order found; the caller stops reading once full().
class Problems {
  public:
    explicit Problems(const std::string& file) : file_(file) {}

    void add(int line, std::string_view column, std::string id, std::string_view what) {
        std::string message = file_ + ":" + std::to_string(line) + ": ";
        if (!column.empty()) message.append(column).append(": ");
        message.append(what);
        list_.push_back({line, std::move(id), std::move(message)});
    }
    void add(int line, std::string_view column, const CellProblem& p) {
        add(line, column, p.id, p.what);
    }

    bool empty() const { return list_.empty(); }
    bool full() const { return list_.size() >= static_cast<size_t>(kMaxReportedErrors); }

    // One Error for all problems, in file order; the id is the first one's.
    Error to_error() {
        std::stable_sort(list_.begin(), list_.end(),
                         [](const Problem& a, const Problem& b) { return a.line < b.line; });
        const bool truncated = list_.size() >= static_cast<size_t>(kMaxReportedErrors);
        if (list_.size() > static_cast<size_t>(kMaxReportedErrors))
            list_.resize(kMaxReportedErrors);
        Error e{list_.front().id, ""};
        for (const Problem& p : list_) {
            if (!e.message.empty()) e.message += '\n';
            e.message += p.message;
        }
        if (truncated)
            e.message += "\n(stopped after " + std::to_string(kMaxReportedErrors) + " problems)";
        return e;
    }

  private:
    const std::string& file_;
    std::vector<Problem> list_;
};

std::string quoted(std::string_view v) { return std::string(1, '"').append(v).append(1, '"'); }

struct Header {
    // Cell index of each column, or -1 when the file has no such column.
    std::array<int, kColumnCount> index;
    std::array<std::string, kColumnCount> text;  // as written, for messages
    std::vector<bool> unnamed;                   // cell positions with an empty header
    size_t width = 0;
};

// Maps the header record; false (with problems added) if it cannot be used.
bool read_header(const std::vector<std::string_view>& cells, int line, bool gbk, Header& h,
                 Problems& problems) {
    h.index.fill(-1);
    h.width = cells.size();
    h.unnamed.assign(cells.size(), false);
    for (size_t i = 0; i < cells.size() && !problems.full(); ++i) {
        const std::string_view text = trim_cell(cells[i]);
        if (text.empty()) {
            h.unnamed[i] =
                true;  // Excel leaves trailing empty header cells; their data must be empty
            continue;
        }
        const auto column = column_from_header(text);
        if (!column) {
            problems.add(
                line, text, "ledger.unknown_column",
                "unknown column; accepted: " + accepted_column_names() +
                    (gbk ? " (the file was read as GBK because it is not valid UTF-8)" : ""));
            continue;
        }
        const auto c = static_cast<size_t>(*column);
        if (h.index[c] >= 0) {
            problems.add(line, text, "ledger.duplicate_column",
                         "the column " + std::string(column_label(*column)) +
                             " is already given as " + quoted(h.text[c]) + " (cell " +
                             std::to_string(h.index[c] + 1) + ")");
            continue;
        }
        h.index[c] = static_cast<int>(i);
        h.text[c] = std::string(text);
    }
    for (size_t c = 0; c < kColumnCount; ++c) {
        const auto column = static_cast<Column>(c);
        if (column_required(column) && h.index[c] < 0) {
            problems.add(line, column_label(column), "ledger.missing_column",
                         "required column is missing (header has " + std::to_string(cells.size()) +
                             " cells)");
        }
    }
    return problems.empty();
}

bool is_blank(const std::vector<std::string_view>& cells) {
    return std::all_of(cells.begin(), cells.end(),
                       [](std::string_view c) { return trim_cell(c).empty(); });
}

// Fills h from one record; adds problems for what is wrong with it.
void read_row(const std::vector<std::string_view>& cells, const Header& header, Household& h,
              Problems& problems) {
    const int line = h.line;
    auto cell = [&](Column c) -> std::string_view {
        const int i = header.index[static_cast<size_t>(c)];
        return i >= 0 && static_cast<size_t>(i) < cells.size()
                   ? trim_cell(cells[static_cast<size_t>(i)])
                   : std::string_view();
    };
    auto label = [&](Column c) -> std::string_view { return header.text[static_cast<size_t>(c)]; };

    for (size_t i = 0; i < cells.size(); ++i) {
        const bool beyond = i >= header.width;
        if ((beyond || header.unnamed[i]) && !trim_cell(cells[i]).empty()) {
            problems.add(line, "", beyond ? "ledger.bad_csv" : "ledger.unknown_column",
                         "cell " + std::to_string(i + 1) + " " + quoted(trim_cell(cells[i])) +
                             (beyond ? " is beyond the last column of the header"
                                     : " is under a column with no header"));
            break;
        }
    }

    std::string* hierarchy[] = {&h.district, &h.street, &h.community, &h.grid};
    const Column hierarchy_columns[] = {Column::District, Column::Street, Column::Community,
                                        Column::Grid};
    for (size_t k = 0; k < 4; ++k) {
        const std::string_view v = cell(hierarchy_columns[k]);
        if (v.empty()) {
            problems.add(line, label(hierarchy_columns[k]), "ledger.missing_value",
                         "required, but empty");
        }
        hierarchy[k]->assign(v);
    }

    bool address_ok = true;
    if (auto p = parse_building(cell(Column::Building), h.building)) {
        problems.add(line, label(Column::Building), *p);
        address_ok = false;
    }
    if (auto p = parse_unit(cell(Column::Unit), h.unit)) {
        problems.add(line, label(Column::Unit), *p);
        address_ok = false;
    }
    AddressParts parts;
    if (auto p = parse_room_cell(cell(Column::Room), parts)) {
        problems.add(line, label(Column::Room), *p);
        address_ok = false;
    }
    if (address_ok) {
        // The room cell may carry the whole address; it must agree with the building/unit cells.
        auto merge = [&](std::string& into, const std::string& from, Column column,
                         const char* what) {
            if (from.empty()) return true;
            if (!into.empty() && into != from) {
                problems.add(line, label(Column::Room), "ledger.bad_room",
                             std::string("the room ") + quoted(cell(Column::Room)) + " says " +
                                 what + " " + from + " but " + quoted(label(column)) + " says " +
                                 into);
                return false;
            }
            into = from;
            return true;
        };
        address_ok = merge(h.building, parts.building, Column::Building, "building") &&
                     merge(h.unit, parts.unit, Column::Unit, "unit");
        h.room = std::move(parts.room);
    }
    if (address_ok && !h.unit.empty() && h.building.empty()) {
        const Column where = parts.unit.empty() ? Column::Unit : Column::Room;
        problems.add(line, label(where), "ledger.bad_unit",
                     "unit " + h.unit + " is given without a building");
        address_ok = false;
    }
    if (address_ok) {
        h.address.clear();
        h.address.reserve(h.building.size() + h.unit.size() + h.room.size() + 2);
        if (!h.building.empty()) h.address.append(h.building).push_back('-');
        if (!h.unit.empty()) h.address.append(h.unit).push_back('-');
        h.address.append(h.room);
    }

    if (auto p = parse_members(cell(Column::Members), h.members)) {
        problems.add(line, label(Column::Members), *p);
    }
    h.contact.assign(cell(Column::Contact));
    bool phone_ok = true;
    if (auto p = parse_phone(cell(Column::Phone), h.phone)) {
        problems.add(line, label(Column::Phone), *p);
        phone_ok = false;
    }
    TagSet tags;
    if (auto p = parse_tags(cell(Column::Tags), tags)) {
        problems.add(line, label(Column::Tags), *p);
    } else {
        h.tags = tags.tags;
        h.isolation_until = std::move(tags.isolation_until);
        h.monitoring_until = std::move(tags.monitoring_until);
        if (has_tag(h.tags, Tag::NoChat) && phone_ok && h.phone.empty()) {
            const Column where = header.index[static_cast<size_t>(Column::Phone)] >= 0
                                     ? Column::Phone
                                     : Column::Tags;
            problems.add(line, label(where), "ledger.no_chat_without_phone",
                         "household " + (h.address.empty() ? std::string("?") : h.address) +
                             " is no_chat (phone only) but has no phone number");
        }
    }
}

// Households are the same when district, street, community, grid and address match.
struct HouseholdKey {
    const std::vector<Household>* rows;
    size_t operator()(size_t i) const {
        const Household& h = (*rows)[i];
        size_t seed = 0;
        for (const std::string* s : {&h.district, &h.street, &h.community, &h.grid, &h.address}) {
            seed ^=
                std::hash<std::string>{}(*s) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
        }
        return seed;
    }
    bool operator()(size_t a, size_t b) const {
        const Household& x = (*rows)[a];
        const Household& y = (*rows)[b];
        return x.address == y.address && x.grid == y.grid && x.community == y.community &&
               x.street == y.street && x.district == y.district;
    }
};

void find_duplicates(const std::vector<Household>& rows, const std::string& room_label,
                     Problems& problems) {
    const HouseholdKey key{&rows};
    std::unordered_set<size_t, HouseholdKey, HouseholdKey> seen(rows.size() * 2 + 1, key, key);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].address.empty()) continue;  // already reported as a bad address
        auto [it, inserted] = seen.insert(i);
        if (inserted) continue;
        const Household& first = rows[*it];
        const Household& again = rows[i];
        problems.add(again.line, room_label, "ledger.duplicate_household",
                     "household " + again.address + " in " + again.district + "/" + again.street +
                         "/" + again.community + "/" + again.grid + " is listed twice, on line " +
                         std::to_string(first.line) + " and line " + std::to_string(again.line));
        if (problems.full()) return;
    }
}

// The records of any reader with CsvReader's next/line/error_message: the
// header, then every row validated, then duplicates across rows.
template <typename Reader>
Result<LedgerFile> parse_records(Reader& reader, LedgerFile file, size_t expected_rows) {
    Problems problems(file.name);
    std::vector<std::string_view> cells;
    cells.reserve(16);
    Header header;
    bool have_header = false;

    while (!problems.full()) {
        const auto status = reader.next(cells);
        if (status == Reader::Status::End) break;
        if (status == Reader::Status::Error) {
            problems.add(reader.line(), "",
                         file.encoding == "xlsx" ? "ledger.bad_xlsx" : "ledger.bad_csv",
                         reader.error_message());
            break;
        }
        if (is_blank(cells)) continue;
        if (!have_header) {
            have_header = true;
            if (!read_header(cells, reader.line(), file.encoding == "gbk", header, problems)) break;
            for (size_t c = 0; c < kColumnCount; ++c) file.has_column[c] = header.index[c] >= 0;
            file.households.reserve(expected_rows);
            continue;
        }
        Household& h = file.households.emplace_back();
        h.line = reader.line();
        read_row(cells, header, h, problems);
    }
    if (!have_header && problems.empty()) {
        problems.add(1, "", "ledger.missing_column",
                     "the file has no header line; expected columns " + accepted_column_names());
    }
    if (!problems.full() && have_header) {
        find_duplicates(file.households, header.text[static_cast<size_t>(Column::Room)], problems);
    }
    if (!problems.empty()) return problems.to_error();
    return file;
}

}  // namespace

Result<LedgerFile> parse_ledger(std::string_view bytes, const std::string& name) {
    DecodedText decoded;
    if (auto e = decode_ledger_bytes(bytes, name, decoded)) return *e;
    LedgerFile file;
    file.name = name;
    file.encoding = decoded.encoding;
    CsvReader reader(decoded.text);
    return parse_records(reader, std::move(file), CsvReader::count_lines(decoded.text));
}

Result<LedgerFile> read_xlsx_ledger(const std::string& path, const std::string& sheet) {
    auto rows = XlsxRows::open(path, sheet);
    if (!rows) return rows.error();
    LedgerFile file;
    // Problems read "<file>[<sheet>]:<row>: <column>: ...".
    file.name = path + "[" + rows.value()->sheet_name() + "]";
    file.encoding = "xlsx";
    return parse_records(*rows.value(), std::move(file), 0);
}

Result<LedgerFile> read_ledger(const std::string& path, const std::string& sheet) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"ledger.io", path + ": cannot open: " + std::strerror(errno)};
    char magic[4] = {};
    in.read(magic, sizeof magic);
    if (looks_like_xlsx(std::string_view(magic, static_cast<size_t>(in.gcount())))) {
        return read_xlsx_ledger(path, sheet);
    }
    if (!sheet.empty()) {
        return Error{"ledger.no_sheet", path + ": --sheet " + sheet +
                                            ": only an .xlsx workbook has sheets; this is CSV"};
    }
    in.clear();
    std::string bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0) {
        bytes.resize(static_cast<size_t>(size));
        in.seekg(0, std::ios::beg);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    if (!in) return Error{"ledger.io", path + ": cannot read: " + std::strerror(errno)};
    return parse_ledger(bytes, path);
}

}  // namespace gridbot::ledger
