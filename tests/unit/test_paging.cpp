// Paged list routes (issue 14, item 2): /households answers in pages of
// `limit` rows with an opaque `cursor`, and refuses bad values by name.
#include <set>

#include "daily_day.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

const std::string kHouseholds = "/api/v1/nodes/nangang/households";

}  // namespace

TEST_CASE("paging: walking /households two at a time gives every household once, in order") {
    // Proves pages join back to the whole list: no duplicate, no gap, and the last page says so.
    Day day;
    REQUIRE(day.start());
    json whole = day.get(kHouseholds);
    REQUIRE(whole["count"] == 7);
    CHECK(whole["next_cursor"].is_null());
    std::vector<int64_t> walked;
    std::string cursor;
    int pages = 0;
    while (true) {
        json page = day.get(kHouseholds + "?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
        ++pages;
        CHECK(page["households"].size() <= 2);
        for (const auto& h : page["households"]) walked.push_back(h["id"].get<int64_t>());
        if (page["next_cursor"].is_null()) break;
        cursor = page["next_cursor"].get<std::string>();
        REQUIRE(pages < 10);
    }
    CHECK(pages == 4);
    std::vector<int64_t> expected;
    for (const auto& h : whole["households"]) expected.push_back(h["id"].get<int64_t>());
    CHECK(walked == expected);
    CHECK(std::set<int64_t>(walked.begin(), walked.end()).size() == walked.size());
    // The filter and the page compose: the 7 households are all missing before any report.
    json missing = day.get(kHouseholds + "?status=missing&limit=5");
    CHECK(missing["count"] == 5);
    CHECK(missing["next_cursor"].is_string());
    // Masking is unchanged on a page: the admin token sees what it saw unpaged.
    CHECK(day.get(kHouseholds + "?limit=1")["households"][0] == whole["households"][0]);
}

TEST_CASE("paging: a bad limit or cursor is 400 naming the parameter") {
    // Proves limit must be 1..5000 and a cursor must be one the route gave out.
    Day day;
    REQUIRE(day.start());
    for (const char* limit : {"0", "5001", "abc", "-3", "2x"}) {
        auto r = day.http->Get(kHouseholds + "?limit=" + limit, day.auth());
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 400, limit);
        CHECK(json::parse(r->body)["error"] == "bad_limit");
    }
    CHECK(day.get(kHouseholds + "?limit=5000")["count"] == 7);
    for (const char* cursor : {"zz", "1234", "70313a393939393939"}) {  // the last: "p1:999999"
        auto r = day.http->Get(kHouseholds + "?cursor=" + cursor, day.auth());
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 400, cursor);
        CHECK(json::parse(r->body)["error"] == "bad_cursor");
    }
}
