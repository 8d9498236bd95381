// Official notices end to end (issue 8): the real daemon on the sandbox with
// the manual clock. A notice to a street reaches each of its grid groups once
// and nothing else; leaders' 收到 are tallied per group; the reminder goes to
// the unacknowledged groups only; a cancel reaches exactly the original
// groups; an exercise is marked as a drill in every message it produces.
#include <filesystem>
#include <regex>

#include "notice_district.h"

using namespace gridbot;
using test::notices::District;
using test::notices::json;
namespace tn = test::notices;

namespace {

json alert(bool ack = true) {
    return {{"node", "nangang/xianfeng"},
            {"title", "关于做好居家防护的通知"},
            {"body", "**请各户**今日12点前完成零报告。"},
            {"ack", ack}};
}

bool wait(const std::function<bool()>& ok) { return test::wait_for(ok, std::chrono::seconds(10)); }

}  // namespace

TEST_CASE(
    "notices: a street notice reaches every grid group once, acks are tallied, the reminder goes "
    "only to unacknowledged groups, a cancel reaches exactly the original groups") {
    District d;
    d.start();
    auto [status, made] = d.issue(alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    CHECK(made["groups"] == 5);
    CHECK(made["calls"] == 3);  // the no_chat households of xianfeng, not the other street's
    CHECK(made["label"] == "第1号");
    int64_t id = made["id"];
    REQUIRE(wait([&] { return d.progress(id)["totals"]["delivered"] == 5; }));

    // Exactly once in each grid group of the street; nowhere else.
    for (const auto& g : tn::kStreetGrids)
        CHECK_MESSAGE(d.count_with(g, "关于做好居家防护的通知") == 1, g);
    for (const char* g : {"other-g01", "district-staff", "xianfeng-staff"}) {
        CHECK_MESSAGE(d.count_with(g, "第1号") == 0, g);
    }
    // The call lists go to the community staff groups, with phones; resident groups get no phone.
    REQUIRE(wait([&] {
        return d.count_with("longtai-staff", "☎️") == 2 &&
               d.count_with("huayuan-staff", "☎️") == 1;
    }));
    bool listed = false;
    for (const auto& t : d.bot_lines("longtai-staff"))
        listed = listed || t.find("13516274373") != std::string::npos;
    CHECK(listed);
    const std::regex phone("1[3-9][0-9]{9}");
    for (const auto& g : tn::kStreetGrids) {
        for (const auto& t : d.bot_lines(g))
            CHECK_MESSAGE(!std::regex_search(t, phone), g, ": ", t);
    }

    // Acknowledgements: a bare 收到 and a numbered one from leaders count; a
    // resident's 收到 and an incident's 收到 #17 do not.
    d.say("longtai-g01", "leader-longtai-g01", "收到");
    d.say("longtai-g02", "leader-longtai-g02", "收到 第1号");
    d.say("longtai-g02", "leader-longtai-g02", "收到！");  // again: still one acknowledgement
    d.say("longtai-g03", "resident-7", "收到");
    d.say("huayuan-g01", "leader-huayuan-g01", "收到 #17");
    REQUIRE(wait([&] {
        return d.count_with("longtai-g02", "✅") == 1 && d.count_with("longtai-g01", "✅") == 1;
    }));
    json p = d.progress(id);
    CHECK(p["totals"]["acked"] == 2);
    CHECK(p["unacked_groups"].size() == 3);
    for (const auto& c : p["by_community"]) {
        CHECK(c["acked"] == (c["node"] == "nangang/xianfeng/longtai" ? 2 : 0));
        CHECK(c["delivered"] == c["groups"]);
    }
    REQUIRE(p["by_street"].size() == 1);
    CHECK(p["by_street"][0]["acked"] == 2);
    CHECK(d.count_with("longtai-g03", "✅") == 0);

    // 29 minutes: no reminder yet; 31: once, to the three unacknowledged groups only.
    d.advance(29 * 60);
    d.settle();
    for (const auto& g : tn::kStreetGrids) CHECK(d.count_with(g, "🔔") == 0);
    d.advance(2 * 60);
    REQUIRE(wait([&] { return d.progress(id)["totals"]["reminded"] == 3; }));
    REQUIRE(wait([&] {
        return d.count_with("longtai-g03", "🔔") == 1 && d.count_with("huayuan-g01", "🔔") == 1 &&
               d.count_with("huayuan-g02", "🔔") == 1;
    }));
    d.advance(3 * 3600);
    d.settle();
    CHECK(d.count_with("longtai-g01", "🔔") == 0);
    CHECK(d.count_with("longtai-g02", "🔔") == 0);
    CHECK(d.count_with("longtai-g03", "🔔") == 1);  // a reminder is sent once

    // Calls: one by chat command from the grid leader in the staff group, one by API.
    d.say("longtai-staff", "leader-longtai-g01", "已通知 1-1-201");
    REQUIRE_MESSAGE(wait([&] { return d.progress(id)["calls"]["left"] == 2; }), d.daemon.log());
    REQUIRE(wait([&] { return d.count_with("longtai-staff", "本网格还剩 0 户") == 1; }));
    auto h = d.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g02/households",
                         District::auth(tn::kAdmin));
    REQUIRE(h);
    int64_t household = json::parse(h->body)["households"][0]["id"];
    auto done = d.http->Post(
        "/api/v1/notices/" + std::to_string(id) + "/calls/" + std::to_string(household) + "/done",
        District::auth(tn::kStreet), "", "application/json");
    REQUIRE(done);
    CHECK_MESSAGE(done->status == 200, done->body);
    CHECK(json::parse(done->body)["left"] == 1);
    CHECK(d.progress(id)["calls"]["left"] == 1);

    // A restart with one more grid group in the street: the cancel still goes to
    // exactly the five groups of the original (recorded, not recomputed).
    d.restart_with("",
                   "[[groups]]\nnode = \"nangang/xianfeng/longtai/g04\"\nchannel = \"sandbox\"\nid "
                   "= \"longtai-g04\"\n");
    auto [cs, cancel] = d.issue(
        {{"kind", "cancel"}, {"reference", id}, {"title", "撤销"}, {"body", "情况已解除。"}});
    REQUIRE_MESSAGE(cs == 201, cancel.dump());
    CHECK(cancel["groups"] == 5);
    REQUIRE(wait([&] { return d.progress(cancel["id"])["totals"]["delivered"] == 5; }));
    for (const auto& g : tn::kStreetGrids) CHECK_MESSAGE(d.count_with(g, "❎") == 1, g);
    for (const char* g : {"other-g01", "district-staff", "xianfeng-staff", "longtai-g04"}) {
        CHECK_MESSAGE(d.count_with(g, "❎") == 0, g);
    }
    CHECK(d.progress(id)["cancelled_by"] == cancel["id"]);
    auto metrics = d.http->Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->body.find(R"(gridbot_notices_issued_total{kind="cancel",status="actual"} 1)") !=
          std::string::npos);
    CHECK(metrics->body.find("gridbot_notice_deliveries_queued_total 5") != std::string::npos);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "notices: an exercise is marked as a drill in every message it produces, reminders, call "
    "lists, replies and its cancel included") {
    District d;
    d.start();
    json drill = alert();
    drill["status"] = "exercise";
    auto [status, made] = d.issue(drill);
    REQUIRE_MESSAGE(status == 201, made.dump());
    int64_t id = made["id"];
    REQUIRE(wait([&] { return d.progress(id)["totals"]["delivered"] == 5; }));
    d.say("longtai-g01", "leader-longtai-g01", "收到");
    d.say("longtai-staff", "leader-longtai-g01", "已通知 1-1-201");
    REQUIRE(wait([&] {
        return d.progress(id)["totals"]["acked"] == 1 && d.progress(id)["calls"]["left"] == 2;
    }));
    d.advance(31 * 60);
    REQUIRE(wait([&] { return d.progress(id)["totals"]["reminded"] == 4; }));
    auto [cs, cancel] = d.issue(
        {{"kind", "cancel"}, {"reference", id}, {"title", "演练结束"}, {"status", "exercise"}});
    REQUIRE_MESSAGE(cs == 201, cancel.dump());
    REQUIRE(wait([&] { return d.progress(cancel["id"])["totals"]["delivered"] == 5; }));
    // Every line the bot wrote anywhere is about the drill, and each carries the mark.
    REQUIRE(wait([&] {
        return d.count_with("longtai-staff", "还剩") == 1 && d.count_with("longtai-g01", "✅") == 1;
    }));
    // (The daily cycle's own messages of the same morning, e.g. the 09:30 rollup, are not the
    // notice's.)
    auto daily = [](const std::string& t) {
        for (const char* mark : {"☀️", "📋", "📈", "⏰", "📊"}) {
            if (t.rfind(mark, 0) == 0) return true;
        }
        return false;
    };
    size_t lines = 0;
    for (const auto& g : District::all_groups()) {
        for (const auto& t : d.bot_lines(g)) {
            if (daily(t)) continue;
            ++lines;
            CHECK_MESSAGE(t.rfind("【演练】", 0) == 0, g, ": ", t);
        }
    }
    // 5 alerts + 3 call lists + 1 ack reply + 1 call-done reply + 4 reminders + 5 cancels + 3 call
    // lists of the cancel
    CHECK(lines == 22);
    CHECK(d.progress(id)["status"] == "exercise");
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("notices: who may issue, and drafts that are refused with their error id") {
    District d;
    d.start();
    CHECK(d.issue(alert(), tn::kGrid).first == 403);
    CHECK(d.issue(alert(), tn::kCommunity).first == 403);  // notices.community_may_issue is off
    json district_wide = alert();
    district_wide["node"] = "nangang";
    CHECK(d.issue(district_wide, tn::kStreet).first == 403);  // outside the street token's subtree
    json untitled = alert();
    untitled["title"] = " ";
    auto [s1, e1] = d.issue(untitled);
    CHECK(s1 == 400);
    CHECK(e1["error"] == "notice.bad_title");
    auto [s2, e2] = d.issue({{"kind", "update"}, {"title", "更新"}, {"body", "x"}});
    CHECK(s2 == 400);
    CHECK(e2["error"] == "notice.bad_reference");
    auto [s3, e3] = d.issue({{"kind", "cancel"}, {"reference", 999}, {"title", "撤销"}});
    CHECK(s3 == 400);
    CHECK(e3["error"] == "notice.bad_reference");
    json staffless = alert();
    staffless["node"] = "nangang/xianfeng/longtai/g01";
    staffless["audience"] = "staff";
    auto [s4, e4] = d.issue(staffless);
    CHECK(s4 == 400);
    CHECK(e4["error"] == "notice.no_groups");
    json numbered = alert();
    numbered["number"] = 74;
    CHECK(d.issue(numbered).first == 201);
    auto [s5, e5] = d.issue(numbered);
    CHECK(s5 == 409);
    CHECK(e5["error"] == "notice.duplicate_number");
    auto bad = d.http->Get("/api/v1/notices/1",
                           District::auth(tn::kGrid));  // grid token: outside its subtree
    REQUIRE(bad);
    CHECK(bad->status == 403);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "notices: a community token may notify its own subtree when the configuration allows it") {
    District d("community_may_issue = true");
    d.start();
    json own = alert();
    own["node"] = "nangang/xianfeng/longtai";
    auto [status, made] = d.issue(own, tn::kCommunity);
    CHECK_MESSAGE(status == 201, made.dump());
    CHECK(made["groups"] == 3);
    CHECK(d.issue(alert(), tn::kCommunity).first == 403);  // the street is above it
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "notices: gridbot notice send prints plain progress lines off a terminal and notice status the "
    "tally") {
    District d;
    d.start();
    test::write_file(d.dir.file("body.md"), "**请各户**今日12点前完成零报告。");
    std::string common =
        " --url http://127.0.0.1:" + std::to_string(d.daemon.port()) + " --token " + tn::kStreet;
    auto sent = test::run_command(test::gridbot_binary() + " notice send" + common +
                                  " --node nangang/xianfeng --title 第二次通知 --body-file " +
                                  d.dir.file("body.md") + " --ack --exercise < /dev/null | cat");
    CHECK_MESSAGE(sent.exit_code == 0, sent.out);
    CHECK_MESSAGE(sent.out.find("queued to 5 groups") != std::string::npos, sent.out);
    CHECK_MESSAGE(sent.out.find("progress delivered=5 failed=0 total=5") != std::string::npos,
                  sent.out);
    CHECK_MESSAGE(sent.out.find("done: 5 of 5 groups delivered, 0 failed") != std::string::npos,
                  sent.out);
    CHECK(sent.out.find('\r') == std::string::npos);  // no bar off a terminal
    for (const auto& g : tn::kStreetGrids) CHECK_MESSAGE(d.count_with(g, "【演练】") == 1, g);
    auto st = test::run_command(test::gridbot_binary() + " notice status 1" + common);
    CHECK_MESSAGE(st.exit_code == 0, st.out);
    CHECK_MESSAGE(st.out.find("total: 5/5 delivered, 0 failed, 0 pending, 0 acknowledged") !=
                      std::string::npos,
                  st.out);
    CHECK_MESSAGE(st.out.find("先锋街道: 5/5 delivered") != std::string::npos, st.out);
    CHECK_MESSAGE(st.out.find("calls: 0/3 done, 3 left") != std::string::npos, st.out);
    auto no_token = test::run_command(
        "env -u GRIDBOT_TOKEN " + test::gridbot_binary() +
        " notice status 1 --url http://127.0.0.1:" + std::to_string(d.daemon.port()));
    CHECK(no_token.exit_code == 2);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("notices: the reminder time survives a restart and the reminder is sent once") {
    District d;
    d.start();
    auto [status, made] = d.issue(alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    int64_t id = made["id"];
    REQUIRE(wait([&] { return d.progress(id)["totals"]["delivered"] == 5; }));
    d.say("huayuan-g02", "leader-huayuan-g02", "收到");
    REQUIRE(wait([&] { return d.progress(id)["totals"]["acked"] == 1; }));
    d.restart_with("", "");  // the manual clock starts again at 09:00
    d.advance(31 * 60);
    REQUIRE(wait([&] { return d.progress(id)["totals"]["reminded"] == 4; }));
    d.restart_with("", "");
    d.advance(40 * 60);
    REQUIRE(wait([&] {
        return d.count_with("longtai-g01", "🔔") >= 1 && d.count_with("huayuan-g01", "🔔") >= 1;
    }));
    d.settle();  // a second one, if there were one, is in the transcript now
    for (const auto& g : tn::kStreetGrids) {
        CHECK_MESSAGE(d.count_with(g, "🔔") == (g == "huayuan-g02" ? 0u : 1u), g);
    }
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "notices: gridbot notice status N finds the daemon from --config, else config/example.toml") {
    // Proves the command works as docs/notices.md writes it: no --url, the
    // address from --config's server.public_url, and without --config from
    // config/example.toml in the working directory.
    District d;
    d.start();
    auto [status, made] = d.issue(alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    std::string cfg = test::read_file(d.daemon.config());
    auto at = cfg.find("[server]\n");
    REQUIRE(at != std::string::npos);
    cfg.insert(at + 9,
               "public_url = \"http://127.0.0.1:" + std::to_string(d.daemon.port()) + "\"\n");
    test::TempDir cwd;
    std::filesystem::create_directories(cwd.path() / "config");
    test::write_file(cwd.file("config/example.toml"), cfg);
    test::write_file(cwd.file("other.toml"), cfg);
    std::string tail = " notice status 1 --token " + tn::kStreet;
    auto by_default =
        test::run_command("cd " + cwd.path().string() + " && " + test::gridbot_binary() + tail);
    CHECK_MESSAGE(by_default.exit_code == 0, by_default.out);
    CHECK_MESSAGE(by_default.out.find("total: ") != std::string::npos, by_default.out);
    CHECK(by_default.out.find("calls: 0/3 done, 3 left") != std::string::npos);
    auto by_config =
        test::run_command(test::gridbot_binary() + tail + " --config " + cwd.file("other.toml"));
    CHECK_MESSAGE(by_config.exit_code == 0, by_config.out);
    CHECK(by_config.out.find("calls: 0/3 done, 3 left") != std::string::npos);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "notices: a leader's 已通知 <room> answers with the calls left in that grid, not the "
    "district") {
    // Proves the reply counts the leader's own grid: longtai-g01 has one phone-only
    // household and the street three, so after the one call g01 has 0 left, not 2.
    District d;
    d.start();
    auto [status, made] = d.issue(alert());
    REQUIRE_MESSAGE(status == 201, made.dump());
    int64_t id = made["id"];
    REQUIRE(wait([&] { return d.progress(id)["totals"]["delivered"] == 5; }));
    d.say("longtai-staff", "leader-longtai-g01", "已通知 1-1-201");
    REQUIRE_MESSAGE(wait([&] { return d.count_with("longtai-staff", "☎️ 1-1-201") == 1; }),
                    d.daemon.log());
    CHECK(d.count_with("longtai-staff", "本网格还剩 0 户未告知") == 1);
    CHECK(d.count_with("longtai-staff", "还剩 2 户") == 0);
    CHECK(d.progress(id)["calls"]["left"] == 2);  // the notice's own tally stays district-wide
    CHECK(d.daemon.stop() == 0);
}
