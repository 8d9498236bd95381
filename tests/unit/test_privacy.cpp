// The privacy policy (bot/privacy/policy.h) and the message table of
// docs/privacy.md: every template of every locale, rendered with a sample
// household (王小明, 13812345678) as each audience sees it, shows exactly
// what the table says.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bot/compose/templates.h"
#include "bot/daily/summary.h"
#include "bot/ledger/ledger.h"
#include "bot/privacy/policy.h"

using namespace gridbot;
using nlohmann::json;
using privacy::Audience;

namespace {

const std::string kName = "王小明", kPhone = "13812345678", kMaskedName = "王*",
                  kMaskedPhone = "138****5678";

// A table row of docs/privacy.md: the `template` names in its second cell, its cells.
struct Row {
    std::vector<std::string> templates;
    std::vector<std::string> cells;
};

std::vector<std::string> split_cells(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    for (size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '|') {
            size_t b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
            out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    return out;
}

std::vector<std::string> backticked(const std::string& cell) {
    std::vector<std::string> out;
    for (size_t b = cell.find('`'); b != std::string::npos; b = cell.find('`', b)) {
        size_t e = cell.find('`', b + 1);
        if (e == std::string::npos) break;
        out.push_back(cell.substr(b + 1, e - b - 1));
        b = e + 1;
    }
    return out;
}

// The rows of the table under `heading` in docs/privacy.md.
std::vector<Row> table(const std::string& heading) {
    std::ifstream in("docs/privacy.md");
    REQUIRE_MESSAGE(in, "docs/privacy.md: run from the repository root");
    std::vector<Row> rows;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) inside = line == "## " + heading;
        if (!inside || line.rfind("| ", 0) != 0) continue;
        auto cells = split_cells(line);
        if (cells.size() < 2) continue;
        auto names = backticked(cells[1]);
        if (!names.empty()) rows.push_back({names, cells});
    }
    return rows;
}

// The sample household's day in one grid: an anomaly, and a missing phone-only household.
std::vector<store::HouseholdDay> sample_day() {
    store::HouseholdDay ill;
    ill.id = 1;
    ill.grid_code = "nangang/a/b/g01";
    ill.address = "1-1-101";
    ill.contact = kName;
    ill.phone = kPhone;
    ill.status = store::DayStatus::Anomaly;
    ill.categories = {"diarrhea"};
    ill.temperature = 39.2;
    store::HouseholdDay phone_only = ill;
    phone_only.id = 2;
    phone_only.address = "1-1-201";
    phone_only.status = store::DayStatus::Missing;
    phone_only.categories.clear();
    phone_only.temperature.reset();
    phone_only.tags = static_cast<uint16_t>(ledger::Tag::NoChat);
    return {ill, phone_only};
}

// Every variable any template names, with values that hold no personal data;
// the sample household's fields come from the policy for `audience`, and the
// two messages with a builder of their own (cutoff summary, rollup) from it.
json sample(const std::string& kind, Audience audience, const std::string& locale) {
    if (kind == "cutoff_summary") {
        return daily::grid_summary_data("nangang/a/b/g01", "第一网格", "2026-11-22", "刘某",
                                        sample_day(), audience, locale);
    }
    if (kind == "rollup") {
        daily::Counts c;
        c.households = 2;
        c.anomaly = 1;
        c.categories["diarrhea"] = 1;
        json s =
            daily::node_summary("nangang/a/b", "2026-11-22", {{"nangang/a/b/g01", c}},
                                {{"nangang/a/b", "龙台社区"}, {"nangang/a/b/g01", "第一网格"}});
        return daily::rollup_data(s, "12:30", audience, locale);
    }
    json d = {{"id", 17},
              {"number", "第74号"},
              {"number_digits", "74"},
              {"exercise", true},
              {"title", "关于居家防护的通知"},
              {"body", "请各户今日完成零报告。"},
              {"issuer_name", "南岗区"},
              {"ack_required", true},
              {"has_expires", true},
              {"expires", "2026-11-23T08:00:00+08:00"},
              {"ref_number", "第73号"},
              {"ref_number_digits", "73"},
              {"ref_title", "关于核酸检测的通知"},
              {"grid_name", "第一网格"},
              {"group_name", "第一网格居民群"},
              {"day", "2026-11-22"},
              {"households", 30},
              {"time", "09:00"},
              {"reported", 2},
              {"missing", 28},
              {"rooms", "1-1-101、1-1-102"},
              {"has_rooms", true},
              {"missing_rooms", "1-1-201"},
              {"mentioned", 1},
              {"count", 1},
              {"first_room", "1-1-201"},
              {"left", 3},
              {"room", "1-1-101"},
              {"previous", "1-1-102"},
              {"is_zero", false},
              {"no_room", false},
              {"unknown_room", true},
              {"not_a_report", false},
              {"is_leader", true},
              {"is_staff", false},
              {"unattributed", false},
              {"reporter", ""},
              {"report_text", ""},
              {"stated_room", ""},
              {"raised", false},
              {"joined", false},
              {"attributed", false},
              {"added", ""},
              {"leader", "刘某"},
              {"acknowledged", true},
              {"remark", "已电话联系"},
              {"has_remark", true},
              {"already_resolved", true},
              {"already_acknowledged", false},
              {"category", "腹泻"},
              {"urgent", true},
              {"green", true},
              {"node_name", "第一网格"},
              {"has_room", true},
              {"temperature", "39.2℃"},
              {"is_cluster", false},
              {"opened", "2026-11-22 08:30"},
              {"elapsed", "2小时"},
              {"level", "街道"},
              {"below", "社区"},
              {"not_acted", "网格长刘某"},
              {"has_not_acted", true},
              {"after_ack", false},
              {"reopened", false},
              {"found", true},
              {"no_label", false},
              {"numbered", true},
              {"zero", false},
              {"health", true},
              {"utility", false},
              {"supplies", false},
              {"travel", false},
              {"visitor", false},
              {"recorded", true}};
    // 更正's reply names the corrected categories in staff groups only.
    d["categories"] = audience == Audience::Residents ? "" : "腹泻";
    d["has_categories"] = audience != Audience::Residents;
    json call = privacy::contact_fields(audience, kName, kPhone);
    for (const auto& [k, v] : call.items()) d[k] = v;
    call["room"] = "1-1-201";
    call["no_chat"] = true;
    d["calls"] = json::array({call});
    return d;
}

// What a cell of the table says the text holds of the sample household.
void check_cell(const std::string& where, const std::string& cell, const std::string& text) {
    INFO(where, "\n", text);
    bool full_name = text.find(kName) != std::string::npos,
         full_phone = text.find(kPhone) != std::string::npos;
    bool masked_name = text.find(kMaskedName) != std::string::npos;
    bool masked_phone = text.find(kMaskedPhone) != std::string::npos;
    if (cell == kName + " " + kPhone) {
        CHECK(full_name);
        CHECK(full_phone);
    } else if (cell == kMaskedName + " " + kMaskedPhone) {
        CHECK(masked_name);
        CHECK(masked_phone);
        CHECK_FALSE(full_name);
        CHECK_FALSE(full_phone);
    } else {
        REQUIRE_MESSAGE(cell == "—", "unknown cell \"", cell, "\"");
        CHECK_FALSE(full_name);
        CHECK_FALSE(masked_name);
        CHECK_FALSE(full_phone);
        CHECK_FALSE(masked_phone);
        CHECK(text.find("5678") == std::string::npos);
    }
}

}  // namespace

TEST_CASE("privacy: names and phones are masked as 王* and 138****5678") {
    CHECK(privacy::mask_name("王芳") == "王*");
    CHECK(privacy::mask_name("欧阳娜娜") == "欧*");
    CHECK(privacy::mask_name("Li") == "L*");
    CHECK(privacy::mask_name("") == "");
    CHECK(privacy::mask_phone("13812345678") == "138****5678");
    CHECK(privacy::mask_phone("045186001234") == "045*****1234");
    CHECK(privacy::mask_phone("12345") == "*****");
}

TEST_CASE("privacy: the policy's table and the one derivation of an audience") {
    using privacy::Field;
    CHECK(privacy::show(Audience::Residents, Field::Name, kName).empty());
    CHECK(privacy::show(Audience::Residents, Field::Phone, kPhone).empty());
    CHECK(privacy::show(Audience::Residents, Field::Health, "fever").empty());
    CHECK(privacy::show(Audience::Residents, Field::Room, "1-1-101") == "1-1-101");
    CHECK(privacy::show(Audience::Grid, Field::Name, kName) == kName);
    CHECK(privacy::show(Audience::Grid, Field::Phone, kPhone) == kPhone);
    CHECK(privacy::show(Audience::Above, Field::Name, kName) == kMaskedName);
    CHECK(privacy::show(Audience::Above, Field::Phone, kPhone) == kMaskedPhone);
    CHECK(privacy::show(Audience::Above, Field::Health, "fever") == "fever");
    CHECK(privacy::contact_fields(Audience::Residents, kName, kPhone)["has_contact"] == false);

    const std::string grid = "nangang/a/b/g01", community = "nangang/a/b";
    // A residents' group reads as residents even when the configuration unmasks.
    CHECK(privacy::group_audience(true, grid, grid, community, false) == Audience::Residents);
    // The grid's own staff group and the one where its leaders sit with the level above.
    CHECK(privacy::group_audience(false, grid, grid, community, true) == Audience::Grid);
    CHECK(privacy::group_audience(false, community, grid, community, true) == Audience::Grid);
    // A staff group higher up, or the level above when the grid's leaders sit elsewhere.
    CHECK(privacy::group_audience(false, "nangang/a", grid, community, true) == Audience::Above);
    CHECK(privacy::group_audience(false, "nangang/a", grid, community, false) == Audience::Grid);
    // Tokens: a grid token on its own grid; every other role above.
    CHECK(privacy::token_audience(true, grid, grid, true) == Audience::Grid);
    CHECK(privacy::token_audience(true, "nangang/a/b/g02", grid, true) == Audience::Above);
    CHECK(privacy::token_audience(false, community, grid, true) == Audience::Above);
    CHECK(privacy::token_audience(false, "nangang", grid, false) == Audience::Grid);
}

TEST_CASE("privacy: every template in both locales shows each audience what docs/privacy.md says") {
    auto rows = table("Messages");
    REQUIRE(rows.size() >= 10);
    std::map<std::string, const Row*> by_template;
    for (const auto& r : rows) {
        REQUIRE(r.cells.size() >= 5);
        for (const auto& t : r.templates)
            CHECK_MESSAGE(by_template.emplace(t, &r).second, t, " is in two rows");
    }
    const std::pair<Audience, size_t> columns[] = {
        {Audience::Residents, 2}, {Audience::Grid, 3}, {Audience::Above, 4}};
    size_t rendered = 0;
    for (const char* folder : {"zh-CN", "en"}) {
        const std::string locale = folder;
        auto t = compose::Templates::load("templates", locale);
        REQUIRE_MESSAGE(t, t.error().to_string());
        std::set<std::string> seen;
        for (const auto& kind : t.value()->kinds()) {
            auto row = by_template.find(kind);
            REQUIRE_MESSAGE(row != by_template.end(), kind, ".mustache is not in docs/privacy.md");
            seen.insert(kind);
            for (auto [audience, column] : columns) {
                const std::string& cell = row->second->cells[column];
                if (cell == "not sent") continue;
                auto text = t.value()->render(kind, sample(kind, audience, locale));
                REQUIRE_MESSAGE(text, text.error().to_string());
                std::string where =
                    locale + "/" + kind + " for " + std::string(privacy::audience_name(audience));
                check_cell(where, cell, text.value());
                if (audience == Audience::Residents) {
                    // No health data in a residents' group: no category, no temperature.
                    for (const char* word : {"腹泻", "diarrhoea", "39.2"}) {
                        CHECK_MESSAGE(text.value().find(word) == std::string::npos, where, ": ",
                                      text.value());
                    }
                }
                ++rendered;
            }
        }
        for (const auto& [name, row] : by_template)
            CHECK_MESSAGE(seen.count(name), name, " has no ", locale, " template");
    }
    CHECK(rendered >= 150);
}
