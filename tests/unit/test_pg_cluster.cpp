// Several daemons on one PostgreSQL database (issue 18, docs/scaling.md): any
// daemon takes hooks, answers the API and sends the outbox targets it holds
// leases on; one leader runs the conversation and the timers; when the leader
// dies (kill -9) another takes over within [cluster] failover, and a dead
// daemon's targets are taken over when their leases run out. A private cluster
// (tests/pg/cluster.sh) and three real daemons on it; a fake webhook receiver is every group's
// robot.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "../fakes/webhook_receiver.h"
#include "adapters/webhook/adapter.h"
#include "bot/core/local_time.h"
#include "bot/http/auth.h"
#include "daemon_process.h"
#include "db_query.h"
#include "private_cluster.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const std::string kSecret = "cluster-secret";
const std::string kToken = "gb_test-cluster-admin";
constexpr int kReports = 2000;  // households of g01, one report each
constexpr int kLate = 20;       // households of g02, who never report
constexpr int kRate = 20;       // the robots' limit per minute

// The manual clocks start at the real time (a signed hook is refused when its
// timestamp is far from the daemon's clock); the timers are tried tomorrow.
std::string today_in_shanghai() {
    auto zone = LocalTime::for_zone("Asia/Shanghai");
    REQUIRE(zone);
    return zone->day(std::chrono::system_clock::now());
}

std::string tomorrow() {
    auto zone = LocalTime::for_zone("Asia/Shanghai");
    REQUIRE(zone);
    return zone->day(std::chrono::system_clock::now() + std::chrono::hours(24));
}

std::string cluster_config(const std::string& conninfo, const std::string& receiver_url) {
    return test::config_head_on(conninfo) + R"(
[debug]
manual_clock = true
start_time = ")" +
           format_rfc3339(std::chrono::system_clock::now()) +
           R"("

[delivery]
in_flight = 16
timeout = "5s"
backoff_initial = "1s"

[[tokens]]
name = "ops"
sha256 = ")" +
           http::token_hash(kToken) +
           R"("
role = "admin"
node = "nangang"

[[channels]]
name = "bridge"
platform = "webhook"
rate_per_minute = )" +
           std::to_string(kRate) +
           R"(
settings = { secret = ")" +
           kSecret + R"(", url = ")" + receiver_url + R"(" }

[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "bridge"
id = "g01"
[[groups]]
node = "nangang/xianfeng/longtai/g02"
channel = "bridge"
id = "g02"
)" + test::longtai_three_grids();
}

std::string room_of(int i) {  // 1-1-101 … 20-1-200
    return std::to_string(1 + i / 100) + "-1-" + std::to_string(101 + i % 100);
}

std::string ledger() {
    std::string csv = "区,街道,社区,网格,门牌,人数,联系人,电话\n";
    for (int i = 0; i < kReports; ++i)
        csv += "南岗区,先锋街道,龙台社区,第一网格," + room_of(i) + ",2,住户" + std::to_string(i) +
               ",139" + std::to_string(10000000 + i) + "\n";
    for (int i = 0; i < kLate; ++i)
        csv += "南岗区,先锋街道,龙台社区,第二网格,30-1-" + std::to_string(101 + i) + ",1,迟报" +
               std::to_string(i) + ",138" + std::to_string(10000000 + i) + "\n";
    return csv;
}

struct Node {
    test::TempDir dir;
    test::DaemonProcess daemon;
    Node(const std::string& config) : daemon(dir, config) {}

    httplib::Result get(const std::string& path) {
        httplib::Client http("127.0.0.1", daemon.port());
        http.set_read_timeout(10);
        return http.Get(path, {{"Authorization", "Bearer " + kToken}});
    }
    std::string health(const std::string& key) {
        auto r = get("/healthz");
        if (!r || r->status != 200) return "";
        return json::parse(r->body).value(key, "");
    }
    std::string role() { return health("role"); }
    int64_t reported(const std::string& grid, const std::string& day = "") {
        auto r = get("/api/v1/nodes/nangang/xianfeng/longtai/" + grid + "/summary" +
                     (day.empty() ? "" : "?day=" + day));
        if (!r || r->status != 200) return -1;
        return json::parse(r->body)["reported"].get<int64_t>();
    }
    bool clock(const json& body) {
        httplib::Client http("127.0.0.1", daemon.port());
        auto r = http.Post("/api/v1/admin/clock", {{"Authorization", "Bearer " + kToken}},
                           body.dump(), "application/json");
        return r && r->status == 200;
    }
    bool set_clock(const std::string& local_time) {
        return clock({{"set", tomorrow() + "T" + local_time + "+08:00"}});
    }
    bool advance(int seconds) { return clock({{"advance_seconds", seconds}}); }
    // A resident's message, signed as the webhook platform signs it.
    httplib::Result say(const std::string& group, const std::string& sender,
                        const std::string& text, const std::string& message_id) {
        httplib::Client http("127.0.0.1", daemon.port());
        std::string ts = std::to_string(std::time(nullptr));
        json body = {{"group", group},
                     {"sender", {{"id", sender}, {"name", "住户"}}},
                     {"text", text},
                     {"message_id", message_id},
                     {"time", std::time(nullptr)}};
        std::string b = body.dump();
        return http.Post(
            "/hooks/bridge",
            {{"X-Gridbot-Timestamp", ts},
             {"X-Gridbot-Signature", adapters::webhook::WebhookAdapter::sign(kSecret, ts, b)}},
            b, "application/json");
    }
    // Household i of g01 reports all well.
    httplib::Result report(int i) {
        return say("g01", "u" + std::to_string(i), room_of(i) + " 全家平安",
                   "m-" + std::to_string(i));
    }
};

// The most messages one group's robot received in any 60 s of the senders'
// clocks (the signed timestamps): the manual clocks the pacers follow.
int busiest_minute(const std::vector<test::WebhookReceiver::Received>& log) {
    std::map<std::string, std::vector<int64_t>> by_group;
    for (const auto& r : log) by_group[r.group].push_back(r.ts);
    int most = 0;
    for (auto& [group, times] : by_group) {
        std::sort(times.begin(), times.end());
        for (size_t i = 0, j = 0; j < times.size(); ++j) {
            while (times[j] - times[i] >= 60) ++i;
            most = std::max(most, static_cast<int>(j - i + 1));
        }
    }
    return most;
}

}  // namespace

TEST_CASE(
    "cluster: three daemons on one PostgreSQL database share a morning, the leader killed with "
    "kill -9 at 09:59:50 is replaced within the failover and the 10:00 reminder goes out once" *
    doctest::test_suite("sqlite-only")) {  // once: it starts a PostgreSQL server of its own
    // Proves: 2,000 signed webhook reports posted round-robin to three daemons are each
    // stored once and counted once in every daemon's summary; exactly one daemon leads;
    // the leader killed with kill -9 at 09:59:50 (manual clocks) is replaced by another
    // within [cluster] failover (15 s), which sends g02's 10:00 reminder exactly once;
    // no robot is sent more than its 20 a minute.
    test::PrivateCluster pg;
    test::WebhookReceiver rx(kSecret);
    rx.allow_skew(std::chrono::hours(60));  // the timers are tried on tomorrow's manual clock
    const std::string config = cluster_config(pg.url(), rx.url_template());
    std::vector<std::unique_ptr<Node>> nodes;
    for (int i = 0; i < 3; ++i) nodes.push_back(std::make_unique<Node>(config));
    auto migrated = test::run_command(test::gridbot_binary() + " migrate --config " +
                                      nodes[0]->daemon.config() + " 2>&1");
    REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.out);
    test::write_file(nodes[0]->dir.file("ledger.csv"), ledger());
    auto imp =
        test::run_command(test::gridbot_binary() + " import --config " + nodes[0]->daemon.config() +
                          " " + nodes[0]->dir.file("ledger.csv") + " 2>&1");
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    for (auto& n : nodes) REQUIRE_MESSAGE(n->daemon.start() > 0, n->daemon.log());

    auto leaders = [&] {
        std::vector<size_t> out;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i] && nodes[i]->role() == "leader") out.push_back(i);
        return out;
    };
    REQUIRE(test::wait_for([&] { return leaders().size() == 1; }));
    for (auto& n : nodes) {
        auto r = n->get("/healthz");
        REQUIRE(r);
        CHECK(json::parse(r->body)["engine"] == "postgresql");
    }

    for (int i = 0; i < kReports; ++i) {
        auto r = nodes[i % 3]->report(i);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
    for (auto& n : nodes) {
        CHECK_MESSAGE(test::wait_for([&] { return n->reported("g01") == kReports; },
                                     std::chrono::seconds(60)),
                      "a daemon's summary says ", n->reported("g01"), "\n", n->daemon.log());
    }
    const std::string db_url = "postgresql:" + pg.url();
    const std::string& db = db_url;
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM inbound") == kReports);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM reports") == kReports);
    CHECK(test::db_number(db, "SELECT COUNT(DISTINCT household_id) FROM reports") == kReports);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM day_status") == kReports);
    CHECK(test::wait_for([&] {
        return test::db_number(db, "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") == 0;
    }));

    // The daemon holding g01's outbox lease (the one sending its replies), if alive.
    auto g01_holder = [&]() -> int {
        auto owner = test::db_query(db_url,
                                    "SELECT owner FROM outbox_leases WHERE group_id = 'g01' AND "
                                    "until_ms > 0");
        if (owner.empty()) return -1;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i] && nodes[i]->health("instance") == owner[0]) return static_cast<int>(i);
        return -1;
    };

    // Tomorrow 09:59:50 on every daemon; the leader dies before 10:00.
    for (auto& n : nodes) REQUIRE(n->set_clock("09:59:50"));
    size_t old = leaders().front();
    nodes[old]->daemon.kill9();
    auto killed_at = std::chrono::steady_clock::now();
    nodes[old].reset();
    for (auto& n : nodes)
        if (n) REQUIRE(n->set_clock("10:00:30"));
    REQUIRE(test::wait_for([&] { return leaders().size() == 1; }, std::chrono::seconds(30)));
    auto took = std::chrono::steady_clock::now() - killed_at;
    MESSAGE(
        "a new leader after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                              << " ms");
    CHECK(took < std::chrono::seconds(15));

    const std::string ten = "remind:" + tomorrow() + ":0:bridge/g02";
    auto reminders = [&] {
        int n = 0;
        for (const auto& r : rx.log()) n += r.key == ten ? 1 : 0;
        return n;
    };
    CHECK(test::wait_for([&] { return reminders() >= 1; }, std::chrono::seconds(30)));
    // Every report still counted, on the new leader and on the follower.
    for (auto& n : nodes)
        if (n) CHECK(n->reported("g01", today_in_shanghai()) == kReports);

    // Pacing across a change of sender. The manual clocks stand still, so the
    // daemon holding g01's lease sends at most 20 replies (queued in the
    // morning) to g01's robot per minute of its clock. A minute on, it sends a
    // burst of 20 and dies; the daemon that takes its lease over must wait out
    // the minute of that burst.
    auto replies = [&] {
        int n = 0;
        for (const auto& r : rx.log()) n += r.group == "g01" && r.key.rfind("reply:", 0) == 0;
        return n;
    };
    auto settled = [&] {  // the count once nothing more arrives for 1.5 s
        for (int n = replies();;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            if (int m = replies(); m == n)
                return n;
            else
                n = m;
        }
    };
    // The dead leader's lease on g01, if it held it, runs out first.
    auto leases_now = [&] {  // for a failure's message
        std::string out;
        for (const auto& v : test::db_query(db_url,
                                            "SELECT group_id || ' ' || owner || ' ' || "
                                            "CAST(until_ms AS TEXT) FROM outbox_leases"))
            out += v + "\n";
        for (auto& n : nodes)
            if (n) out += "daemon " + n->health("instance") + "\n";
        return out;
    };
    REQUIRE_MESSAGE(test::wait_for([&] { return g01_holder() >= 0; }, std::chrono::seconds(30)),
                    leases_now());
    const int before_burst = settled();
    for (auto& n : nodes)
        if (n) REQUIRE(n->advance(70));  // 10:01:40
    REQUIRE(test::wait_for([&] { return replies() >= before_burst + kRate; },
                           std::chrono::seconds(30)));
    const int sender = g01_holder();
    REQUIRE(sender >= 0);
    nodes[sender]->daemon.kill9();
    auto sender_killed_at = std::chrono::steady_clock::now();
    nodes[sender].reset();
    const int burst = replies();
    CHECK(burst == before_burst + kRate);
    // Another daemon takes g01's lease once it runs out ([cluster] failover).
    REQUIRE(test::wait_for([&] { return g01_holder() >= 0; }, std::chrono::seconds(30)));
    MESSAGE("g01 taken over after " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::steady_clock::now() - sender_killed_at)
                                           .count()
                                    << " ms");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(replies() == burst);  // its clock is still in the minute of the burst
    for (auto& n : nodes)
        if (n) REQUIRE(n->advance(30));  // 10:02:10: the dead sender's minute is not over
    std::this_thread::sleep_for(std::chrono::seconds(2));
    CHECK(replies() == burst);
    for (auto& n : nodes)
        if (n) REQUIRE(n->advance(40));  // 10:02:50: it is
    CHECK(test::wait_for([&] { return replies() > burst; }, std::chrono::seconds(15)));
    CHECK(test::wait_for([&] { return replies() == burst + kRate; }, std::chrono::seconds(15)));
    MESSAGE("g01's robot: " << replies() << " replies, the busiest minute of the senders' clocks: "
                            << busiest_minute(rx.log()));
    CHECK(busiest_minute(rx.log()) <= kRate);
    CHECK(reminders() == 1);
    for (auto& n : nodes)
        if (n) CHECK(n->daemon.stop() == 0);
}

namespace {

constexpr int kGroups = 2000;  // webhook groups of the notice
constexpr int kInFlight = 32;  // [delivery] in_flight of every daemon

std::string fanout_config(const std::string& conninfo, const test::WebhookReceiver& rx) {
    std::string c = test::config_head_on(conninfo) + R"(
[delivery]
in_flight = )" + std::to_string(kInFlight) +
                    R"(
timeout = "5s"
backoff_initial = "1s"

[[tokens]]
name = "command"
sha256 = ")" + http::token_hash(kToken) +
                    R"("
role = "admin"
node = "nangang"

[[channels]]
name = "bridge"
platform = "webhook"
rate_per_minute = )" +
                    std::to_string(kRate) +
                    R"(
settings = { secret = ")" +
                    kSecret + R"(", url = ")" + rx.url_template() + R"(" }
)";
    for (int i = 0; i < kGroups; ++i) {
        c += "[[groups]]\nnode = \"nangang/s" + std::to_string(i % 10) + "/c" +
             std::to_string((i / 10) % 10) + "/g" + std::to_string(i) +
             "\"\nchannel = \"bridge\"\nid = \"grid-" + std::to_string(i) + "\"\n";
    }
    return c;
}

// A resident's message to grid-0.
httplib::Result say(Node& n, int i) {
    return n.say("grid-0", "r" + std::to_string(i), "全家平安", "say-" + std::to_string(i));
}

}  // namespace

TEST_CASE(
    "cluster: a notice to 2,000 groups issued on a follower, the leader killed with kill -9 mid "
    "fan-out, every group gets it, repeats within the dead leader's in-flight, a database "
    "restart loses no acknowledged message and answers 503 meanwhile" *
    doctest::test_suite("sqlite-only")) {  // once: it starts a PostgreSQL server of its own
    // Proves: with three daemons on one database, a notice issued through a follower's API
    // reaches all 2,000 webhook groups although the leader is killed mid fan-out; the
    // daemons share the fan-out (each sends the groups it leases) and the dead one's
    // groups are taken over when its leases run out, with what it had in flight; groups
    // that got it twice are at most the dead daemon's in_flight; no robot above its pace; every
    // daemon's progress equals the receiver's count. Then pg_ctl stop/start under the running
    // daemons: a message acknowledged before is kept, messages meanwhile get 503 from every daemon,
    // and afterwards every daemon takes messages again without a restart.
    test::PrivateCluster pg;
    std::atomic<int> answered{0};
    test::WebhookReceiver rx(kSecret, [&](const test::WebhookReceiver::Received&, int) {
        ++answered;
        return test::WebhookReceiver::Answer{200};
    });
    const std::string config = fanout_config(pg.url(), rx);
    std::vector<std::unique_ptr<Node>> nodes;
    for (int i = 0; i < 3; ++i) nodes.push_back(std::make_unique<Node>(config));
    auto migrated = test::run_command(test::gridbot_binary() + " migrate --config " +
                                      nodes[0]->daemon.config() + " 2>&1");
    REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.out);
    for (auto& n : nodes) REQUIRE_MESSAGE(n->daemon.start() > 0, n->daemon.log());
    auto leaders = [&] {
        std::vector<size_t> out;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (nodes[i] && nodes[i]->role() == "leader") out.push_back(i);
        return out;
    };
    REQUIRE(test::wait_for([&] { return leaders().size() == 1; }));
    const size_t leader = leaders().front();
    Node& follower = *nodes[(leader + 1) % 3];

    httplib::Client http("127.0.0.1", follower.daemon.port());
    http.set_read_timeout(60);
    httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
    json notice = {{"node", "nangang"},
                   {"title", "关于全区居家防护的通告"},
                   {"body", "请各户今日12点前完成零报告。"},
                   {"number", 75},
                   {"ack", true}};
    auto made = http.Post("/api/v1/notices", auth, notice.dump(), "application/json");
    REQUIRE(made);
    REQUIRE_MESSAGE(made->status == 201, made->body);
    REQUIRE(json::parse(made->body)["groups"] == kGroups);

    std::mt19937 rng(std::random_device{}());
    const int kill_at = std::uniform_int_distribution<int>(200, kGroups - 800)(rng);
    REQUIRE(test::wait_for([&] { return answered.load() >= kill_at; }, std::chrono::seconds(60)));
    nodes[leader]->daemon.kill9();
    const int at_kill = answered.load();
    nodes[leader].reset();
    REQUIRE(at_kill < kGroups);  // it really was mid fan-out
    REQUIRE(test::wait_for([&] { return leaders().size() == 1; }, std::chrono::seconds(15)));

    json progress;
    REQUIRE(test::wait_for(
        [&] {
            auto r = follower.get("/api/v1/notices/1");
            if (!r || r->status != 200) return false;
            progress = json::parse(r->body);
            return progress["totals"]["pending"] == 0;
        },
        std::chrono::seconds(120)));
    int distinct = 0, repeats = 0;
    for (const auto& [key, n] : rx.counts()) {
        if (key.rfind("notice:1:", 0) != 0) continue;
        ++distinct;
        repeats += n - 1;
    }
    MESSAGE("leader killed after " << at_kill << " of " << kGroups
                                   << " deliveries; groups that got it twice: " << repeats
                                   << " (bound: " << kInFlight << " in flight)");
    CHECK(distinct == kGroups);
    CHECK(repeats <= kInFlight);
    const auto senders =
        test::db_number("postgresql:" + pg.url(),
                        "SELECT COUNT(DISTINCT owner) FROM outbox_leases WHERE group_id LIKE "
                        "'grid-%'");
    MESSAGE("daemons that sent the last message of a group: " << senders);
    CHECK(senders >= 2);
    CHECK(progress["totals"]["delivered"] == kGroups);
    CHECK(progress["totals"]["failed"] == 0);
    for (auto& n : nodes) {
        if (!n) continue;
        auto r = n->get("/api/v1/notices/1");
        REQUIRE(r);
        CHECK(json::parse(r->body)["totals"]["delivered"] == kGroups);
    }
    for (const auto& r : rx.log()) CHECK(r.signature_ok);
    CHECK(busiest_minute(rx.log()) <= kRate);

    // The database restarts under the two daemons left.
    std::vector<Node*> alive;
    for (auto& n : nodes)
        if (n) alive.push_back(n.get());
    int said = 0;
    for (; said < 10; ++said) {
        auto r = say(*alive[said % alive.size()], said);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
    pg.run("down");
    for (Node* n : alive) {
        auto r = say(*n, 1000);
        REQUIRE(r);
        CHECK(r->status == 503);
        auto h = n->get("/healthz");
        REQUIRE(h);
        CHECK(h->status == 503);
    }
    pg.run("up");
    for (Node* n : alive) {
        CHECK(test::wait_for([&] {
            auto h = n->get("/healthz");
            return h && h->status == 200;
        }));
    }
    for (int i = 1000; said < 20; ++said, ++i) {  // 1000 is the platform's retry
        auto r = say(*alive[said % alive.size()], i);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
    const std::string db = "postgresql:" + pg.url();
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM inbound") == 20);
    CHECK(test::wait_for(
        [&] {
            return test::db_number(db, "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") ==
                   0;
        },
        std::chrono::seconds(30)));
    REQUIRE(test::wait_for([&] { return leaders().size() == 1; }, std::chrono::seconds(15)));
    for (Node* n : alive) CHECK(n->daemon.stop() == 0);
}
