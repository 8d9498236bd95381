// The daily cycle end to end: a whole day on the sandbox with the manual clock
// (three grids), checking every scheduled message's numbers, the reminder's
// mentions, and that the API and `gridbot summary` agree with the messages.
#include <filesystem>

#include "bot/daily/schedule.h"
#include "daily_day.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "daily: a whole day — prompts, reports, digest, reminder, cutoff summaries, rollups, API and "
    "CLI agree") {
    Day day;
    day.run();

    // Each grid got exactly one prompt, one digest, and only grids with bound missing households a
    // reminder.
    for (const char* g : {"longtai-g01", "longtai-g02", "longtai-g03"}) {
        CHECK(day.lines_with(g, "☀️").size() == 1);
        CHECK(day.lines_with(g, "📋").size() == 1);
    }
    auto digest = day.lines_with("longtai-g01", "📋").at(0);
    CHECK(has(digest, "已报 2/3 户"));
    CHECK(has(digest, "1-1-101、1-1-102"));
    // The unbound sender who named a room got one short reply; the one who named none one hint.
    CHECK(day.lines_with("longtai-g01", "已为您登记 1-1-102").size() == 1);
    CHECK(day.lines_with("longtai-g02", "请先登记门牌").size() == 1);
    CHECK(day.lines_with("longtai-g03", "已代报 3-1-101").size() == 1);

    // Reminders: g01 misses only 1-1-201 (nobody bound: the call list's), g02 misses both
    // rooms and only u201 is bound; g03 is complete and gets none.
    CHECK(day.lines_with("longtai-g03", "⏰").empty());
    auto g02 = day.lines_with("longtai-g02", "⏰").at(0);
    CHECK(has(g02, "2/2"));
    CHECK(has(g02, "2-1-101、2-1-102"));
    auto mentions = day.mentions("remind:");
    CHECK(mentions["longtai-g02"] == std::vector<std::string>{"u201"});
    CHECK(mentions["longtai-g01"].empty());
    CHECK(mentions.count("longtai-g03") == 0);

    // Cutoff summaries go to the community's staff group, with names, phones and symptoms.
    std::string g01_summary;
    for (const auto& t : day.lines_with("longtai-staff", "📊")) {
        if (has(t, "第一网格")) g01_summary = t;
    }
    REQUIRE(!g01_summary.empty());
    CHECK(has(g01_summary, "已报 2/3 户"));
    CHECK(has(g01_summary, "异常 1 户"));
    CHECK(has(g01_summary,
              "1-1-102 何刚 15079955606：咳嗽、发热 38.5℃"));  // the later zero did not hide it
    CHECK(has(g01_summary, "未报门牌：1-1-201"));
    CHECK(has(g01_summary, "1-1-201 江娟 13516274373（无微信）"));

    // Rollups: the community's table covers its grids, worst first; the street's its community.
    auto community = day.lines_with("longtai-staff", "📈").at(1);
    CHECK(has(community, "已报 4/7 户（57.1%），异常 2 户，未报 3 户"));
    auto g02_row = community.find("第二网格：0/2（0.0%）");
    auto g01_row = community.find("第一网格：2/3（66.7%）");
    auto g03_row = community.find("第三网格：2/2（100.0%）");
    CHECK(g02_row != std::string::npos);
    CHECK(g02_row < g01_row);
    CHECK(g01_row < g03_row);
    CHECK(has(community, "发热 1"));
    auto street = day.lines_with("xianfeng-staff", "📈").at(1);
    CHECK(has(street, "龙台社区：4/7（57.1%）"));
    auto district = day.lines_with("district-staff", "📈").at(2);
    CHECK(has(district, "先锋街道：4/7（57.1%）"));

    // The API agrees with the messages, and `gridbot summary` (SQL) with the API (memory).
    json api = day.get("/api/v1/nodes/nangang/xianfeng/longtai/summary?day=2026-11-22");
    CHECK(api["households"] == 7);
    CHECK(api["reported"] == 4);
    CHECK(api["anomalies"] == 2);
    CHECK(api["missing"] == 3);
    CHECK(api["categories"]["fever"] == 1);
    CHECK(api["categories"]["diarrhea"] == 1);
    CHECK(api["children"][0]["code"] == "nangang/xianfeng/longtai/g02");
    auto cli =
        test::run_command(test::gridbot_binary() + " summary --config " + day.daemon.config() +
                          " --node nangang/xianfeng/longtai --day 2026-11-22");
    REQUIRE_MESSAGE(cli.exit_code == 0, cli.out);
    json from_cli = json::parse(cli.out.substr(
        cli.out.rfind("\n{") == std::string::npos ? cli.out.find('{') : cli.out.rfind("\n{") + 1));
    CHECK(from_cli == api);
    json district_api = day.get("/api/v1/nodes/nangang/summary");
    CHECK(district_api["reported"] == 4);
    CHECK(district_api["children"][0]["code"] == "nangang/xianfeng");

    json missing = day.get("/api/v1/nodes/nangang/xianfeng/longtai/households?status=missing");
    CHECK(missing["count"] == 3);
    json anomalies = day.get("/api/v1/nodes/nangang/xianfeng/longtai/households?status=anomaly");
    REQUIRE(anomalies["count"] == 2);
    CHECK(anomalies["households"][0]["room"] == "1-1-102");
    CHECK(anomalies["households"][0]["temperature"] == 38.5);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE(
    "daily: summary and households answer 400 on a bad day or status, 403 outside the token's "
    "subtree") {
    Day day;
    REQUIRE_MESSAGE(day.start(), day.daemon.log());
    auto bad_day = day.http->Get("/api/v1/nodes/nangang/summary?day=22-11-2026", day.auth());
    REQUIRE(bad_day);
    CHECK(bad_day->status == 400);
    auto bad_status = day.http->Get("/api/v1/nodes/nangang/households?status=sick", day.auth());
    REQUIRE(bad_status);
    CHECK(bad_status->status == 400);
    auto none = day.http->Get("/api/v1/nodes/nangang/summary");
    REQUIRE(none);
    CHECK(none->status == 401);
    auto unknown = day.http->Get("/api/v1/nodes/nangang/nowhere/summary", day.auth());
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
}

TEST_CASE(
    "daily: check-config renders every template with sample data and fails on a missing variable") {
    test::TempDir dir;
    auto ok =
        test::run_command(test::gridbot_binary() + " check-config --config config/example.toml");
    REQUIRE_MESSAGE(ok.exit_code == 0, ok.out);
    CHECK(ok.out.find("templates: ") != std::string::npos);
    // A copy of the templates with a typo in one variable.
    std::filesystem::copy("templates", dir.file("t"), std::filesystem::copy_options::recursive);
    test::write_file(dir.file("t/en/remind.mustache"), "{{grid_name}} misses {{missing_romos}}\n");
    std::string cfg = test::read_file("config/example.toml");
    cfg.replace(cfg.find("[parser]"), 0, "templates = \"" + dir.file("t") + "\"\n\n");
    test::write_file(dir.file("g.toml"), cfg);
    auto bad =
        test::run_command(test::gridbot_binary() + " check-config --config " + dir.file("g.toml"));
    CHECK(bad.exit_code != 0);
    CHECK(bad.out.find(
              "[templates.missing_variable] en/remind.mustache: variable \"missing_romos\"") !=
          std::string::npos);
}

TEST_CASE("daily: a node's schedule inherits the nearest ancestor's override per key") {
    auto cfg = config::load_string(R"(
[district]
code = "nangang"
name = "南岗区"
[schedule]
open = "08:00"
cutoff = "12:00"
[[schedule.overrides]]
node = "nangang/huayuan"
cutoff = "11:30"
remind = ["09:45"]
[[schedule.overrides]]
node = "nangang/huayuan/wenhua"
cutoff = "11:00"
)",
                                   "s.toml");
    REQUIRE_MESSAGE(cfg, cfg.error().to_string());
    auto g = daily::resolve_schedule(*cfg.value(), "nangang/huayuan/wenhua/g01");
    CHECK(g.cutoff == 11 * 60);
    CHECK(g.remind == std::vector<int>{9 * 60 + 45});
    CHECK(g.open == 8 * 60);
    auto other = daily::resolve_schedule(*cfg.value(), "nangang/huayuanx/a/g01");
    CHECK(other.cutoff == 12 * 60);
    auto dst_zone = config::load_string(
        "[district]\ncode = \"n\"\nname = \"N\"\ntimezone = \"America/New_York\"\n", "z.toml");
    CHECK(dst_zone);
    auto bad_zone = config::load_string(
        "[district]\ncode = \"n\"\nname = \"N\"\ntimezone = \"Mars/Olympus\"\n", "z.toml");
    REQUIRE(!bad_zone);
    CHECK(bad_zone.error().to_string().find("district.timezone") != std::string::npos);
}
