// Validating a ledger's header and rows, one record at a time.
#include "bot/ledger/rows.h"

#include <algorithm>

namespace gridbot::ledger::detail {

void Problems::add(int line, std::string_view column, std::string id, std::string_view what) {
    std::string message = file_ + ":" + std::to_string(line) + ": ";
    if (!column.empty()) message.append(column).append(": ");
    message.append(what);
    list_.push_back({line, std::move(id), std::move(message)});
}

Error Problems::to_error() {
    std::stable_sort(list_.begin(), list_.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    const bool truncated = full();
    if (list_.size() > static_cast<size_t>(kMaxReportedErrors)) list_.resize(kMaxReportedErrors);
    Error e{list_.front().id, ""};
    for (const Problem& p : list_) {
        if (!e.message.empty()) e.message += '\n';
        e.message += p.message;
    }
    if (truncated)
        e.message += "\n(stopped after " + std::to_string(kMaxReportedErrors) + " problems)";
    return e;
}

std::string quoted(std::string_view v) { return std::string(1, '"').append(v).append(1, '"'); }

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

namespace {

// One record's cells, looked up by column through the header.
struct RowCells {
    const std::vector<std::string_view>& cells;
    const Header& header;

    // The trimmed cell of `c`; empty when the file has no such column or the record is short.
    std::string_view operator()(Column c) const {
        const int i = header.index[static_cast<size_t>(c)];
        return i >= 0 && static_cast<size_t>(i) < cells.size()
                   ? trim_cell(cells[static_cast<size_t>(i)])
                   : std::string_view();
    }
    // The column's name as the header writes it, for messages.
    std::string_view label(Column c) const { return header.text[static_cast<size_t>(c)]; }
};

// A value beyond the header's last cell or under an empty header cell: the first one found.
void check_unnamed_cells(const RowCells& cell, int line, Problems& problems) {
    const auto& cells = cell.cells;
    for (size_t i = 0; i < cells.size(); ++i) {
        const bool beyond = i >= cell.header.width;
        if ((beyond || cell.header.unnamed[i]) && !trim_cell(cells[i]).empty()) {
            problems.add(line, "", beyond ? "ledger.bad_csv" : "ledger.unknown_column",
                         "cell " + std::to_string(i + 1) + " " + quoted(trim_cell(cells[i])) +
                             (beyond ? " is beyond the last column of the header"
                                     : " is under a column with no header"));
            break;
        }
    }
}

void read_hierarchy(const RowCells& cell, Household& h, Problems& problems) {
    std::string* hierarchy[] = {&h.district, &h.street, &h.community, &h.grid};
    const Column hierarchy_columns[] = {Column::District, Column::Street, Column::Community,
                                        Column::Grid};
    for (size_t k = 0; k < 4; ++k) {
        const std::string_view v = cell(hierarchy_columns[k]);
        if (v.empty()) {
            problems.add(h.line, cell.label(hierarchy_columns[k]), "ledger.missing_value",
                         "required, but empty");
        }
        hierarchy[k]->assign(v);
    }
}

// The building, unit and room cells each on their own; false when one is malformed.
bool parse_address_cells(const RowCells& cell, Household& h, AddressParts& parts,
                         Problems& problems) {
    bool address_ok = true;
    if (auto p = parse_building(cell(Column::Building), h.building)) {
        problems.add(h.line, cell.label(Column::Building), *p);
        address_ok = false;
    }
    if (auto p = parse_unit(cell(Column::Unit), h.unit)) {
        problems.add(h.line, cell.label(Column::Unit), *p);
        address_ok = false;
    }
    if (auto p = parse_room_cell(cell(Column::Room), parts)) {
        problems.add(h.line, cell.label(Column::Room), *p);
        address_ok = false;
    }
    return address_ok;
}

// The room cell may carry the whole address; it must agree with the
// building/unit cells. False when it does not.
bool merge_room_parts(const RowCells& cell, Household& h, AddressParts& parts, Problems& problems) {
    auto merge = [&](std::string& into, const std::string& from, Column column, const char* what) {
        if (from.empty()) return true;
        if (!into.empty() && into != from) {
            problems.add(h.line, cell.label(Column::Room), "ledger.bad_room",
                         std::string("the room ") + quoted(cell(Column::Room)) + " says " + what +
                             " " + from + " but " + quoted(cell.label(column)) + " says " + into);
            return false;
        }
        into = from;
        return true;
    };
    const bool address_ok = merge(h.building, parts.building, Column::Building, "building") &&
                            merge(h.unit, parts.unit, Column::Unit, "unit");
    h.room = std::move(parts.room);
    return address_ok;
}

// "3-2-502": building, unit and room as far as they are given.
void join_address(Household& h) {
    h.address.clear();
    h.address.reserve(h.building.size() + h.unit.size() + h.room.size() + 2);
    if (!h.building.empty()) h.address.append(h.building).push_back('-');
    if (!h.unit.empty()) h.address.append(h.unit).push_back('-');
    h.address.append(h.room);
}

void read_address(const RowCells& cell, Household& h, Problems& problems) {
    AddressParts parts;
    bool address_ok = parse_address_cells(cell, h, parts, problems);
    if (address_ok) address_ok = merge_room_parts(cell, h, parts, problems);
    if (address_ok && !h.unit.empty() && h.building.empty()) {
        const Column where = parts.unit.empty() ? Column::Unit : Column::Room;
        problems.add(h.line, cell.label(where), "ledger.bad_unit",
                     "unit " + h.unit + " is given without a building");
        address_ok = false;
    }
    if (address_ok) join_address(h);
}

// Members, contact and phone; false when the phone is malformed.
bool read_members_and_contact(const RowCells& cell, Household& h, Problems& problems) {
    if (auto p = parse_members(cell(Column::Members), h.members)) {
        problems.add(h.line, cell.label(Column::Members), *p);
    }
    h.contact.assign(cell(Column::Contact));
    if (auto p = parse_phone(cell(Column::Phone), h.phone)) {
        problems.add(h.line, cell.label(Column::Phone), *p);
        return false;
    }
    return true;
}

// The tags and their end dates; a no_chat household (reached by phone only)
// needs a phone number, unless its phone cell was malformed (already a problem).
void read_tags(const RowCells& cell, bool phone_ok, Household& h, Problems& problems) {
    TagSet tags;
    if (auto p = parse_tags(cell(Column::Tags), tags)) {
        problems.add(h.line, cell.label(Column::Tags), *p);
        return;
    }
    h.tags = tags.tags;
    h.isolation_until = std::move(tags.isolation_until);
    h.monitoring_until = std::move(tags.monitoring_until);
    if (has_tag(h.tags, Tag::NoChat) && phone_ok && h.phone.empty()) {
        const Column where = cell.header.index[static_cast<size_t>(Column::Phone)] >= 0
                                 ? Column::Phone
                                 : Column::Tags;
        problems.add(h.line, cell.label(where), "ledger.no_chat_without_phone",
                     "household " + (h.address.empty() ? std::string("?") : h.address) +
                         " is no_chat (phone only) but has no phone number");
    }
}

}  // namespace

void read_row(const std::vector<std::string_view>& cells, const Header& header, Household& h,
              Problems& problems) {
    const RowCells cell{cells, header};
    check_unnamed_cells(cell, h.line, problems);
    read_hierarchy(cell, h, problems);
    read_address(cell, h, problems);
    const bool phone_ok = read_members_and_contact(cell, h, problems);
    read_tags(cell, phone_ok, h, problems);
}

}  // namespace gridbot::ledger::detail
