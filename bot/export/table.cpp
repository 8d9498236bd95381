#include "bot/export/table.h"

#include <xlsxwriter.h>

namespace gridbot::exports {

namespace {

std::string csv_field(const Cell& c) {
    if (std::holds_alternative<std::monostate>(c)) return "";
    if (auto* i = std::get_if<int64_t>(&c)) return std::to_string(*i);
    if (auto* d = std::get_if<double>(&c)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4g", *d);
        return buf;
    }
    std::string s = std::get<std::string>(c);
    if (!s.empty() &&
        (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        s.insert(0, "'");
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char ch : s) {
        if (ch == '"') q += '"';
        q += ch;
    }
    return q + "\"";
}

void csv_line(std::ostream& out, const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << fields[i];
    out << "\r\n";
}

}  // namespace

void write_csv(const Table& t, std::ostream& out) {
    out << "\xEF\xBB\xBF";
    std::vector<std::string> fields;
    for (const auto& c : t.columns) fields.push_back(csv_field(c.title));
    csv_line(out, fields);
    for (const auto& row : t.rows) {
        fields.clear();
        for (const auto& c : row) fields.push_back(csv_field(c));
        csv_line(out, fields);
    }
}

Result<bool> write_xlsx(const Table& t, const std::string& path) {
    lxw_workbook* wb = workbook_new(path.c_str());
    if (!wb) return Error{"export.write", "cannot create " + path};
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet.c_str());
    lxw_format* head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xDDEBF7);
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format(percent, "0.0%");
    for (size_t c = 0; c < t.columns.size(); ++c) {
        auto col = static_cast<lxw_col_t>(c);
        worksheet_set_column(ws, col, col, t.columns[c].width,
                             t.columns[c].kind == ColumnKind::Percent ? percent : nullptr);
        worksheet_write_string(ws, 0, col, t.columns[c].title.c_str(), head);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < t.rows.size(); ++r) {
        auto row = static_cast<lxw_row_t>(r + 1);
        for (size_t c = 0; c < t.rows[r].size() && c < t.columns.size(); ++c) {
            auto col = static_cast<lxw_col_t>(c);
            lxw_format* f = t.columns[c].kind == ColumnKind::Percent ? percent : nullptr;
            const Cell& cell = t.rows[r][c];
            if (auto* s = std::get_if<std::string>(&cell)) {
                worksheet_write_string(ws, row, col, s->c_str(), nullptr);
            } else if (auto* i = std::get_if<int64_t>(&cell)) {
                worksheet_write_number(ws, row, col, static_cast<double>(*i), f);
            } else if (auto* d = std::get_if<double>(&cell)) {
                worksheet_write_number(ws, row, col, *d, f);
            }
        }
    }
    if (workbook_close(wb) != LXW_NO_ERROR) return Error{"export.write", "cannot write " + path};
    return true;
}

}  // namespace gridbot::exports
