// The audit trail (issue 14 item 3): every read of personal data through the API
// leaves exactly one row naming the token; GET /api/v1/audit (district-wide
// tokens only, paged) and `gridbot audit` read them back.
#include "daily_day.h"
#include "db_query.h"
#include "notice_district.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

const std::string kGridToken = "gb_test-grid-token-audit";

std::string grid_token() {
    return "\n[[tokens]]\nname = \"g01-leader\"\nsha256 = \"" + http::token_hash(kGridToken) +
           "\"\nrole = \"grid\"\nnode = \"nangang/xianfeng/longtai/g01\"\n";
}

}  // namespace

TEST_CASE(
    "audit: each personal-data read leaves one row naming the token, and reads of counts none") {
    // Proves households, incident lists and an incident's timeline each append exactly
    // one audit row with the token's name, role, route, node and row count, while a
    // summary (counts only) appends none and the token itself is never stored.
    Day day(grid_token());
    day.run();
    const std::string db = day.daemon.db();
    auto rows = [&] { return test::db_number(db, "SELECT COUNT(*) FROM audit"); };
    auto last = [&] {
        return test::db_query(db,
                              "SELECT token, role, action, node, subject, rows, client FROM audit "
                              "ORDER BY id DESC LIMIT 1")
            .at(0);
    };

    long long n = rows();
    json households = day.get("/api/v1/nodes/nangang/xianfeng/longtai/households");
    CHECK(rows() == n + 1);
    CHECK(last() ==
          "ops|admin|GET /api/v1/nodes/nangang/xianfeng/longtai/households|"
          "nangang/xianfeng/longtai||" +
              std::to_string(households["count"].get<int>()) + "|127.0.0.1");

    day.get("/api/v1/nodes/nangang/xianfeng/longtai/summary");
    CHECK(rows() == n + 1);

    json incidents = day.get("/api/v1/incidents?node=nangang");
    CHECK(rows() == n + 2);
    CHECK(last() == "ops|admin|GET /api/v1/incidents|nangang||" +
                        std::to_string(incidents["count"].get<int>()) + "|127.0.0.1");
    auto id = std::to_string(incidents["incidents"].at(0)["id"].get<int64_t>());
    day.get("/api/v1/incidents/" + id);
    CHECK(rows() == n + 3);
    CHECK(last().find("GET /api/v1/incidents/" + id + "|") != std::string::npos);
    CHECK(last().find("|incident:" + id + "|1|") != std::string::npos);

    // A grid leader's read names that token.
    auto g = day.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/households",
                           {{"Authorization", "Bearer " + kGridToken}});
    REQUIRE(g);
    REQUIRE(g->status == 200);
    CHECK(rows() == n + 4);
    CHECK(last().rfind("g01-leader|grid|", 0) == 0);
    CHECK(test::db_number(db,
                          "SELECT COUNT(*) FROM audit WHERE token LIKE 'gb_%' OR action LIKE "
                          "'%gb_test%'") == 0);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE(
    "audit: GET /api/v1/audit is for district-wide tokens, paged, filtered, and the CLI agrees") {
    // Proves the audit route refuses a grid token (403), pages with an opaque cursor
    // without overlap or gap, filters by token and since, and that `gridbot audit`
    // prints the same rows.
    Day day(grid_token());
    day.run();
    day.get("/api/v1/nodes/nangang/xianfeng/longtai/households");
    auto g = day.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/households",
                           {{"Authorization", "Bearer " + kGridToken}});
    REQUIRE(g);

    auto denied = day.http->Get("/api/v1/audit", {{"Authorization", "Bearer " + kGridToken}});
    REQUIRE(denied);
    CHECK(denied->status == 403);

    json all = day.get("/api/v1/audit?limit=1000");
    long long total = test::db_number(day.daemon.db(), "SELECT COUNT(*) FROM audit");
    REQUIRE(all["count"] == total);
    REQUIRE(total >= 3);
    std::vector<int64_t> paged;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
        json p = day.get("/api/v1/audit?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
        for (const auto& r : p["audit"]) paged.push_back(r["id"]);
        if (p["next_cursor"].is_null()) break;
        cursor = p["next_cursor"];
    }
    std::vector<int64_t> ids;
    for (const auto& r : all["audit"]) ids.push_back(r["id"]);
    CHECK(paged == ids);
    // The same paging as every list route: a page that ends the rows says so
    // itself (no empty page after it), and a limit out of 1..1000 is refused.
    json exact = day.get("/api/v1/audit?limit=" + std::to_string(total));
    CHECK(exact["count"] == total);
    CHECK(exact["next_cursor"].is_null());
    for (const char* limit : {"0", "1001", "x"}) {
        auto r = day.http->Get(std::string("/api/v1/audit?limit=") + limit, day.auth());
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 400, limit);
        CHECK(json::parse(r->body)["error"] == "bad_limit");
    }

    json leader = day.get("/api/v1/audit?token=g01-leader&since=2026-11-22");
    REQUIRE(leader["count"] == 1);
    CHECK(leader["audit"][0]["action"] ==
          "GET /api/v1/nodes/nangang/xianfeng/longtai/g01/households");
    CHECK(day.get("/api/v1/audit?since=2026-11-23")["count"] == 0);
    auto bad = day.http->Get("/api/v1/audit?since=yesterday", day.auth());
    REQUIRE(bad);
    CHECK(bad->status == 400);

    auto cli = test::run_command(test::gridbot_binary() + " audit --config " + day.daemon.config() +
                                 " --token g01-leader --since 2026-11-22");
    REQUIRE_MESSAGE(cli.exit_code == 0, cli.out);
    json line = json::parse(cli.out.substr(cli.out.find('{')));
    CHECK(line == leader["audit"][0]);
    auto usage = test::run_command(test::gridbot_binary() + " audit --config " +
                                   day.daemon.config() + " --since nonsense");
    CHECK(usage.exit_code == 2);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE(
    "audit: issuing a notice and reading its call lists each leave one row naming the token") {
    // Proves the notice's progress, which carries the call lists of phone-only households,
    // is audited once per read with the number of calls, and issuing it once as an action.
    test::notices::District d;
    d.start();
    const std::string db = d.daemon.db();
    long long n = test::db_number(db, "SELECT COUNT(*) FROM audit");
    auto [status, made] = d.issue({{"node", "nangang/xianfeng"},
                                   {"title", "关于做好居家防护的通知"},
                                   {"body", "今日12点前完成零报告。"},
                                   {"ack", true}});
    REQUIRE_MESSAGE(status == 201, made.dump());
    auto id = std::to_string(made["id"].get<int64_t>());
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM audit") == n + 1);
    d.progress(made["id"]);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM audit") == n + 2);
    CHECK(test::db_query(db,
                         "SELECT token, role, action, node, subject, rows FROM audit WHERE "
                         "action LIKE '%/notices%' ORDER BY id") ==
          std::vector<std::string>{
              "xianfeng-office|street|POST /api/v1/notices|nangang/xianfeng|notice:" + id + "|0",
              "xianfeng-office|street|GET /api/v1/notices/" + id +
                  "|nangang/xianfeng|notice:" + id + "|3"});
    CHECK(d.daemon.stop() == 0);
}
