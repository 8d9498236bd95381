// Two dispatchers on one PostgreSQL database, each under its own outbox leases
// (bot/delivery/dispatcher.h, bot/store/outbox_leases.h), as two daemons run:
// both send, every group's messages arrive once and in order, and a robot's
// pace is one pace across the two.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "../fakes/webhook_receiver.h"
#include "adapters/webhook/adapter.h"
#include "bot/core/clock.h"
#include "bot/core/metrics.h"
#include "bot/delivery/dispatcher.h"
#include "bot/store/messages.h"
#include "bot/store/outbox_leases.h"
#include "bot/store/store.h"
#include "store_engines.h"
#include "support.h"

using namespace gridbot;

namespace {

const std::string kSecret = "lease-secret";
constexpr int kGroups = 40;
constexpr int kPerGroup = 6;
constexpr int kRate = 4;  // per group and minute

// One daemon's sending side: its own connections, leases and dispatcher.
struct Sender {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<store::Messages> messages;
    std::unique_ptr<store::OutboxLeases> leases;
    Metrics metrics;
    std::unique_ptr<delivery::Dispatcher> dispatcher;

    Sender(const store::Location& where, const std::string& name, Clock& clock,
           const delivery::ChannelTable& channels) {
        auto s = store::Store::open(where, 1000);
        REQUIRE(s.ok());
        store = std::move(s.value());
        messages = std::make_unique<store::Messages>(*store);
        leases = std::make_unique<store::OutboxLeases>(*store, name, 15'000);
        delivery::DispatchOptions opt;
        opt.in_flight = 8;  // small: the groups are spread over both in several claims
        opt.leases = leases.get();
        dispatcher =
            std::make_unique<delivery::Dispatcher>(*messages, clock, metrics, channels, opt);
    }
    uint64_t delivered() {
        return metrics
            .counter("gridbot_deliveries_total", "",
                     {{"channel", "bridge"}, {"outcome", "delivered"}})
            .value();
    }
};

}  // namespace

TEST_CASE(
    "dispatch leases: two dispatchers on one database both send, each group's messages arrive "
    "once and in order, a robot's pace holds across the two") {
    // Proves: with a clock that stands still, 40 groups × 6 messages at 4 a minute
    // reach the receiver as exactly 4 per group (one pace, not 4 per dispatcher), in
    // id order; a minute on, the other 2 of each group, in order and none twice; the
    // groups were shared between the two dispatchers.
    // Each answer takes 200 ms: a dispatcher's 8 slots stay busy, so neither can
    // claim every group before the other has started (claims wait for the slots).
    test::WebhookReceiver rx(kSecret, [](const test::WebhookReceiver::Received&, int) {
        return test::WebhookReceiver::Answer{200, -1, 200};
    });
    rx.allow_skew(std::chrono::hours(24 * 400));
    const auto where = test::fresh_pg_database();
    ManualClock clock(std::chrono::system_clock::now());
    auto adapter = std::make_shared<adapters::webhook::WebhookAdapter>(delivery::ChannelSettings{
        "bridge", "webhook", {{"secret", kSecret}, {"url", rx.url_template()}}});
    delivery::ChannelTable channels({{"bridge", {adapter, kRate}}});

    Sender a(where, "a", clock, channels), b(where, "b", clock, channels);
    std::vector<store::OutboxItem> items;
    for (int i = 0; i < kPerGroup; ++i) {
        for (int g = 0; g < kGroups; ++g) {
            store::OutboxItem it;
            it.key = "lease:" + std::to_string(g) + ":" + std::to_string(i);
            it.channel = "bridge";
            it.msg.group = "grid-" + std::to_string(g);
            it.msg.text = "第" + std::to_string(i) + "条";
            it.msg.idempotency_key = it.key;
            items.push_back(std::move(it));
        }
    }
    REQUIRE(a.messages->enqueue(items, unix_millis(clock.now())).get() == kGroups * kPerGroup);
    a.dispatcher->start();
    b.dispatcher->start();

    auto per_group = [&] {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& r : rx.log()) out[r.group].push_back(r.key);
        return out;
    };
    REQUIRE(test::wait_for([&] { return rx.log().size() >= kGroups * kRate; }));
    std::this_thread::sleep_for(std::chrono::seconds(2));  // nothing more within the minute
    auto first = per_group();
    CHECK(rx.log().size() == static_cast<size_t>(kGroups * kRate));
    for (const auto& [group, keys] : first) {
        REQUIRE(keys.size() == static_cast<size_t>(kRate));
        const std::string g = group.substr(group.find('-') + 1);
        for (int i = 0; i < kRate; ++i) CHECK(keys[i] == "lease:" + g + ":" + std::to_string(i));
    }

    clock.advance(std::chrono::seconds(61));
    a.dispatcher->wake();
    b.dispatcher->wake();
    REQUIRE(test::wait_for([&] { return rx.log().size() >= kGroups * kPerGroup; }));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(rx.log().size() == static_cast<size_t>(kGroups * kPerGroup));
    for (const auto& [group, keys] : per_group()) {
        REQUIRE(keys.size() == static_cast<size_t>(kPerGroup));
        const std::string g = group.substr(group.find('-') + 1);
        for (int i = 0; i < kPerGroup; ++i)
            CHECK(keys[i] == "lease:" + g + ":" + std::to_string(i));
    }
    a.dispatcher->stop();
    b.dispatcher->stop();
    MESSAGE("delivered by a: " << a.delivered() << ", by b: " << b.delivered());
    CHECK(a.delivered() > 0);
    CHECK(b.delivered() > 0);
    CHECK(a.delivered() + b.delivered() == static_cast<uint64_t>(kGroups * kPerGroup));
}
