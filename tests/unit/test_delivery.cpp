// Black-box tests of the delivery core: the real daemon, a real SQLite file,
// a fake webhook receiver on loopback.
#include <doctest/doctest.h>
#include <httplib.h>

#include <set>

#include "../fakes/webhook_receiver.h"
#include "bot/core/clock.h"
#include "bot/store/messages.h"
#include "bot/store/writer.h"
#include "daemon_process.h"

using namespace gridbot;
using namespace std::chrono_literals;

namespace {

const char* kSecret = "s3cret-bridge-key";

std::string config_for(const test::WebhookReceiver& rx, const std::string& delivery,
                       const std::string& extra_channels = "") {
    return R"(
[server]
bind = "127.0.0.1"
port = 0
threads = 8
body_limit = 4096

[store]
path = "{DB}"

[district]
code = "nangang"
name = "南岗区"

[delivery]
)" + delivery +
           R"(

[[channels]]
name = "bridge"
platform = "webhook"
settings = { secret = ")" +
           kSecret + R"(", url = ")" + rx.url_template() + R"(" }
)" + extra_channels;
}

// Queues `n` messages per group straight into the outbox, before the daemon starts.
void queue(const std::string& db, const std::string& channel,
           const std::vector<std::string>& groups, int per_group, const std::string& prefix) {
    auto s = test::open_store(db);
    REQUIRE(s.ok());
    store::Messages m(*s.value());
    std::vector<store::OutboxItem> items;
    for (const auto& g : groups) {
        for (int i = 0; i < per_group; ++i) {
            store::OutboxItem it;
            it.key = prefix + ":" + g + ":" + std::to_string(i);
            it.channel = channel;
            it.msg.group = g;
            it.msg.text = "通知 " + std::to_string(i);
            it.msg.idempotency_key = it.key;
            items.push_back(std::move(it));
        }
    }
    REQUIRE(m.enqueue(items, unix_millis(std::chrono::system_clock::now())).get() ==
            static_cast<int>(items.size()));
}

store::OutboxCounts counts(const std::string& db) {
    auto s = test::open_store(db);
    REQUIRE(s.ok());
    return store::Messages(*s.value()).outbox_counts();
}

double secs(std::chrono::steady_clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

}  // namespace

TEST_CASE(
    "delivery: 500, then 429 with Retry-After, then a hang past the timeout, then 200 -> delivered "
    "once, spaced as configured") {
    test::WebhookReceiver rx(kSecret, [](const test::WebhookReceiver::Received&, int nth) {
        switch (nth) {
            case 1:
                return test::WebhookReceiver::Answer{500};
            case 2:
                return test::WebhookReceiver::Answer{429, 1};
            case 3:
                return test::WebhookReceiver::Answer{504, -1, 1600};  // answered after we gave up
            default:
                return test::WebhookReceiver::Answer{200};
        }
    });
    test::TempDir dir;
    test::DaemonProcess d(dir, config_for(rx, R"(timeout = "1s"
backoff_initial = "1s"
backoff_max = "4s"
max_attempts = 6)"));
    queue(d.db(), "bridge", {"楼栋/3号楼"}, 1, "retry");
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return counts(d.db()).delivered == 1; }, 20s));
    auto log = rx.log();
    REQUIRE(log.size() == 4);
    for (const auto& r : log) {
        CHECK(r.signature_ok);
        CHECK(r.key == "retry:楼栋/3号楼:0");
        CHECK(r.group == "楼栋/3号楼");  // percent-encoded in the URL, decoded by the receiver
    }
    // after the 500: backoff 1s x jitter [0.5, 1]
    CHECK(secs(log[1].at - log[0].at) >= 0.45);
    CHECK(secs(log[1].at - log[0].at) <= 1.5);
    // after the 429: exactly what Retry-After said
    CHECK(secs(log[2].at - log[1].at) >= 0.95);
    CHECK(secs(log[2].at - log[1].at) <= 1.6);
    // after the hang: the 1 s timeout, then backoff min(4s, 1s x 2^2) x [0.5, 1]
    CHECK(secs(log[3].at - log[2].at) >= 1.0 + 1.95);
    CHECK(secs(log[3].at - log[2].at) <= 1.0 + 4.6);
    auto s = test::open_store(d.db());
    REQUIRE(s.ok());
    auto item = store::Messages(*s.value()).outbox_item("retry:楼栋/3号楼:0");
    REQUIRE(item);
    CHECK(item->state == store::OutboxState::Delivered);
    CHECK(item->attempts == 4);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "delivery: a 4xx other than 429 fails at once, keeping the reason, max attempts ends retries") {
    test::WebhookReceiver rx(kSecret, [](const test::WebhookReceiver::Received& r, int) {
        return test::WebhookReceiver::Answer{r.group == "gone" ? 404 : 503};
    });
    test::TempDir dir;
    test::DaemonProcess d(dir, config_for(rx, R"(timeout = "1s"
backoff_initial = "1s"
backoff_max = "1s"
max_attempts = 3)"));
    queue(d.db(), "bridge", {"gone", "busy"}, 1, "f");
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return counts(d.db()).failed == 2; }, 15s));
    auto c = rx.counts();
    CHECK(c["f:gone:0"] == 1);
    CHECK(c["f:busy:0"] == 3);
    auto s = test::open_store(d.db());
    REQUIRE(s.ok());
    store::Messages m(*s.value());
    CHECK(m.outbox_item("f:gone:0")->last_error.find("404") != std::string::npos);
    CHECK(m.outbox_item("f:busy:0")->last_error.find("gave up after 3 attempts") !=
          std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "delivery: kill -9 mid-dispatch of 2,000 messages to 200 targets loses none, repeats only what "
    "was in flight") {
    std::atomic<int> answered{0};
    test::WebhookReceiver rx(kSecret, [&](const test::WebhookReceiver::Received&, int) {
        ++answered;
        return test::WebhookReceiver::Answer{200, -1, 15};
    });
    test::TempDir dir;
    const int in_flight = 32;
    test::DaemonProcess d(dir, config_for(rx, "in_flight = " + std::to_string(in_flight) + R"(
timeout = "5s"
backoff_initial = "1s")"));
    std::vector<std::string> groups;
    for (int i = 0; i < 200; ++i) groups.push_back("grid-" + std::to_string(i));
    queue(d.db(), "bridge", groups, 10, "crash");
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return answered.load() >= 600; }, 30s));
    d.kill9();
    int at_kill = answered.load();
    REQUIRE(at_kill < 2000);  // it really was mid-dispatch
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return counts(d.db()).delivered == 2000; }, 60s));
    CHECK(d.stop() == 0);

    auto c = rx.counts();
    CHECK(c.size() == 2000);
    int repeats = 0;
    for (const auto& [key, n] : c) {
        CHECK(n >= 1);
        repeats += n - 1;
    }
    MESSAGE("killed after " << at_kill << " deliveries; keys received twice: " << repeats
                            << " (bound: " << in_flight << " in flight)");
    CHECK(repeats <= in_flight);
    CHECK(d.log().find("event=dispatch_resumed") != std::string::npos);
    auto s = test::open_store(d.db());
    REQUIRE(s.ok());
    CHECK(s.value()->integrity_check() == "ok");
}

TEST_CASE(
    "delivery: a target limited to 20 per minute gets 20 in its window while others run at full "
    "speed") {
    test::WebhookReceiver rx(kSecret);
    test::TempDir dir;
    std::string paced = R"(
[[channels]]
name = "robot"
platform = "webhook"
rate_per_minute = 20
settings = { secret = ")" +
                        std::string(kSecret) + R"(", url = ")" + rx.url_template() + R"(" }
)";
    test::DaemonProcess d(dir, config_for(rx, "in_flight = 64", paced));
    queue(d.db(), "robot", {"slow-group"}, 35, "paced");
    std::vector<std::string> fast;
    for (int i = 0; i < 30; ++i) fast.push_back("fast-" + std::to_string(i));
    queue(d.db(), "bridge", fast, 10, "free");
    auto started = std::chrono::steady_clock::now();
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return counts(d.db()).delivered >= 300 + 20; }, 20s));
    double fast_done = secs(std::chrono::steady_clock::now() - started);
    std::this_thread::sleep_for(3s);  // the paced target must not get a 21st within its minute
    int slow = 0;
    for (const auto& r : rx.log()) slow += r.group == "slow-group";
    MESSAGE("300 unpaced messages and the paced target's first 20 done in " << fast_done << " s");
    CHECK(slow == 20);
    CHECK(counts(d.db()).queued == 15);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "inbound: bad signature, stale timestamp, malformed JSON, oversize body and repeats never "
    "reach the core") {
    test::WebhookReceiver rx(kSecret);
    test::TempDir dir;
    test::DaemonProcess d(dir, config_for(rx, "timeout = \"2s\"", R"(
[[groups]]
node = "nangang/s/c/g1"
channel = "bridge"
id = "bridge-g1"
)"));
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    auto post = [&](const std::string& body, int64_t ts, const std::string& secret) {
        std::string t = std::to_string(ts);
        return c.Post(
            "/hooks/bridge",
            {{"X-Gridbot-Timestamp", t},
             {"X-Gridbot-Signature", adapters::webhook::WebhookAdapter::sign(secret, t, body)}},
            body, "application/json");
    };
    int64_t now = std::time(nullptr);
    std::string good =
        R"({"group":"bridge-g1","sender":{"id":"u1","name":"住户"},"text":"帮助","message_id":"m-1","time":)" +
        std::to_string(now) + "}";
    auto r1 = post(good, now, kSecret);
    REQUIRE(r1);
    CHECK(r1->status == 200);
    auto r2 = post(good, now, kSecret);  // the platform retried
    REQUIRE(r2);
    CHECK(r2->status == 200);
    auto bad_sig =
        post(R"({"group":"bridge-g1","sender":{"id":"u1"},"text":"零报告","message_id":"m-2"})",
             now, "wrong-key");
    REQUIRE(bad_sig);
    CHECK(bad_sig->status == 401);
    auto stale =
        post(R"({"group":"bridge-g1","sender":{"id":"u1"},"text":"零报告","message_id":"m-3"})",
             now - 301, kSecret);
    REQUIRE(stale);
    CHECK(stale->status == 401);
    auto malformed = post(R"({"group":"bridge-g1","text":)", now, kSecret);
    REQUIRE(malformed);
    CHECK(malformed->status == 400);
    auto huge = post(std::string(5000, ' ') + good, now, kSecret);
    REQUIRE(huge);
    CHECK(huge->status == 413);
    auto unsigned_req = c.Post("/hooks/bridge", good, "application/json");
    REQUIRE(unsigned_req);
    CHECK(unsigned_req->status == 401);

    // The one good message is recorded once and understood once; the help reply goes out.
    REQUIRE(test::wait_for([&] { return rx.counts().size() == 1; }, 10s));
    auto metrics = c.Get("/metrics");
    REQUIRE(metrics);
    CHECK(metrics->body.find(R"(gridbot_messages_understood_total{kind="command"} 1)") !=
          std::string::npos);
    CHECK(metrics->body.find(R"(gridbot_inbound_total{channel="bridge",verdict="refused"} 3)") !=
          std::string::npos);
    CHECK(d.log().find("event=inbound_refused channel=bridge") != std::string::npos);
    CHECK(d.log().find(kSecret) == std::string::npos);
    CHECK(d.stop() == 0);
    auto s = test::open_store(d.db());
    REQUIRE(s.ok());
    auto rows = s.value()->readers().with([](store::detail::Db& db) {
        auto& q = db.prepare("SELECT COUNT(*), MIN(message_id) FROM inbound");
        q.step();
        return std::to_string(q.i64(0)) + ":" + q.text(1);
    });
    CHECK(rows == "1:m-1");
}
