// Groups and leaders as a ledger (issue 16 item 2): `gridbot import-groups`
// with the household import's rules, and a daemon that runs on the imported
// groups exactly as on the same groups written in TOML.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "daemon_process.h"
#include "db_query.h"
#include "support.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const std::string kDemoToken = "gb_demo-district-token-for-the-sandbox-only";

// config/example.toml on a free port with its database in the test folder;
// without its [[groups]] and [[leaders]] when `tables` is false.
std::string example(bool tables) {
    std::string c = test::read_file("config/example.toml");
    c = std::regex_replace(c, std::regex("port = 8080"), "port = 0");
    c = std::regex_replace(c, std::regex("var/gridbot.db"), "{DB}");
    if (tables) return c;
    // Each [[groups]] / [[leaders]] table runs to the next blank line.
    return std::regex_replace(c, std::regex(R"(\[\[(groups|leaders)\]\]\n([^\n]+\n)*)"), "");
}

test::CommandResult import_groups(const test::DaemonProcess& d, const std::string& file,
                                  const std::string& flags = "") {
    return test::run_command(test::gridbot_binary() + " import-groups --config " + d.config() +
                             " " + file + " " + flags + " 2>&1");
}

json registry(test::DaemonProcess& d) {
    httplib::Client http("127.0.0.1", d.port());
    auto r = http.Get("/api/v1/groups", {{"Authorization", "Bearer " + kDemoToken}});
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return json::parse(r->body);
}

void import_households(const test::DaemonProcess& d) {
    auto r = test::run_command(test::gridbot_binary() + " import --config " + d.config() +
                               " config/sample-ledger.csv 2>&1");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
}

}  // namespace

TEST_CASE("import-groups: the sample groups ledger runs the daemon as the TOML's groups do") {
    // Proves config/sample-groups.csv (and its .xlsx twin) imported into a configuration
    // without [[groups]]/[[leaders]] gives the same group registry as config/example.toml,
    // and that importing the same file again changes nothing.
    test::TempDir a_dir, b_dir;
    test::DaemonProcess a(a_dir, example(true)), b(b_dir, example(false));
    CHECK(test::read_file(b.config()).find("[[groups]]") == std::string::npos);
    import_households(a);
    import_households(b);
    auto r = import_groups(b, "config/sample-groups.csv");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK(r.out.find("groups 19 added, 0 changed, 0 unchanged; 19 leaders") != std::string::npos);
    auto again = import_groups(b, "config/sample-groups.csv");
    CHECK(again.out.find("0 added, 0 changed, 19 unchanged") != std::string::npos);
    std::string xlsx = b_dir.file("groups.xlsx");
    auto conv = test::run_command(
        "/usr/bin/python3 tests/data/ledger/csv_to_xlsx.py "
        "config/sample-groups.csv " +
        xlsx + " 2>&1");
    REQUIRE_MESSAGE(conv.exit_code == 0, conv.out);
    auto from_xlsx = import_groups(b, xlsx);
    CHECK_MESSAGE(from_xlsx.out.find("0 added, 0 changed, 19 unchanged") != std::string::npos,
                  from_xlsx.out);

    REQUIRE_MESSAGE(a.start() > 0, a.log());
    REQUIRE_MESSAGE(b.start() > 0, b.log());
    // The same groups with the same leaders, names and states (listed in the order
    // each configuration holds them).
    auto by_id = [](json groups) {
        std::map<std::string, json> out;
        for (auto& g : groups)
            out[g["channel"].get<std::string>() + "/" + g["group"].get<std::string>()] = g;
        return out;
    };
    json ra = registry(a), rb = registry(b);
    REQUIRE(ra["groups"].size() == 19);
    CHECK(by_id(ra["groups"]) == by_id(rb["groups"]));
    CHECK(a.stop() == 0);
    CHECK(b.stop() == 0);
}

TEST_CASE("import-groups: a bad row names file, line and column and nothing is written") {
    // Proves an unknown channel, an unknown node, a bad audience, a group listed twice and a
    // join link too long for the poster's QR code are each named with the line and column,
    // and the store keeps no imported group; --prune removes the groups a later file no
    // longer lists.
    test::TempDir dir;
    test::DaemonProcess d(dir, example(false));
    import_households(d);
    std::string bad = dir.file("bad.csv");
    test::write_file(bad,
                     "节点,渠道,群号,类型,群名,入群链接\n"
                     "nangang/xianfeng/longtai/g01,sandbox,g01,居民,一网格,\n"
                     "nangang/xianfeng/longtai/g02,wechat,g02,居民,二网格,\n"
                     "nangang/xianfeng/longtai/g09,sandbox,g09,居民,九网格,\n"
                     "nangang/xianfeng/longtai/g03,sandbox,g03,楼栋,三网格,\n"
                     "nangang/xianfeng/longtai/g01,sandbox,g01,居民,重复,\n"
                     "nangang/xianfeng/longtai/g02,sandbox,g02b,居民,长链接,https://x.cn/" +
                         std::string(2400, 'a') + "\n");
    auto r = import_groups(d, bad);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(bad + ":5: 类型: expected 居民 (residents) or 工作 (staff)") !=
          std::string::npos);
    CHECK(r.out.find(bad + ":6: 群号: group sandbox/g01 is listed twice") != std::string::npos);
    CHECK(r.out.find(bad +
                     ":7: 入群链接: expected a link of at most 2331 bytes, so it fits in a QR "
                     "code (got 2413)") != std::string::npos);
    CHECK(r.out.find("nothing imported") != std::string::npos);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM imported_groups") == 0);

    test::write_file(bad,
                     "节点,渠道,群号,类型,群名\n"
                     "nangang/xianfeng/longtai/g02,wechat,g02,居民,二网格\n"
                     "nangang/xianfeng/longtai/g09,sandbox,g09,居民,九网格\n");
    r = import_groups(d, bad);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(bad + ":2: channel: no [[channels]] named wechat") != std::string::npos);
    CHECK(r.out.find(bad + ":3: node: no node nangang/xianfeng/longtai/g09") != std::string::npos);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM imported_groups") == 0);

    auto full = import_groups(d, "config/sample-groups.csv");
    REQUIRE_MESSAGE(full.exit_code == 0, full.out);
    std::string two = dir.file("two.csv");
    test::write_file(
        two,
        "节点,渠道,群号,类型,群名\n"
        "nangang,sandbox,nangang-command,工作,南岗区防控指挥部\n"
        "nangang/xianfeng/longtai/g01,sandbox,longtai-g01,居民,龙台社区第一网格居民群\n");
    auto pruned = import_groups(d, two, "--prune");
    REQUIRE_MESSAGE(pruned.exit_code == 0, pruned.out);
    CHECK(pruned.out.find("17 removed") != std::string::npos);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM imported_groups") == 2);
}
