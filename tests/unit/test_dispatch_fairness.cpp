// A failing channel never holds up the others (issue 8): the real daemon, two
// webhook channels with their own receivers. One hangs past the timeout on
// every request; the other answers at once. The healthy channel's messages
// all get through while the hanging one has had only a bounded number of
// attempts, instead of waiting behind waves of timeouts that fill every slot.
#include <doctest/doctest.h>

#include "../fakes/webhook_receiver.h"
#include "bot/core/clock.h"
#include "bot/store/messages.h"
#include "daemon_process.h"
#include "test_config.h"

using namespace gridbot;

namespace {

const char* kSecret = "fairness-key";

void queue(const std::string& db, const std::string& channel, int groups) {
    auto s = test::open_store(db);
    REQUIRE(s.ok());
    store::Messages m(*s.value());
    std::vector<store::OutboxItem> items;
    for (int i = 0; i < groups; ++i) {
        store::OutboxItem it;
        it.key = channel + ":" + std::to_string(i);
        it.channel = channel;
        it.msg.group = channel + "-g" + std::to_string(i);
        it.msg.text = "通知";
        it.msg.idempotency_key = it.key;
        items.push_back(std::move(it));
    }
    REQUIRE(m.enqueue(items, unix_millis(std::chrono::system_clock::now())).get() == groups);
}

}  // namespace

TEST_CASE(
    "dispatch fairness: a channel hanging past the timeout on every request does not hold up a "
    "healthy channel") {
    std::atomic<int> hung{0};
    test::WebhookReceiver down(kSecret, [&](const test::WebhookReceiver::Received&, int) {
        ++hung;
        return test::WebhookReceiver::Answer{200, -1, 1500};  // answered after the sender gave up
    });
    test::WebhookReceiver up(kSecret);
    test::TempDir dir;
    const int in_flight = 32;
    test::DaemonProcess d(dir, test::config_head(4) + R"(
[delivery]
in_flight = )" + std::to_string(in_flight) +
                                   R"(
timeout = "1s"
backoff_initial = "1s"
backoff_max = "2s"

[[channels]]
name = "down"
platform = "webhook"
settings = { secret = ")" + std::string(kSecret) +
                                   R"(", url = ")" + down.url_template() + R"(" }

[[channels]]
name = "up"
platform = "webhook"
settings = { secret = ")" + std::string(kSecret) +
                                   R"(", url = ")" + up.url_template() + R"(" }
)");
    // The hanging channel's rows come first in the outbox: without a cap they take every slot.
    queue(d.db(), "down", 400);
    queue(d.db(), "up", 400);
    REQUIRE(d.start() > 0);
    REQUIRE(test::wait_for([&] { return up.counts().size() == 400; }, std::chrono::seconds(60)));
    int attempts_on_down = hung.load();
    MESSAGE("the healthy channel's 400 delivered after "
            << attempts_on_down << " attempts on the hanging channel (400 groups)");
    // One wave of timeouts reveals the failing channel; then it keeps in_flight/16 slots.
    // (Without the cap: about 290 attempts, waves of 32 timeouts, before the last healthy one.)
    CHECK(attempts_on_down <= 2 * in_flight);
    CHECK(d.log().find("event=channel_failing channel=down") != std::string::npos);
    d.kill9();
}
