#include "bot/ledger/groups_ledger.h"

#include <array>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "bot/core/join_link.h"
#include "bot/ledger/cells.h"
#include "bot/ledger/csv.h"
#include "bot/ledger/encoding.h"
#include "bot/ledger/xlsx.h"

namespace gridbot::ledger {

namespace {

enum Col { Node, Channel, Id, Audience, Name, JoinLink, LeaderName, LeaderPhone, LeaderIds, kCols };

// Accepted header names per column, Chinese first.
const std::array<std::vector<std::string_view>, kCols> kNames = {{
    {"节点", "节点编码", "node"},
    {"渠道", "平台通道", "channel"},
    {"群号", "群ID", "群id", "group id", "group_id", "group"},
    {"类型", "群类型", "audience"},
    {"群名", "群名称", "name"},
    {"入群链接", "邀请链接", "join link", "join_link"},
    {"负责人", "网格长", "leader", "leader name"},
    {"负责人电话", "电话", "leader phone", "phone"},
    {"平台账号", "负责人账号", "leader ids", "ids"},
}};

struct Reading {
    GroupsFile file;
    std::array<int, kCols> index{};
    std::array<std::string, kCols> header{};
    std::vector<std::string> problems;
    std::set<std::pair<std::string, std::string>> seen;

    void problem(int line, int col, const std::string& what) {
        if (problems.size() < 20)
            problems.push_back(file.name + ":" + std::to_string(line) + ": " +
                               (col >= 0 ? header[static_cast<size_t>(col)] + ": " : "") + what);
    }

    void read_header(const std::vector<std::string_view>& cells, int line) {
        index.fill(-1);
        for (size_t i = 0; i < cells.size(); ++i) {
            std::string cell(trim_cell(cells[i]));
            for (int c = 0; c < kCols; ++c)
                for (auto n : kNames[static_cast<size_t>(c)])
                    if (cell == n && index[static_cast<size_t>(c)] < 0) {
                        index[static_cast<size_t>(c)] = static_cast<int>(i);
                        header[static_cast<size_t>(c)] = cell;
                    }
        }
        for (int c : {Node, Channel, Id}) {
            if (index[static_cast<size_t>(c)] < 0)
                problem(line, -1,
                        "missing column " + std::string(kNames[static_cast<size_t>(c)][0]) + " (" +
                            std::string(kNames[static_cast<size_t>(c)].back()) + ")");
        }
    }

    std::string cell(const std::vector<std::string_view>& cells, int col) const {
        int i = index[static_cast<size_t>(col)];
        return i >= 0 && static_cast<size_t>(i) < cells.size() ? std::string(trim_cell(cells[i]))
                                                               : std::string();
    }

    void read_row(const std::vector<std::string_view>& cells, int line) {
        GroupRow r;
        r.line = line;
        r.node = cell(cells, Node);
        r.channel = cell(cells, Channel);
        r.id = cell(cells, Id);
        r.name = cell(cells, Name);
        r.join_link = cell(cells, JoinLink);
        r.leader_name = cell(cells, LeaderName);
        r.leader_phone = cell(cells, LeaderPhone);
        for (int c : {Node, Channel, Id})
            if (cell(cells, c).empty()) problem(line, c, "empty");
        std::string a = cell(cells, Audience);
        if (a.empty() || a == "居民" || a == "居民群" || a == "residents") {
            r.audience = "residents";
        } else if (a == "工作" || a == "工作群" || a == "staff") {
            r.audience = "staff";
        } else {
            problem(line, Audience, "expected 居民 (residents) or 工作 (staff), got \"" + a + "\"");
        }
        if (auto wrong = join_link_problem(r.join_link))
            problem(line, JoinLink,
                    "expected " + *wrong + ", got \"" + r.join_link.substr(0, 80) + "\"");
        std::istringstream ids(cell(cells, LeaderIds));
        for (std::string pair; std::getline(ids, pair, ';');) {
            if (trim_cell(pair).empty()) continue;
            auto colon = pair.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
                problem(line, LeaderIds,
                        "expected channel:user;channel:user, got \"" + pair + "\"");
                continue;
            }
            r.leader_ids[std::string(trim_cell(pair.substr(0, colon)))] =
                std::string(trim_cell(pair.substr(colon + 1)));
        }
        if (!r.leader_ids.empty() && r.leader_name.empty())
            problem(line, LeaderName, "the leader's platform ids need the leader's name");
        if (!r.channel.empty() && !r.id.empty() && !seen.insert({r.channel, r.id}).second)
            problem(line, Id, "group " + r.channel + "/" + r.id + " is listed twice");
        file.rows.push_back(std::move(r));
    }

    template <typename Reader>
    void run(Reader& reader, const char* bad_id) {
        std::vector<std::string_view> cells;
        bool have_header = false;
        for (;;) {
            auto status = reader.next(cells);
            if (status == Reader::Status::End) break;
            if (status == Reader::Status::Error) {
                problems.push_back(file.name + ":" + std::to_string(reader.line()) + ": [" +
                                   bad_id + "] " + reader.error_message());
                return;
            }
            bool blank = true;
            for (auto c : cells) blank = blank && trim_cell(c).empty();
            if (blank) continue;
            if (!have_header) {
                have_header = true;
                read_header(cells, reader.line());
                if (!problems.empty()) return;
                continue;
            }
            read_row(cells, reader.line());
        }
        if (!have_header) problem(1, -1, "the file has no header line");
    }
};

Result<GroupsFile> finish(Reading& r) {
    if (r.problems.empty()) return std::move(r.file);
    std::string message;
    for (const auto& p : r.problems) message += (message.empty() ? "" : "\n") + p;
    return Error{"ledger.bad_group", message};
}

}  // namespace

Result<GroupsFile> read_groups_ledger(const std::string& path, const std::string& sheet) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"ledger.io", path + ": cannot open: " + std::strerror(errno)};
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    Reading r;
    if (looks_like_xlsx(std::string_view(bytes).substr(0, 4))) {
        auto rows = XlsxRows::open(path, sheet);
        if (!rows) return rows.error();
        r.file.name = path + "[" + rows.value()->sheet_name() + "]";
        r.run(*rows.value(), "ledger.bad_xlsx");
        return finish(r);
    }
    if (!sheet.empty())
        return Error{"ledger.no_sheet", path + ": --sheet " + sheet + ": this is CSV, not .xlsx"};
    DecodedText decoded;
    if (auto e = decode_ledger_bytes(bytes, path, decoded)) return *e;
    r.file.name = path;
    CsvReader reader(decoded.text);
    r.run(reader, "ledger.bad_csv");
    return finish(r);
}

}  // namespace gridbot::ledger
