// Crash test of a district-wide notice (issue 8): 6,747 grid groups on the
// webhook platform, a fake receiver, kill -9 of the daemon at a random point of
// the fan-out, a restart. Every group gets the notice; only deliveries in
// flight at the kill are repeated; the progress the API reports equals what
// the receiver counted.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <random>

#include "../fakes/webhook_receiver.h"
#include "bot/http/auth.h"
#include "bot/store/store.h"
#include "daemon_process.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const char* kSecret = "notice-bridge-key";
const std::string kToken = "gb_test-district-command";
constexpr int kGroups = 6747;  // Nangang's grid groups (DOMAIN.md)
constexpr int kInFlight = 32;

// 20 streets, 15 communities each, the grids spread over them.
std::string grid_code(int i) {
    return "nangang/s" + std::to_string(i % 20) + "/c" + std::to_string((i / 20) % 15) + "/g" +
           std::to_string(i);
}

std::string big_config(const test::WebhookReceiver& rx) {
    std::string c = test::config_head() + R"(
[delivery]
in_flight = )" + std::to_string(kInFlight) +
                    R"(
timeout = "5s"
backoff_initial = "1s"

[[tokens]]
name = "command"
sha256 = ")" + http::token_hash(kToken) +
                    R"("
role = "district"
node = "nangang"

[[channels]]
name = "bridge"
platform = "webhook"
settings = { secret = ")" +
                    std::string(kSecret) + R"(", url = ")" + rx.url_template() + R"(" }
)";
    c.reserve(c.size() + kGroups * 100);
    for (int i = 0; i < kGroups; ++i) {
        c += "[[groups]]\nnode = \"" + grid_code(i) + "\"\nchannel = \"bridge\"\nid = \"grid-" +
             std::to_string(i) + "\"\n";
    }
    return c;
}

}  // namespace

TEST_CASE(
    "notices crash: kill -9 mid fan-out to 6,747 groups, restart, every group has it once but for "
    "what was in flight, progress equals the receiver's counts") {
    std::atomic<int> answered{0};
    test::WebhookReceiver rx(kSecret, [&](const test::WebhookReceiver::Received&, int) {
        ++answered;
        return test::WebhookReceiver::Answer{200};
    });
    test::TempDir dir;
    test::DaemonProcess d(dir, big_config(rx));
    REQUIRE_MESSAGE(d.start() > 0, d.log());
    httplib::Client http("127.0.0.1", d.port());
    http.set_read_timeout(60);
    httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
    json notice = {{"node", "nangang"},
                   {"title", "关于全区居家防护的通告"},
                   {"body", "**请各户**今日12点前完成零报告。"},
                   {"number", 74},
                   {"ack", true}};
    auto made = http.Post("/api/v1/notices", auth, notice.dump(), "application/json");
    REQUIRE(made);
    REQUIRE_MESSAGE(made->status == 201, made->body);
    REQUIRE(json::parse(made->body)["groups"] == kGroups);

    std::mt19937 rng(std::random_device{}());
    int kill_at = std::uniform_int_distribution<int>(300, kGroups - 1500)(rng);
    REQUIRE(test::wait_for([&] { return answered.load() >= kill_at; }, std::chrono::seconds(60)));
    d.kill9();
    int at_kill = answered.load();
    REQUIRE(at_kill < kGroups);  // it really was mid fan-out

    REQUIRE_MESSAGE(d.start() > 0, d.log());
    httplib::Client again("127.0.0.1", d.port());
    json progress;
    REQUIRE(test::wait_for(
        [&] {
            auto r = again.Get("/api/v1/notices/1", auth);
            if (!r || r->status != 200) return false;
            progress = json::parse(r->body);
            return progress["totals"]["pending"] == 0;
        },
        std::chrono::seconds(120)));
    CHECK(d.stop() == 0);

    auto counts = rx.counts();
    int distinct = 0, repeats = 0;
    for (const auto& [key, n] : counts) {
        if (key.rfind("notice:1:", 0) != 0) continue;
        ++distinct;
        repeats += n - 1;
    }
    for (const auto& r : rx.log()) REQUIRE(r.signature_ok);
    MESSAGE("killed after " << at_kill << " of " << kGroups
                            << " deliveries; groups that got it twice: " << repeats
                            << " (bound: " << kInFlight << " in flight)");
    CHECK(distinct == kGroups);
    for (int i = 0; i < kGroups; i += 1) {
        auto it = counts.find("notice:1:bridge/grid-" + std::to_string(i));
        REQUIRE_MESSAGE(it != counts.end(), "grid-", i, " never got the notice");
    }
    CHECK(repeats <= kInFlight);
    // The issuer's numbers are the receiver's.
    CHECK(progress["totals"]["groups"] == kGroups);
    CHECK(progress["totals"]["delivered"] == distinct);
    CHECK(progress["totals"]["failed"] == 0);
    int64_t by_street = 0;
    for (const auto& s : progress["by_street"]) by_street += s["delivered"].get<int64_t>();
    CHECK(by_street == distinct);
    CHECK(progress["by_street"].size() == 20);
    CHECK(progress["by_community"].size() == 300);
    // A group that got it twice was sent to while its row was in flight: the restart
    // resumed such rows and says so. (A kill between two rounds can leave none in
    // flight, and then there is nothing to resume and no line.)
    if (repeats > 0) CHECK(d.log().find("event=dispatch_resumed") != std::string::npos);
    auto s = test::open_store(d.db());
    REQUIRE(s.ok());
    CHECK(s.value()->integrity_check() == "ok");
}
