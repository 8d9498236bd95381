// The sandbox as a newcomer meets it after `make run` (issue 13 item 6): the
// example configuration and the sample district, the real daemon. The rooms
// the README, the help, docs/sandbox.md and the page use as examples exist in
// the grid the page opens on, and a "resident of room X" identity arrives bound.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "daemon_process.h"
#include "sandbox_client.h"
#include "support.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const std::string kDemoToken =
    "gb_demo-district-token-for-the-sandbox-only";  // config/example.toml

// Rooms written as examples (3-2-502, 3栋2单元502) in the newcomer's texts, as B-U-R.
std::set<std::string> example_rooms() {
    std::set<std::string> rooms;
    std::regex dashed(R"((\d+)-(\d+)-(\d+))"), written(R"((\d+)栋(\d+)单元(\d+))");
    for (const char* f :
         {"README.md", "templates/zh-CN/help.mustache", "templates/en/help.mustache",
          "docs/sandbox.md", "web/sandbox/index.html"}) {
        std::string text = test::read_file(f);
        REQUIRE_MESSAGE(!text.empty(), f);
        for (const auto* re : {&dashed, &written}) {
            for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
                rooms.insert((*it)[1].str() + "-" + (*it)[2].str() + "-" + (*it)[3].str());
            }
        }
    }
    return rooms;
}

struct SampleDistrict {
    test::TempDir dir;
    std::unique_ptr<test::DaemonProcess> daemon;
    std::unique_ptr<httplib::Client> http;
    SampleDistrict() {
        std::string text = test::read_file("config/example.toml");
        text.replace(text.find("port = 8080"), 11, "port = 0");
        text.replace(text.find("var/gridbot.db"), 14, "{DB}");
        // Before the day's first prompt: the bot's only lines are its answers.
        text += "\n[debug]\nmanual_clock = true\nstart_time = \"2026-11-22T07:00:00+08:00\"\n";
        daemon = std::make_unique<test::DaemonProcess>(dir, text);
        auto imp = test::run_command(test::gridbot_binary() + " import --config " +
                                     daemon->config() + " config/sample-ledger.csv");
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        REQUIRE_MESSAGE(daemon->start() > 0, daemon->log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon->port());
    }
    json get(const std::string& path) {
        auto r = http->Get(path, {{"Authorization", "Bearer " + kDemoToken}});
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, path, ": ", r->body);
        return json::parse(r->body);
    }
    // The group the page opens on: the first residents' group the API lists.
    json opening_group() {
        for (const auto& g : get("/sandbox/api/groups")) {
            if (g["audience"] == "residents") return g;
        }
        FAIL("no residents group");
        return {};
    }
    std::string status_of(const std::string& grid, const std::string& room) {
        const json list = get("/api/v1/nodes/" + grid + "/households");  // alive through the loop
        for (const auto& h : list["households"]) {
            if (h.value("room", "") == room) return h.value("status", "");
        }
        return "no such household";
    }
};

}  // namespace

TEST_CASE(
    "sandbox demo: every example room of the README, help, docs and page exists in the grid the "
    "page opens on") {
    // Proves the examples a newcomer copies name real households of the opening group's grid.
    auto rooms = example_rooms();
    CHECK(rooms.count("3-2-502") == 1);
    CHECK(rooms.count("1-1-102") == 1);
    SampleDistrict d;
    json g = d.opening_group();
    json members = d.get("/sandbox/api/groups/" + g["id"].get<std::string>() + "/members");
    std::set<std::string> offered;
    for (const auto& r : members["rooms"]) offered.insert(r.get<std::string>());
    for (const auto& room : rooms)
        CHECK_MESSAGE(offered.count(room) == 1, room, " not in ", g["id"]);
    CHECK(d.daemon->stop() == 0);
}

TEST_CASE(
    "sandbox demo: a resident identity's first 零报告 is accepted as its household's report") {
    // Proves the page's "resident of room X" identities arrive bound: no 登记
    // first, no "please register" answer, and the household counts as reported.
    SampleDistrict d;
    json g = d.opening_group();
    std::string group = g["id"], grid = g["node"];
    REQUIRE(d.status_of(grid, "3-2-502") == "missing");
    test::sandbox_say(*d.http, group, "res-" + group + "-3-2-502", "零报告");
    REQUIRE_MESSAGE(test::wait_for([&] { return d.status_of(grid, "3-2-502") == "zero"; }),
                    d.daemon->log());
    // A second room, and an identity naming no household of the grid stays unbound.
    test::sandbox_say(*d.http, group, "res-" + group + "-1-1-102", "零报告");
    REQUIRE(test::wait_for([&] { return d.status_of(grid, "1-1-102") == "zero"; }));
    test::sandbox_say(*d.http, group, "res-" + group + "-9-9-999", "零报告");
    REQUIRE(test::wait_for([&] { return test::sandbox_bot_lines(*d.http, group).size() == 1; }));
    // The bound rooms got no answer (a quiet grid); the unknown identity was asked to register.
    CHECK(test::sandbox_bot_lines(*d.http, group)[0].value("text", "").find("登记") !=
          std::string::npos);
    CHECK(d.daemon->stop() == 0);
}
