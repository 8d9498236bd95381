// A database outage under a running daemon (issue 18): the PostgreSQL server
// stops mid-morning and comes back. A report the daemon acknowledged to the
// platform (200) is stored; a report it cannot store is refused with 503 (the
// platform retries it); /healthz says the store is unreachable; and when the
// server is back the daemon carries on without a restart. A private cluster
// (tests/pg/cluster.sh), so stopping it disturbs no other test.
#include <doctest/doctest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/webhook/adapter.h"
#include "bot/http/auth.h"
#include "daemon_process.h"
#include "db_query.h"
#include "private_cluster.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const std::string kSecret = "outage-secret";
const std::string kToken = "gb_test-outage-admin";

std::string outage_config(const std::string& conninfo, const std::string& receiver_url) {
    return test::config_head_on(conninfo) + R"(
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
settings = { secret = ")" +
           kSecret + R"(", url = ")" + receiver_url + R"(" }

[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "bridge"
id = "g01"
)" + test::longtai_three_grids();
}

// Twenty households of g01: 1-1-101 … 1-1-120.
std::string ledger() {
    std::string csv = "区,街道,社区,网格,门牌,人数,联系人,电话\n";
    for (int i = 1; i <= 20; ++i)
        csv += "南岗区,先锋街道,龙台社区,第一网格,1-1-" + std::to_string(100 + i) + ",2,住户" +
               std::to_string(i) + ",139045110" + std::to_string(10 + i) + "\n";
    return csv;
}

}  // namespace

TEST_CASE(
    "postgresql outage: reports acknowledged are kept, reports meanwhile get 503, and the daemon "
    "carries on when the server is back") {
    // Proves that with the PostgreSQL server stopped under a running daemon a signed webhook
    // report is answered 503 with Retry-After (nothing acknowledged that was not stored),
    // /healthz answers 503 "unreachable", and once the server is back the same report retried
    // and new ones are stored once each and counted, without restarting the daemon.
    test::PrivateCluster pg;
    std::string url = pg.url();
    test::TempDir dir;
    test::DaemonProcess daemon(dir, outage_config(url, "http://127.0.0.1:9/{group}"));
    auto migrated = test::run_command(test::gridbot_binary() + " migrate --config " +
                                      daemon.config() + " 2>&1");
    REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.out);
    test::write_file(dir.file("ledger.csv"), ledger());
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + daemon.config() +
                                 " " + dir.file("ledger.csv") + " 2>&1");
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
    httplib::Client http("127.0.0.1", daemon.port());
    auto post = [&](int room) {
        std::string ts = std::to_string(std::time(nullptr));
        json body = {{"group", "g01"},
                     {"sender", {{"id", "u" + std::to_string(room)}, {"name", "住户"}}},
                     {"text", "1-1-" + std::to_string(room) + " 全家平安"},
                     {"message_id", "m-" + std::to_string(room)},
                     {"time", std::time(nullptr)}};
        std::string b = body.dump();
        return http.Post(
            "/hooks/bridge",
            {{"X-Gridbot-Timestamp", ts},
             {"X-Gridbot-Signature", adapters::webhook::WebhookAdapter::sign(kSecret, ts, b)}},
            b, "application/json");
    };
    auto reported = [&]() -> int64_t {
        auto r = http.Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/summary",
                          {{"Authorization", "Bearer " + kToken}});
        if (!r || r->status != 200) return -1;
        return json::parse(r->body)["reported"].get<int64_t>();
    };
    for (int room = 101; room <= 110; ++room) {
        auto r = post(room);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
    REQUIRE_MESSAGE(test::wait_for([&] { return reported() == 10; }), daemon.log());

    pg.run("down");
    auto refused = post(111);
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(refused->get_header_value("Retry-After") == "5");
    auto health = http.Get("/healthz");
    REQUIRE(health);
    CHECK(health->status == 503);
    CHECK(json::parse(health->body)["store"] == "unreachable");

    pg.run("up");
    REQUIRE_MESSAGE(test::wait_for([&] {
                        auto h = http.Get("/healthz");
                        return h && h->status == 200;
                    }),
                    daemon.log());
    for (int room = 111; room <= 120; ++room) {  // 111 is the platform's retry
        auto r = post(room);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
    }
    CHECK_MESSAGE(test::wait_for([&] { return reported() == 20; }), daemon.log());
    CHECK(daemon.stop() == 0);
    CHECK(test::db_number("postgresql:" + url, "SELECT COUNT(*) FROM inbound") == 20);
    CHECK(test::db_number("postgresql:" + url, "SELECT COUNT(*) FROM day_status") == 20);
}
