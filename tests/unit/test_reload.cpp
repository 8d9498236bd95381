// Changes without downtime (issue 20, item 4): SIGHUP applies added, removed
// and changed [[channels]], [[groups]] and [[leaders]] to the running daemon;
// a removed channel's messages end failed with their reason or finish, never
// vanish; a change that needs a restart is named in the reload's log line.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "../fakes/webhook_receiver.h"
#include "bot/config/config.h"
#include "bot/http/auth.h"
#include "daemon_process.h"
#include "db_query.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const char* kSecret = "bridge-reload-key";
const std::string kToken = "gb_test-reload-district";

// The sandbox channel, the nodes and staff groups of 龙台社区, a district token.
std::string base_config(int threads = 8, const std::string& extra = "") {
    return test::config_head(threads) + extra + "\n[[tokens]]\nname = \"command\"\nsha256 = \"" +
           http::token_hash(kToken) + "\"\nrole = \"district\"\nnode = \"nangang\"\n" +
           test::longtai_three_grids();
}

std::string bridge_channel(const test::WebhookReceiver& rx) {
    return "\n[[channels]]\nname = \"bridge\"\nplatform = \"webhook\"\nsettings = { secret = \"" +
           std::string(kSecret) + "\", url = \"" + rx.url_template() + "\" }\n";
}

std::string bridge_group(const std::string& grid, const std::string& id) {
    return "\n[[groups]]\nnode = \"nangang/xianfeng/longtai/" + grid +
           "\"\nchannel = \"bridge\"\nid = \"" + id + "\"\n";
}

// Writes the daemon's configuration file anew, sends SIGHUP and waits for the
// outcome's log line; returns that line.
std::string reload(test::DaemonProcess& d, std::string text) {
    auto count = [&] {
        std::string log = d.log();
        int n = 0;
        for (auto at = log.find("event=config_reload"); at != std::string::npos;
             at = log.find("event=config_reload", at + 1)) {
            ++n;
        }
        return n;
    };
    int before = count();
    d.write_config(std::move(text));
    ::kill(d.pid(), SIGHUP);
    REQUIRE(test::wait_for([&] { return count() > before; }));
    std::string log = d.log();
    auto at = log.rfind("event=config_reload");
    return log.substr(at, log.find('\n', at) - at);
}

httplib::Headers auth() { return {{"Authorization", "Bearer " + kToken}}; }

int64_t issue_notice(httplib::Client& http, const std::string& title, int* groups = nullptr) {
    json notice = {{"node", "nangang/xianfeng/longtai"},
                   {"title", title},
                   {"body", "今日12点前完成零报告。"},
                   {"ack", true}};
    auto made = http.Post("/api/v1/notices", auth(), notice.dump(), "application/json");
    REQUIRE(made);
    REQUIRE_MESSAGE(made->status == 201, made->body);
    auto j = json::parse(made->body);
    if (groups) *groups = j["groups"];
    return j["id"];
}

json progress(httplib::Client& http, int64_t id) {
    auto r = http.Get("/api/v1/notices/" + std::to_string(id), auth());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return json::parse(r->body);
}

// A message as the generic webhook platform posts it to /hooks/bridge, signed.
httplib::Result post_hook(int port, const std::string& group, const std::string& sender,
                          const std::string& text, const std::string& message_id) {
    std::string ts = std::to_string(std::time(nullptr));
    json body = {{"group", group},
                 {"sender", {{"id", sender}, {"name", "刘网格长"}}},
                 {"text", text},
                 {"message_id", message_id},
                 {"time", std::time(nullptr)}};
    std::string raw = body.dump();
    httplib::Client c("127.0.0.1", port);
    return c.Post(
        "/hooks/bridge",
        {{"X-Gridbot-Timestamp", ts},
         {"X-Gridbot-Signature", adapters::webhook::WebhookAdapter::sign(kSecret, ts, raw)}},
        raw, "application/json");
}

size_t received_in(const test::WebhookReceiver& rx, const std::string& group,
                   const std::string& text) {
    size_t n = 0;
    for (const auto& r : rx.log()) {
        if (r.group == group && r.signature_ok && r.text.find(text) != std::string::npos) ++n;
    }
    return n;
}

}  // namespace

TEST_CASE(
    "reload: SIGHUP adds a channel with a group and a leader on it, a notice reaches the group "
    "through the new channel, the leader's 收到 through its hook acknowledges it, a changed "
    "channel sends to its new address") {
    // Proves added and changed channels, groups and leaders take effect on SIGHUP, out and in.
    test::WebhookReceiver rx(kSecret);
    test::TempDir dir;
    test::DaemonProcess d(dir, base_config());
    REQUIRE_MESSAGE(d.start() > 0, d.log());
    auto before = post_hook(d.port(), "g01-bridge", "leader-7", "收到", "m-0");
    REQUIRE(before);
    CHECK(before->status == 404);  // no such channel yet

    std::string line =
        reload(d, base_config() + bridge_channel(rx) + bridge_group("g01", "g01-bridge") +
                      "\n[[leaders]]\nnode = \"nangang/xianfeng/longtai/g01\"\nname = "
                      "\"刘网格长\"\nids = { bridge = \"leader-7\" }\n");
    CHECK_MESSAGE(line.find("event=config_reloaded") != std::string::npos, line);
    CHECK(line.find("channels_added=bridge ") != std::string::npos);
    CHECK(line.find("groups_added=1 ") != std::string::npos);
    CHECK(line.find("needs_restart") == std::string::npos);

    httplib::Client http("127.0.0.1", d.port());
    int groups = 0;
    int64_t id = issue_notice(http, "关于新增群的通知", &groups);
    CHECK(groups == 1);
    REQUIRE_MESSAGE(
        test::wait_for([&] { return received_in(rx, "g01-bridge", "关于新增群的通知"); }), d.log());
    // The receiver has it before the daemon has committed it delivered; a 收到
    // acknowledges a delivered notice, so the leader answers once it is.
    REQUIRE(test::wait_for([&] { return progress(http, id)["totals"]["delivered"] == 1; }));

    auto hook = post_hook(d.port(), "g01-bridge", "leader-7", "收到", "m-1");
    REQUIRE(hook);
    CHECK_MESSAGE(hook->status == 200, hook->body);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM inbound WHERE channel = 'bridge'") == 1);
    REQUIRE_MESSAGE(test::wait_for([&] { return progress(http, id)["totals"]["acked"] == 1; }),
                    d.log());
    // The confirmation goes back into the group through the new channel too.
    CHECK(test::wait_for([&] { return rx.log().size() >= 2; }));

    // The channel changed (another bridge URL): its adapter is rebuilt and the next notice goes
    // there.
    test::WebhookReceiver moved(kSecret);
    line = reload(d, base_config() + bridge_channel(moved) + bridge_group("g01", "g01-bridge"));
    CHECK_MESSAGE(line.find("channels_changed=bridge ") != std::string::npos, line);
    issue_notice(http, "关于更换地址的通知");
    REQUIRE(test::wait_for([&] { return received_in(moved, "g01-bridge", "关于更换地址的通知"); }));
    CHECK(received_in(rx, "g01-bridge", "关于更换地址的通知") == 0);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "reload: removing a channel lets its transfer in flight finish and fails its queued messages "
    "with channel_removed, every row ends in a terminal state and none vanishes") {
    // Proves a removed channel's outbox rows all end delivered or failed with a reason.
    // One group's delivery hangs 5 s and then succeeds; the others are refused
    // with 503 and wait out a long backoff.
    test::WebhookReceiver rx(kSecret, [](const test::WebhookReceiver::Received& r, int) {
        if (r.group == "slow") return test::WebhookReceiver::Answer{200, -1, 5000};
        return test::WebhookReceiver::Answer{503};
    });
    test::TempDir dir;
    std::string slow_backoff = "\n[delivery]\nbackoff_initial = \"10m\"\n";
    std::string without = base_config(8, slow_backoff);
    test::DaemonProcess d(dir, without + bridge_channel(rx) + bridge_group("g01", "slow") +
                                   bridge_group("g02", "down-1") + bridge_group("g03", "down-2"));
    REQUIRE_MESSAGE(d.start() > 0, d.log());
    httplib::Client http("127.0.0.1", d.port());
    int groups = 0;
    int64_t id = issue_notice(http, "关于撤销渠道的通知", &groups);
    REQUIRE(groups == 3);
    auto rows = [&](const std::string& where) {
        return test::db_number(d.db(),
                               "SELECT COUNT(*) FROM outbox WHERE channel = 'bridge' AND " + where);
    };
    // Both refusals are recorded (queued again, in backoff) while "slow" is in flight.
    REQUIRE(test::wait_for(
        [&] { return rows("state = 0 AND attempts = 1") == 2 && rows("state = 1") == 1; }));

    std::string line = reload(d, without);
    CHECK_MESSAGE(line.find("channels_removed=bridge ") != std::string::npos, line);
    CHECK(line.find("groups_removed=3") != std::string::npos);
    CHECK(rows("group_id = 'slow' AND state = 1") == 1);  // still in flight at the reload

    REQUIRE_MESSAGE(test::wait_for([&] { return rows("state IN (2, 3)") == 3; }), d.log());
    CHECK(rows("1 = 1") == 3);
    CHECK(rows("group_id = 'slow' AND state = 2") == 1);
    CHECK(rows("group_id LIKE 'down-%' AND state = 3 AND last_error LIKE 'channel_removed:%'") ==
          2);
    json p = progress(http, id);
    CHECK(p["totals"]["pending"] == 0);
    CHECK(p["totals"]["delivered"] == 1);
    CHECK(p["totals"]["failed"] == 2);
    auto hook = post_hook(d.port(), "slow", "leader-7", "收到", "m-2");
    REQUIRE(hook);
    CHECK(hook->status == 404);
    CHECK(d.log().find("event=channel_removed channel=bridge") != std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "reload: a changed restart-only key is named in the reload's log line, a changed reloadable "
    "key is applied without being named") {
    // Proves the operator learns from the log which changed keys wait for a restart.
    test::TempDir dir;
    test::DaemonProcess d(dir, base_config(8));
    REQUIRE_MESSAGE(d.start() > 0, d.log());
    std::string line = reload(d, base_config(4, "\n[delivery]\ntimeout = \"3s\"\n"));
    CHECK_MESSAGE(std::regex_search(line, std::regex("needs_restart=server\\.threads ")), line);
    CHECK(line.find("delivery.timeout") == std::string::npos);
    CHECK(d.log().find("warning event=config_reloaded") != std::string::npos);
    // Unchanged again: nothing to name.
    line = reload(d, base_config(4, "\n[delivery]\ntimeout = \"3s\"\n"));
    CHECK(line.find("needs_restart") == std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE("reload: restart_keys_changed names table keys once, by the option table's name") {
    // Proves array elements are named by their option (nodes[].name), sorted, once each.
    auto load = [](const std::string& text) {
        auto c = config::load_string(text, "t.toml");
        REQUIRE_MESSAGE(c.ok(), c.error().to_string());
        return c.value();
    };
    std::string head = "[district]\ncode = \"nangang\"\nname = \"南岗区\"\n";
    auto a = load(head +
                  "[[nodes]]\ncode = \"nangang/a\"\nname = \"甲\"\n[[nodes]]\ncode = "
                  "\"nangang/b\"\nname = \"乙\"\n");
    auto b =
        load(head + "[server]\nport = 9000\n[[nodes]]\ncode = \"nangang/a\"\nname = \"甲街道\"\n" +
             "[[channels]]\nname = \"bridge\"\nplatform = \"webhook\"\n");
    CHECK(config::restart_keys_changed(*a, *b) ==
          std::vector<std::string>{"nodes[].code", "nodes[].name", "server.port"});
    CHECK(config::restart_keys_changed(*a, *a).empty());
}

TEST_CASE(
    "check-config --options: lists the keys a reload cannot apply, channels are not among them") {
    // Proves check-config --options tells which keys still need a restart.
    auto r = test::run_command(test::gridbot_binary() + " check-config --options");
    REQUIRE(r.exit_code == 0);
    auto at = r.out.find("need a restart:");
    REQUIRE(at != std::string::npos);
    std::string tail = r.out.substr(at);
    CHECK(tail.find("\n    server.port\n") != std::string::npos);
    CHECK(tail.find("\n    nodes[].name\n") != std::string::npos);
    CHECK(tail.find("channels") == std::string::npos);
    CHECK(tail.find("groups") == std::string::npos);
    CHECK(tail.find("leaders") == std::string::npos);
}
