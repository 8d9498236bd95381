#include "bot/ledger/columns.h"

#include "bot/ledger/cells.h"

namespace gridbot::ledger {
namespace {

struct HeaderWord {
    std::string_view word;
    Column column;
};

constexpr HeaderWord kHeaderWords[] = {
    {"区", Column::District},        {"district", Column::District},
    {"区县", Column::District},      {"所属区", Column::District},
    {"街道", Column::Street},        {"street", Column::Street},
    {"街道办", Column::Street},      {"所属街道", Column::Street},
    {"社区", Column::Community},     {"community", Column::Community},
    {"所属社区", Column::Community}, {"网格", Column::Grid},
    {"grid", Column::Grid},          {"所属网格", Column::Grid},
    {"网格名称", Column::Grid},      {"楼栋", Column::Building},
    {"building", Column::Building},  {"楼号", Column::Building},
    {"楼", Column::Building},        {"栋", Column::Building},
    {"单元", Column::Unit},          {"unit", Column::Unit},
    {"单元号", Column::Unit},        {"门牌", Column::Room},
    {"room", Column::Room},          {"门牌号", Column::Room},
    {"房号", Column::Room},          {"室", Column::Room},
    {"房间号", Column::Room},        {"人数", Column::Members},
    {"members", Column::Members},    {"人口", Column::Members},
    {"家庭人数", Column::Members},   {"户人数", Column::Members},
    {"联系人", Column::Contact},     {"contact", Column::Contact},
    {"姓名", Column::Contact},       {"户主", Column::Contact},
    {"户主姓名", Column::Contact},   {"name", Column::Contact},
    {"电话", Column::Phone},         {"phone", Column::Phone},
    {"联系电话", Column::Phone},     {"手机", Column::Phone},
    {"手机号", Column::Phone},       {"手机号码", Column::Phone},
    {"mobile", Column::Phone},       {"tel", Column::Phone},
    {"标签", Column::Tags},          {"tags", Column::Tags},
    {"备注标签", Column::Tags},      {"tag", Column::Tags},
    {"人员类别", Column::Tags},
};

constexpr std::string_view kLabels[kColumnCount] = {
    "区/district", "街道/street",  "社区/community", "网格/grid",  "楼栋/building", "单元/unit",
    "门牌/room",   "人数/members", "联系人/contact", "电话/phone", "标签/tags",
};

std::optional<Column> lookup(std::string_view word) {
    std::array<char, 16> folded{};
    if (!word.empty() && word.size() <= folded.size() &&
        static_cast<unsigned char>(word[0]) < 0x80) {
        for (size_t i = 0; i < word.size(); ++i) {
            const char c = word[i];
            folded[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        }
        word = std::string_view(folded.data(), word.size());
    }
    for (const HeaderWord& w : kHeaderWords) {
        if (w.word == word) return w.column;
    }
    return std::nullopt;
}

}  // namespace

std::string_view column_label(Column column) { return kLabels[static_cast<size_t>(column)]; }

bool column_required(Column column) {
    return column == Column::District || column == Column::Street || column == Column::Community ||
           column == Column::Grid || column == Column::Room;
}

std::optional<Column> column_from_header(std::string_view header) {
    std::string scratch;
    header = trim_cell(to_halfwidth(trim_cell(header), scratch));
    if (auto c = lookup(header)) return c;
    // "门牌/room": every part must name the same column.
    const size_t slash = header.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto a = lookup(trim_cell(header.substr(0, slash)));
    const auto b = column_from_header(header.substr(slash + 1));
    if (a && b && *a == *b) return a;
    return std::nullopt;
}

std::string accepted_column_names() {
    std::string out;
    for (std::string_view label : kLabels) {
        if (!out.empty()) out += ", ";
        out += label;
    }
    return out;
}

}  // namespace gridbot::ledger
