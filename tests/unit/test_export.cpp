// Exports (issue 16 item 3): a node's completion table, missing households and
// incidents as .xlsx or CSV, from the dashboard's routes and `gridbot export`.
// The workbooks are read back by openpyxl (Debian's python3-openpyxl), an
// independent reader.
#include <algorithm>
#include <sstream>

#include "bot/export/table.h"
#include "daily_day.h"
#include "db_query.h"
#include "notice_district.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

const std::string kGridToken = "gb_test-grid-token-export";
const std::string kCommunity = "nangang/xianfeng/longtai";

std::string grid_token() {
    return "\n[[tokens]]\nname = \"g01-leader\"\nsha256 = \"" + http::token_hash(kGridToken) +
           "\"\nrole = \"grid\"\nnode = \"nangang/xianfeng/longtai/g01\"\n";
}

// The workbook at `path` as openpyxl reads it.
json read_xlsx(const std::string& path) {
    auto r = test::run_command("/usr/bin/python3 tests/data/export/read_xlsx.py " + path);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return json::parse(r.out);
}

httplib::Result download(Day& day, const std::string& path, const std::string& token) {
    return day.http->Get(path, {{"Authorization", "Bearer " + token}});
}

}  // namespace

TEST_CASE("export: CSV is UTF-8 with a BOM, quoted per RFC 4180, formulas defused") {
    // Proves the CSV writer quotes commas, quotes and line breaks, writes numbers bare, and
    // prefixes a cell a spreadsheet would run as a formula.
    exports::Table t{"s",
                     {{"房号"}, {"备注"}, {"户数", exports::ColumnKind::Integer}},
                     {{std::string("1-1-101"), std::string("说\"好\",明天"), int64_t{3}},
                      {std::string("=HYPERLINK(\"x\")"), std::string("a\nb"), int64_t{0}},
                      {std::string("-1"), std::monostate{}, std::string("@SUM(A1)")}}};
    std::ostringstream out;
    exports::write_csv(t, out);
    CHECK(out.str() ==
          "\xEF\xBB\xBF房号,备注,户数\r\n"
          "1-1-101,\"说\"\"好\"\",明天\",3\r\n"
          "\"'=HYPERLINK(\"\"x\"\")\",\"a\nb\",0\r\n"
          "'-1,,'@SUM(A1)\r\n");
}

TEST_CASE("export: the completion workbook holds the summary's numbers and is audited") {
    // Proves GET …/export/summary?format=xlsx gives a workbook that openpyxl reads with a
    // Chinese sheet name, a frozen header, numbers as numbers and a percent format, whose
    // rows equal GET …/summary's children and total, and that the download is audited.
    Day day;
    day.run();
    json summary = day.get("/api/v1/nodes/" + kCommunity + "/summary");
    long long audits = test::db_number(day.daemon.db(), "SELECT COUNT(*) FROM audit");
    auto r = download(day, "/api/v1/nodes/" + kCommunity + "/export/summary?format=xlsx",
                      test::daily::kAdminToken);
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    CHECK(r->get_header_value("Content-Type").find("spreadsheetml") != std::string::npos);
    CHECK(r->get_header_value("Content-Disposition").find(".xlsx") != std::string::npos);
    std::string path = day.dir.file("summary.xlsx");
    test::write_file(path, r->body);
    json wb = read_xlsx(path);
    CHECK(wb["sheets"] == json::array({"完成情况"}));
    CHECK(wb["freeze"] == "A2");
    const json& rows = wb["rows"];
    REQUIRE(rows.size() == summary["children"].size() + 2);  // header, children, total
    CHECK(rows[0][0] == "节点");
    CHECK(wb["formats"][7] == "0.0%");
    for (size_t i = 0; i < summary["children"].size(); ++i) {
        const json& c = summary["children"][i];
        const json& row = rows[i + 1];
        CAPTURE(c.dump());
        CHECK(row[0] == c["code"]);
        CHECK(row[2] == c["households"]);
        CHECK(row[3] == c["reported"]);
        CHECK(row[5] == c["anomalies"]);
        CHECK(row[6] == c["missing"]);
        double share = c["households"].get<double>() > 0
                           ? c["reported"].get<double>() / c["households"].get<double>()
                           : 0.0;
        CHECK(row[7].get<double>() == doctest::Approx(share));
    }
    CHECK(rows.back()[2] == summary["households"]);
    CHECK(rows.back()[3] == summary["reported"]);
    CHECK(test::db_number(day.daemon.db(), "SELECT COUNT(*) FROM audit") == audits + 1);
    CHECK(test::db_query(day.daemon.db(), "SELECT action, rows FROM audit ORDER BY id DESC LIMIT 1")
              .at(0) ==
          "GET /api/v1/nodes/" + kCommunity + "/export/summary|" + std::to_string(rows.size() - 1));
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("export: missing households are masked as the token's households list is") {
    // Proves the missing-households CSV shows each household's contact and phone exactly as
    // GET …/households shows them to the same token (a grid leader's own grid in full, the
    // district masked), and that a token outside the node gets 403 and a bad format 400.
    Day day(grid_token());
    REQUIRE_MESSAGE(day.start(), day.daemon.log());
    const std::string g01 = kCommunity + "/g01";
    for (const std::string& token : {kGridToken, test::daily::kAdminToken}) {
        CAPTURE(token);
        auto list = download(day, "/api/v1/nodes/" + g01 + "/households", token);
        REQUIRE(list);
        REQUIRE(list->status == 200);
        auto csv = download(day, "/api/v1/nodes/" + g01 + "/export/missing?format=csv", token);
        REQUIRE(csv);
        REQUIRE_MESSAGE(csv->status == 200, csv->body);
        CHECK(csv->body.rfind("\xEF\xBB\xBF网格,房号,联系人,电话", 0) == 0);
        json households = json::parse(list->body)["households"];
        REQUIRE(households.size() == 3);  // g01's three, none reported yet
        for (const auto& h : households) {
            std::string line = g01 + "," + h["room"].get<std::string>() + "," +
                               h["contact"].get<std::string>() + "," +
                               h["phone"].get<std::string>() + ",";
            CHECK_MESSAGE(csv->body.find(line) != std::string::npos, line);
        }
    }
    auto full = download(day, "/api/v1/nodes/" + g01 + "/export/missing?format=csv", kGridToken);
    CHECK(full->body.find("13975722846") != std::string::npos);  // the leader's own grid
    auto masked = download(day, "/api/v1/nodes/" + g01 + "/export/missing?format=csv",
                           test::daily::kAdminToken);
    CHECK(masked->body.find("13975722846") == std::string::npos);
    auto other = download(day, "/api/v1/nodes/" + kCommunity + "/g02/export/missing", kGridToken);
    REQUIRE(other);
    CHECK(other->status == 403);
    auto bad = download(day, "/api/v1/nodes/" + g01 + "/export/missing?format=pdf", kGridToken);
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"] == "bad_format");
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("export: gridbot export writes the same completion table from the store") {
    // Proves the CLI's summary workbook equals the API's numbers after a day, names a bad
    // kind with exit 2, and leaves an audit row naming the operator.
    Day day;
    day.run();
    json summary = day.get("/api/v1/nodes/" + kCommunity + "/summary");
    std::string out = day.dir.file("cli.xlsx");
    auto r = test::run_command(test::gridbot_binary() + " export summary --config " +
                               day.daemon.config() + " --node " + kCommunity + " --day " +
                               test::daily::kDay + " --out " + out + " 2>&1");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    json wb = read_xlsx(out);
    REQUIRE(wb["rows"].size() == summary["children"].size() + 2);
    CHECK(wb["rows"].back()[2] == summary["households"]);
    CHECK(wb["rows"].back()[3] == summary["reported"]);
    CHECK(wb["rows"].back()[5] == summary["anomalies"]);
    CHECK(test::db_query(day.daemon.db(),
                         "SELECT role, action, node FROM audit ORDER BY id DESC LIMIT 1")
              .at(0) == "operator|export summary|" + kCommunity);
    auto cli = [&](const std::string& args) {
        return test::run_command(test::gridbot_binary() + " export " + args + " --config " +
                                 day.daemon.config() + " --out " + out + " 2>&1");
    };
    auto bad = cli("pdf --node " + kCommunity);
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("export: expected summary, missing, calls, incidents or notice-progress") !=
          std::string::npos);
    auto no_notice = cli("calls --node " + kCommunity);
    CHECK(no_notice.exit_code == 2);
    CHECK(no_notice.out.find("--notice: calls needs the notice's id") != std::string::npos);
    auto no_node = cli("summary");
    CHECK(no_node.exit_code == 2);
    CHECK(no_node.out.find("--node: summary needs a node") != std::string::npos);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("export: a notice's progress by grid equals its progress JSON") {
    // Proves GET /api/v1/notices/<id>/export?format=csv has one row per grid with the
    // progress JSON's groups, delivered and acknowledged counts, for the issuer's token only.
    test::notices::District d;
    d.start();
    auto [status, made] = d.issue(test::notices::street_alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    int64_t id = made["id"];
    REQUIRE(test::wait_for([&] { return d.progress(id)["totals"]["delivered"] == 5; }));
    json p = d.progress(id);
    auto csv = d.http->Get("/api/v1/notices/" + std::to_string(id) + "/export?format=csv",
                           {{"Authorization", "Bearer " + test::notices::kStreet}});
    REQUIRE(csv);
    REQUIRE_MESSAGE(csv->status == 200, csv->body);
    REQUIRE(p["by_grid"].size() == 5);
    for (const auto& g : p["by_grid"]) {
        std::string row = g["node"].get<std::string>() + "," + g["name"].get<std::string>() + "," +
                          std::to_string(g["groups"].get<int>()) + "," +
                          std::to_string(g["delivered"].get<int>()) + ",0,0," +
                          std::to_string(g["acked"].get<int>()) + ",";
        CHECK_MESSAGE(csv->body.find(row) != std::string::npos, row);
    }
    auto outside = d.http->Get("/api/v1/notices/" + std::to_string(id) + "/export",
                               {{"Authorization", "Bearer " + test::notices::kCommunity}});
    REQUIRE(outside);
    CHECK(outside->status == 403);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("export: the incidents of a period, from the route and from gridbot export") {
    // Proves …/export/incidents and `gridbot export incidents` list exactly the incidents the
    // JSON route lists for the same local days, none for a later period, and name a bad or
    // reversed period (400 / exit 2) without writing anything.
    Day day;
    day.run();
    const std::string base = "/api/v1/nodes/" + kCommunity + "/export/incidents?format=csv";
    json listed = day.get("/api/v1/incidents?node=" + kCommunity + "&from=" + test::daily::kDay +
                          "&to=" + test::daily::kDay);
    REQUIRE(listed["incidents"].size() >= 2);  // the day's two anomalies opened incidents
    CHECK(day.get("/api/v1/incidents?node=" + kCommunity + "&from=2026-11-23")["count"] == 0);
    auto csv = download(day, base + "&from=" + test::daily::kDay + "&to=" + test::daily::kDay,
                        test::daily::kAdminToken);
    REQUIRE(csv);
    REQUIRE_MESSAGE(csv->status == 200, csv->body);
    for (const auto& i : listed["incidents"]) {
        std::string row = "\r\n" + std::to_string(i["id"].get<int64_t>()) + "," +
                          i["node"].get<std::string>() + ",";
        CHECK_MESSAGE(csv->body.find(row) != std::string::npos, row);
    }
    auto later = download(day, base + "&from=2026-11-23", test::daily::kAdminToken);
    REQUIRE(later);
    CHECK(std::count(later->body.begin(), later->body.end(), '\n') == 1);  // the header only
    auto reversed =
        download(day, base + "&from=2026-11-23&to=2026-11-22", test::daily::kAdminToken);
    REQUIRE(reversed);
    CHECK(reversed->status == 400);
    CHECK(json::parse(reversed->body)["detail"].get<std::string>().find("before") !=
          std::string::npos);

    std::string out = day.dir.file("incidents.xlsx");
    auto cli = [&](const std::string& period) {
        return test::run_command(test::gridbot_binary() + " export incidents --config " +
                                 day.daemon.config() + " --node " + kCommunity + period +
                                 " --out " + out + " 2>&1");
    };
    auto r = cli(" --from " + test::daily::kDay + " --to " + test::daily::kDay);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    json wb = read_xlsx(out);
    REQUIRE(wb["rows"].size() == listed["incidents"].size() + 1);
    for (size_t i = 0; i < listed["incidents"].size(); ++i)
        CHECK(wb["rows"][i + 1][0] == listed["incidents"][i]["id"]);  // newest first, both
    REQUIRE(cli(" --from 2026-11-23").exit_code == 0);
    CHECK(read_xlsx(out)["rows"].size() == 1);
    auto bad = cli(" --from 22.11.2026");
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("--from: expected YYYY-MM-DD, got \"22.11.2026\"") != std::string::npos);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("export: a notice's call list and progress, from the routes and from gridbot export") {
    // Proves …/export/calls lists the notice's phone-only households with the call marked
    // done by the grid leader's 已通知 and the others to call, contacts masked for a street
    // token, 403 outside the subtree; and that `gridbot export calls|notice-progress
    // --notice ID` writes the same rows from the store, audited with the notice.
    test::notices::District d;
    d.start();
    auto [status, made] = d.issue(test::notices::street_alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    const std::string id = std::to_string(made["id"].get<int64_t>());
    d.say("longtai-staff", "leader-longtai-g01", "已通知 1-1-201");
    REQUIRE_MESSAGE(test::wait_for([&] { return d.progress(made["id"])["calls"]["left"] == 2; }),
                    d.daemon.log());
    auto csv = d.http->Get("/api/v1/notices/" + id + "/export/calls?format=csv",
                           test::notices::District::auth(test::notices::kStreet));
    REQUIRE(csv);
    REQUIRE_MESSAGE(csv->status == 200, csv->body);
    CHECK(csv->body.rfind("\xEF\xBB\xBF网格,房号,联系人,电话,状态,通知人", 0) == 0);
    CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 4);  // header + 3 calls
    CHECK(csv->body.find("nangang/xianfeng/longtai/g01,1-1-201,") != std::string::npos);
    CHECK(csv->body.find("待通知") != std::string::npos);
    CHECK(csv->body.find("已通知") != std::string::npos);
    CHECK(csv->body.find("13516274373") == std::string::npos);  // masked for the street
    auto outside = d.http->Get("/api/v1/notices/" + id + "/export/calls",
                               test::notices::District::auth(test::notices::kCommunity));
    REQUIRE(outside);
    CHECK(outside->status == 403);
    json p = d.progress(made["id"]);
    REQUIRE(d.daemon.stop() == 0);

    std::string out = d.dir.file("calls.xlsx");
    auto cli = [&](const std::string& kind) {
        return test::run_command(test::gridbot_binary() + " export " + kind + " --config " +
                                 d.daemon.config() + " --notice " + id + " --out " + out + " 2>&1");
    };
    auto r = cli("calls");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    json wb = read_xlsx(out);
    CHECK(wb["sheets"][0] == "电话通知名单");
    REQUIRE(wb["rows"].size() == 4);
    int done = 0;
    for (size_t i = 1; i < wb["rows"].size(); ++i) {
        done += wb["rows"][i][4] == "已通知";
        CHECK(wb["rows"][i][3].get<std::string>().find("****") != std::string::npos);
    }
    CHECK(done == 1);
    CHECK(test::db_query(d.daemon.db(),
                         "SELECT role, action, node, rows FROM audit ORDER BY id DESC LIMIT 1")
              .at(0) == "operator|export calls|notice:" + id + "|3");
    REQUIRE_MESSAGE(cli("notice-progress").exit_code == 0, r.out);
    wb = read_xlsx(out);
    REQUIRE(wb["rows"].size() == p["by_grid"].size() + 1);
    for (size_t i = 0; i < p["by_grid"].size(); ++i) {
        CHECK(wb["rows"][i + 1][0] == p["by_grid"][i]["node"]);
        CHECK(wb["rows"][i + 1][2] == p["by_grid"][i]["groups"]);
        CHECK(wb["rows"][i + 1][3] == p["by_grid"][i]["delivered"]);
    }
    auto missing = test::run_command(test::gridbot_binary() + " export calls --config " +
                                     d.daemon.config() + " --notice 999 --out " + out + " 2>&1");
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.find("--notice: no notice 999") != std::string::npos);
}
