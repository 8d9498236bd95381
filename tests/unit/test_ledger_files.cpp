// The ledger reader on the files under tests/data/ledger/ and on the sample
// ledger in config/: counts, the GBK twin, BOM and English headers, and one
// file per error with exactly one bad row.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "bot/ledger/ledger.h"

using namespace gridbot;
using namespace gridbot::ledger;

namespace {

std::string data_path(const std::string& name) {
    return std::string(GRIDBOT_SOURCE_DIR) + "/tests/data/ledger/" + name;
}

LedgerFile read_ok(const std::string& path) {
    auto r = read_ledger(path);
    if (!r) FAIL(r.error().to_string());
    return std::move(r.value());
}

size_t count_tag(const LedgerFile& f, Tag tag) {
    size_t n = 0;
    for (const Household& h : f.households) n += has_tag(h.tags, tag) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("ledger files: the sample ledger is a small district") {
    const LedgerFile f = read_ok(std::string(GRIDBOT_SOURCE_DIR) + "/config/sample-ledger.csv");
    CHECK(f.encoding == "utf-8");
    CHECK(f.households.size() == 375);

    std::map<std::string, size_t> per_grid;
    std::set<std::string> streets, communities;
    for (const Household& h : f.households) {
        CHECK(h.district == "南岗区");
        streets.insert(h.street);
        communities.insert(h.street + "/" + h.community);
        ++per_grid[h.community + "/" + h.grid];
        CHECK(h.members >= 1);
        CHECK(h.members <= 5);
        CHECK(h.address == h.building + "-" + h.unit + "-" + h.room);
        if (has_tag(h.tags, Tag::NoChat)) {
            CHECK_FALSE(h.phone.empty());
            CHECK(has_tag(h.tags, Tag::ElderlyAlone));
        }
        if (has_tag(h.tags, Tag::Isolation)) CHECK(h.isolation_until == "2026-11-30");
    }
    CHECK(streets == std::set<std::string>{"先锋街道", "花园街道"});
    CHECK(communities == std::set<std::string>{"先锋街道/龙台社区", "先锋街道/红旗社区",
                                               "花园街道/文化社区", "花园街道/颐园社区"});
    CHECK(per_grid.size() == 12);
    for (const auto& [grid, n] : per_grid) {
        CHECK_MESSAGE(n >= 20, grid);
        CHECK_MESSAGE(n <= 40, grid);
    }
    CHECK(per_grid["龙台社区/第一网格"] == 38);
    CHECK(per_grid["龙台社区/第二网格"] == 21);

    CHECK(count_tag(f, Tag::NoChat) == 19);
    CHECK(count_tag(f, Tag::ElderlyAlone) == 23);
    CHECK(count_tag(f, Tag::Vulnerable) == 6);
    CHECK(count_tag(f, Tag::Isolation) == 4);
    CHECK(count_tag(f, Tag::Monitoring) == 6);
    CHECK(count_tag(f, Tag::Returnee) == 7);
    CHECK(count_tag(f, Tag::KeyGroup) == 2);
    CHECK(count_tag(f, Tag::Pregnant) == 1);
    CHECK(count_tag(f, Tag::Dialysis) == 1);
    CHECK(count_tag(f, Tag::Positive) == 1);
}

TEST_CASE("ledger files: the GBK twin reads exactly like the UTF-8 file") {
    const LedgerFile utf8 = read_ok(data_path("sample-utf8.csv"));
    const LedgerFile gbk = read_ok(data_path("sample-gbk.csv"));
    CHECK(utf8.encoding == "utf-8");
    CHECK(gbk.encoding == "gbk");
    REQUIRE(utf8.households.size() == gbk.households.size());
    REQUIRE(utf8.households.size() > 300);
    for (size_t i = 0; i < utf8.households.size(); ++i) {
        // Household::operator== compares every field, the line included.
        CHECK_MESSAGE(utf8.households[i] == gbk.households[i], "line ", utf8.households[i].line);
    }
    CHECK(utf8.households.front().contact == gbk.households.front().contact);
}

TEST_CASE("ledger files: BOM, English headers in another order, CRLF and quoted cells") {
    const LedgerFile f = read_ok(data_path("bom-english.csv"));
    CHECK(f.encoding == "utf-8-bom");
    REQUIRE(f.households.size() == 4);
    const Household& wang = f.households[0];
    CHECK(wang.line == 2);
    CHECK(wang.district == "nangang");
    CHECK(wang.grid == "g01");
    CHECK(wang.address == "1-1-101");
    CHECK(wang.members == 2);
    const Household& zhang = f.households[1];
    CHECK(zhang.contact == "Zhang \"Granny\" Guilan");
    CHECK(zhang.phone == "0451-86234567");
    CHECK(zhang.tags ==
          (static_cast<uint16_t>(Tag::ElderlyAlone) | static_cast<uint16_t>(Tag::NoChat)));
    const Household& liu = f.households[2];
    CHECK(liu.line == 5);  // after a blank line
    CHECK(liu.isolation_until == "2026-12-05");
    CHECK(has_tag(liu.tags, Tag::Returnee));
    const Household& li = f.households[3];
    CHECK(li.contact == "Li, Shuzhen");
    CHECK(li.address == "3-2-502");
    CHECK(li.grid == "g02");
}

TEST_CASE("ledger files: each bad file names its one bad row") {
    struct {
        const char* file;
        const char* id;
        const char* where;  // "<line>: <column>: "
        const char* detail;
    } cases[] = {
        {"bad-room.csv", "ledger.bad_room", ":4: 门牌: ", "got \"楼下\""},
        {"bad-phone.csv", "ledger.bad_phone", ":5: 电话: ", "got \"1384511234\""},
        {"bad-tag.csv", "ledger.unknown_tag", ":3: 标签: ", "unknown tag \"贵宾\""},
        {"bad-duplicate.csv", "ledger.duplicate_household", ":6: 门牌: ", "on line 2 and line 6"},
        {"bad-missing-column.csv", "ledger.missing_column",
         ":1: 网格/grid: ", "required column is missing"},
        {"bad-members.csv", "ledger.bad_members", ":4: 人数: ", "got \"45\""},
        {"bad-no-chat-phone.csv", "ledger.no_chat_without_phone",
         ":5: 电话: ", "household 2-1-401"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.file);
        const std::string path = data_path(c.file);
        auto r = read_ledger(path);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == c.id);
        const std::string& m = r.error().message;
        CHECK_MESSAGE(m.find('\n') == std::string::npos, m);  // exactly one problem
        CHECK_MESSAGE(m.rfind(path + c.where, 0) == 0, m);
        CHECK_MESSAGE(m.find(c.detail) != std::string::npos, m);
    }
}

TEST_CASE("ledger files: an unreadable path is ledger.io") {
    auto r = read_ledger(data_path("no-such-file.csv"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "ledger.io");
}
