// Leases on the outbox's targets (bot/store/outbox_leases.h), on both engines:
// one holder per target, taken over when the holder stops renewing, released
// only when nothing is left to send.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "bot/store/messages.h"
#include "bot/store/outbox_leases.h"
#include "bot/store/store.h"
#include "store_engines.h"
#include "support.h"

using namespace gridbot;

namespace {

store::OutboxItem row(const std::string& group, int n) {
    store::OutboxItem it;
    it.key = "lease-test:" + group + ":" + std::to_string(n);
    it.channel = "bridge";
    it.msg.group = group;
    it.msg.text = "第" + std::to_string(n) + "条";
    return it;
}

std::set<std::string> groups_of(const std::vector<store::OutboxItem>& rows) {
    std::set<std::string> out;
    for (const auto& r : rows) out.insert(r.msg.group);
    return out;
}

}  // namespace

TEST_CASE(
    "outbox leases: one holder per target, a holder that stops renewing is taken over with its "
    "rows in flight and its last minute of sends, a target is released only when nothing is "
    "left") {
    // Proves the contract of store::OutboxLeases that several daemons send under:
    // two owners never hold one target; an owner sees only its targets' rows; a
    // lease that runs out is taken by the other, which gets the rows left
    // "sending" back as queued (counted as resumed) and the sends of the last
    // minute; the owner whose lease ran out learns it on its next renewal;
    // release keeps a target that still has a row, frees one that has none.
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    store::Messages m(*s.value());
    const int64_t t0 = 1'800'000'000'000;
    REQUIRE(m.enqueue({row("g1", 1), row("g1", 2), row("g2", 1)}, t0).get() == 3);

    store::OutboxLeases a(*s.value(), "a", 400);     // runs out quickly
    store::OutboxLeases b(*s.value(), "b", 60'000);  // holds
    CHECK(a.any_free());
    auto first = a.claim(1, t0, t0 - 61'000);
    REQUIRE(first.targets == 1);
    const std::string mine = *groups_of(first.rows).begin();
    const std::string theirs = mine == "g1" ? "g2" : "g1";
    CHECK(groups_of(first.rows) == std::set<std::string>{mine});
    CHECK(first.rows.size() == (mine == "g1" ? 2u : 1u));
    CHECK(first.resumed == 0);
    CHECK(first.sent.empty());

    auto second = b.claim(10, t0, t0 - 61'000);
    CHECK(second.targets == 1);
    CHECK(groups_of(second.rows) == std::set<std::string>{theirs});
    CHECK_FALSE(a.any_free());
    CHECK(a.claim(10, t0, t0 - 61'000).targets == 0);
    CHECK(groups_of(a.queued_after(0, 100)) == std::set<std::string>{mine});
    CHECK(groups_of(b.queued_after(0, 100)) == std::set<std::string>{theirs});

    // a sends its first row and stops renewing (it died, or lost the database).
    m.mark_sending({first.rows.front().id}, t0 + 1000).get();
    CHECK(a.renew() == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(b.any_free());
    CHECK(a.renew() == 1);  // it learns the lease ran out; the lease stays free
    CHECK(a.queued_after(0, 100).empty());

    auto taken = b.claim(10, t0 + 2000, t0 + 2000 - 61'000);
    CHECK(taken.targets == 1);
    CHECK(taken.resumed == 1);
    CHECK(groups_of(taken.rows) == std::set<std::string>{mine});
    CHECK(taken.rows.size() == first.rows.size());  // the one in flight is queued again
    REQUIRE(taken.sent.size() == 1);
    CHECK(taken.sent[0].group == mine);
    CHECK(taken.sent[0].at_ms == t0 + 2000);  // resumed: counted as sent when taken over
    CHECK(groups_of(b.queued_after(0, 100)) == std::set<std::string>{"g1", "g2"});
    CHECK(a.claim(10, t0 + 2000, t0).targets == 0);

    // Release: g2 still has its row, so b keeps it; once delivered it is freed.
    b.release({{"bridge", "g2"}}).get();
    CHECK_FALSE(a.any_free());
    std::vector<store::Completion> done;
    for (const auto& r : b.queued_after(0, 100))
        if (r.msg.group == "g2") done.push_back({r.id, store::OutboxState::Delivered, 0, "", {}});
    REQUIRE(done.size() == 1);
    m.mark_sending({done[0].id}, t0 + 2500).get();
    m.complete(done, t0 + 3000).get();
    b.release({{"bridge", "g2"}}).get();
    CHECK_FALSE(a.any_free());  // free, but nothing to send
    REQUIRE(m.enqueue({row("g2", 2)}, t0 + 4000).get() == 1);
    CHECK(a.any_free());
    auto again = a.claim(10, t0 + 4000, t0 + 4000 - 61'000);
    CHECK(again.targets == 1);
    CHECK(groups_of(again.rows) == std::set<std::string>{"g2"});
    CHECK(again.rows.size() == 1);
    // g2's delivered row changed at t0 + 3000: within the minute, it counts.
    REQUIRE(again.sent.size() == 1);
    CHECK(again.sent[0].at_ms == t0 + 3000);

    b.release_all();
    CHECK(a.any_free());  // g1: b's lease is gone
    CHECK(b.queued_after(0, 100).empty());
}
