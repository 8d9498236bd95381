// Paged list routes (issue 14, item 2): /households, /incidents and /notices
// answer in pages of `limit` rows with an opaque `cursor`, and refuse bad
// values by name.
#include <set>

#include "daily_day.h"
#include "incident_day.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;
using test::incidents::Incidents;

namespace {

const std::string kHouseholds = "/api/v1/nodes/nangang/households";

// Follows next_cursor from `path` and returns the ids of
// every row of `key`, in the order the pages gave them; each page holds at most `limit`.
std::vector<int64_t> walk(const std::function<json(const std::string&)>& get,
                          const std::string& path, const std::string& key, size_t limit,
                          int& pages) {
    std::vector<int64_t> ids;
    std::string cursor;
    pages = 0;
    while (true) {
        json page = get(path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=" +
                        std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor));
        ++pages;
        CHECK(page[key].size() <= limit);
        for (const auto& row : page[key]) ids.push_back(row["id"].get<int64_t>());
        if (page["next_cursor"].is_null()) break;
        cursor = page["next_cursor"].get<std::string>();
        REQUIRE(pages < 20);
    }
    return ids;
}

std::vector<int64_t> ids_of(const json& rows) {
    std::vector<int64_t> out;
    for (const auto& row : rows) out.push_back(row["id"].get<int64_t>());
    return out;
}

// Five fevers in three grids (five incidents, no cluster: cluster_grid is 100),
// the 2nd and 4th acknowledged.
void five_incidents(Incidents& s) {
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    const char* reports[][2] = {{"longtai-g01", "1-1-101 发烧"},
                                {"longtai-g01", "1-1-102 发烧"},
                                {"longtai-g02", "2-1-101 发烧"},
                                {"longtai-g02", "2-1-102 发烧"},
                                {"longtai-g03", "3-1-102 发烧"}};
    int n = 0;
    for (const auto& [group, text] : reports) {
        s.say(group, "resident-" + std::to_string(++n), text);
        REQUIRE_MESSAGE(Incidents::wait_for(
                            [&] { return s.get("/api/v1/incidents?limit=1000")["count"] == n; }),
                        s.daemon.log());
    }
    for (int id : {2, 4}) {
        auto r = s.http->Post("/api/v1/incidents/" + std::to_string(id) + "/ack", s.auth(), "{}",
                              "application/json");
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
}

}  // namespace

TEST_CASE("paging: walking /households two at a time gives every household once, in order") {
    // Proves pages join back to the whole list: no duplicate, no gap, and the last page says so.
    Day day;
    REQUIRE(day.start());
    json whole = day.get(kHouseholds);
    REQUIRE(whole["count"] == 7);
    CHECK(whole["next_cursor"].is_null());
    int pages = 0;
    auto walked = walk([&](const std::string& path) { return day.get(path); }, kHouseholds,
                       "households", 2, pages);
    CHECK(pages == 4);
    CHECK(walked == ids_of(whole["households"]));
    CHECK(std::set<int64_t>(walked.begin(), walked.end()).size() == walked.size());
    // The filter and the page compose: the 7 households are all missing before any report.
    json missing = day.get(kHouseholds + "?status=missing&limit=5");
    CHECK(missing["count"] == 5);
    CHECK(missing["next_cursor"].is_string());
    // Masking is unchanged on a page: the admin token sees what it saw unpaged.
    CHECK(day.get(kHouseholds + "?limit=1")["households"][0] == whole["households"][0]);
}

TEST_CASE("paging: a bad limit or cursor is 400 naming the parameter") {
    // Proves limit must be 1..1000 and a cursor must be one the route gave out.
    Day day;
    REQUIRE(day.start());
    for (const char* limit : {"0", "1001", "abc", "-3", "2x"}) {
        auto r = day.http->Get(kHouseholds + "?limit=" + limit, day.auth());
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 400, limit);
        CHECK(json::parse(r->body)["error"] == "bad_limit");
    }
    CHECK(day.get(kHouseholds + "?limit=1000")["count"] == 7);
    for (const char* cursor : {"zz", "1234", "70313a393939393939"}) {  // the last: "p1:999999"
        auto r = day.http->Get(kHouseholds + "?cursor=" + cursor, day.auth());
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 400, cursor);
        CHECK(json::parse(r->body)["error"] == "bad_cursor");
    }
}

TEST_CASE("paging: walking /incidents two at a time gives every incident once, newest first") {
    // Proves the store reads each page: pages join back to the whole list, newest first, and a
    // state= filter pages over the matching incidents only (no short or empty pages).
    Incidents s("2026-11-23T08:50:00+08:00", 100);
    five_incidents(s);
    auto get = [&](const std::string& path) { return s.get(path); };
    json whole = s.get("/api/v1/incidents?node=nangang");
    REQUIRE(whole["count"] == 5);
    CHECK(whole["next_cursor"].is_null());
    CHECK(ids_of(whole["incidents"]) == std::vector<int64_t>{5, 4, 3, 2, 1});
    int pages = 0;
    CHECK(walk(get, "/api/v1/incidents?node=nangang", "incidents", 2, pages) ==
          std::vector<int64_t>{5, 4, 3, 2, 1});
    CHECK(pages == 3);
    CHECK(walk(get, "/api/v1/incidents?state=open", "incidents", 2, pages) ==
          std::vector<int64_t>{5, 3, 1});
    CHECK(pages == 2);
    CHECK(walk(get, "/api/v1/incidents?state=acknowledged", "incidents", 1, pages) ==
          std::vector<int64_t>{4, 2});
    CHECK(pages == 2);
    // The subtree and the page compose: grid 2 holds incidents 3 and 4.
    CHECK(walk(get, "/api/v1/incidents?node=nangang/xianfeng/longtai/g02", "incidents", 1, pages) ==
          std::vector<int64_t>{4, 3});
    // Every page read leaves its own audit row with the page's row count.
    CHECK(s.query("SELECT rows FROM audit WHERE action = 'GET /api/v1/incidents' AND "
                  "node = 'nangang/xianfeng/longtai/g02' ORDER BY id") ==
          std::vector<std::string>{"1", "1"});
}

TEST_CASE("paging: walking /notices two at a time gives each visible notice once, newest first") {
    // Proves the notices list pages in the store and filters the token's subtree there: a grid
    // token's first page of one holds its grid's newest notice even when newer ones exist above.
    Incidents s("2026-11-23T08:50:00+08:00", 100);
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    auto issue = [&](const std::string& node) {
        auto r = s.http->Post("/api/v1/notices", s.auth(),
                              json{{"title", "通知"}, {"body", "正文"}, {"node", node}}.dump(),
                              "application/json");
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 201, r->body);
        return json::parse(r->body)["id"].get<int64_t>();
    };
    const std::string g02 = "nangang/xianfeng/longtai/g02";
    std::vector<int64_t> mine = {issue(g02), issue(g02)};
    std::vector<int64_t> above = {issue("nangang/xianfeng/longtai"),
                                  issue("nangang/xianfeng/longtai"), issue("nangang")};
    auto get = [&](const std::string& path) { return s.get(path); };
    int pages = 0;
    CHECK(walk(get, "/api/v1/notices", "notices", 2, pages) ==
          std::vector<int64_t>{above[2], above[1], above[0], mine[1], mine[0]});
    CHECK(pages == 3);
    auto as_grid = [&](const std::string& path) {
        return s.get(path, test::incidents::kGridToken);
    };
    CHECK(walk(as_grid, "/api/v1/notices", "notices", 1, pages) ==
          std::vector<int64_t>{mine[1], mine[0]});
    CHECK(pages == 2);
}

TEST_CASE("paging: /incidents and /notices refuse a bad limit or cursor by name") {
    // Proves both routes read limit and cursor as /households does: 1..1000, a cursor they gave.
    Incidents s("2026-11-23T08:50:00+08:00", 100);
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    for (const char* route : {"/api/v1/incidents", "/api/v1/notices"}) {
        for (const char* limit : {"0", "1001", "abc", "-3"}) {
            auto r = s.http->Get(std::string(route) + "?limit=" + limit, s.auth());
            REQUIRE(r);
            CHECK_MESSAGE(r->status == 400, route << " limit=" << limit);
            CHECK(json::parse(r->body)["error"] == "bad_limit");
        }
        for (const char* cursor : {"zz", "1234"}) {
            auto r = s.http->Get(std::string(route) + "?cursor=" + cursor, s.auth());
            REQUIRE(r);
            CHECK_MESSAGE(r->status == 400, route << " cursor=" << cursor);
            CHECK(json::parse(r->body)["error"] == "bad_cursor");
        }
        CHECK(s.get(std::string(route) + "?limit=1000")["next_cursor"].is_null());
    }
}
