// The dispatcher's wiring: one thread runs the stages in turn — read the
// outbox into per-target queues (targets.h), pick what may start (pacing, the
// failing-channel breaker of breaker.h, the slots), commit the picks' "sending"
// marks with the last outcomes (commit_rounds.h), start the durable ones over
// HTTP (transport.h), and judge each answer (retry.h).
#include "bot/delivery/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <set>
#include <unordered_map>

#include "bot/delivery/breaker.h"
#include "bot/delivery/commit_rounds.h"
#include "bot/delivery/targets.h"
#include "bot/delivery/transport.h"

namespace gridbot::delivery {

namespace {

using detail::Admission;
using detail::Target;
using detail::Transfer;
using store::Completion;
using store::OutboxItem;
using store::OutboxState;

// A channel's meters, looked up once rather than by name and labels per message.
struct ChannelMeters {
    Counter& delivered;
    Counter& retried;
    Counter& failed;
    Counter& attempts;
    Histogram& latency;
};

ChannelMeters meters_of(Metrics& m, const std::string& channel) {
    auto outcome = [&](const char* name) -> Counter& {
        return m.counter("gridbot_deliveries_total", "outbound attempts by channel and outcome",
                         {{"channel", channel}, {"outcome", name}});
    };
    return {outcome("delivered"), outcome("retry"), outcome("failed"),
            m.counter("gridbot_delivery_attempts_total", "send attempts by channel",
                      {{"channel", channel}}),
            m.histogram("gridbot_delivery_latency_seconds", "queued to delivered",
                        {{"channel", channel}}, {0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600})};
}

}  // namespace

struct Dispatcher::Impl {
    store::Messages& messages;
    Clock& clock;
    Metrics& metrics;
    const ChannelTable& channels;
    std::shared_ptr<const ChannelRoutes> paced_by;  // the table whose rates the pacers follow
    DispatchOptions opt;

    detail::CurlTransport transport;
    detail::Targets targets;
    detail::ChannelBreaker breaker;
    RetryPolicy retry;
    detail::CommitRounds rounds;
    std::unordered_map<std::string, ChannelMeters> meters;
    std::vector<std::unique_ptr<Transfer>> live;  // on the network

    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<bool> woken{true};
    std::atomic<int64_t> pending{0};
    int64_t cursor = 0;  // highest outbox id loaded
    // The cadences (scans, catch-ups, renewals) follow the steady clock: a
    // manual clock may stand still while rows arrive and leases run out. Sends,
    // retries and pacing follow `clock`.
    int64_t last_scan_ms = 0;
    // Late commits (shared() only): ids loaded recently, and the cursor as it
    // was at each catch-up.
    std::set<int64_t> recent;
    std::deque<std::pair<int64_t, int64_t>> cursor_at;  // (time ms, cursor)
    int64_t last_catch_up_ms = 0;
    // Leases (shared() only), on the steady clock: the manual clock of a test
    // may stand still while leases run out.
    int64_t renewed_at = 0;  // start of the last renewal that succeeded
    int64_t renew_tried_at = 0;
    bool stale = false;      // a lease ran out: what memory holds may be another's
    bool more_free = false;  // the last claim was full: claim again once there is room
    std::vector<std::pair<std::string, std::string>> to_release;  // targets gone idle
    // Slots: a row holds one from the moment it is picked until its outcome is
    // committed, so rows left "sending" by a crash never exceed opt.in_flight.
    int occupied = 0;

    Impl(store::Messages& m, Clock& c, Metrics& me, const ChannelTable& ch, DispatchOptions o)
        : messages(m),
          clock(c),
          metrics(me),
          channels(ch),
          paced_by(ch.snapshot()),
          opt(o),
          transport(o.in_flight, o.timeout),
          breaker(o.in_flight),
          retry(RetryOptions{o.max_attempts, o.deadline, o.backoff_initial, o.backoff_max}),
          rounds(m) {}

    int64_t now_ms() const { return unix_millis(clock.now()); }

    ChannelMeters& meters_for(const std::string& channel) {
        auto it = meters.find(channel);
        if (it == meters.end()) it = meters.emplace(channel, meters_of(metrics, channel)).first;
        return it->second;
    }

    // Stage 1: the outbox's new rows into their targets' queues.
    void scan() {
        if (auto now = channels.snapshot(); now != paced_by) follow(std::move(now));
        if (targets.loaded() >= opt.memory_cap) return;
        if (shared()) claim(now_ms());
        load(queued_after(cursor, opt.memory_cap - targets.loaded()));
    }

    void load(std::vector<OutboxItem> rows) {
        if (shared()) {
            std::erase_if(rows, [&](const OutboxItem& r) { return !recent.insert(r.id).second; });
        }
        for (const auto& r : rows) cursor = std::max(cursor, r.id);
        pending += static_cast<int64_t>(rows.size());
        targets.add(std::move(rows), *paced_by);
    }

    // Another daemon's insert may commit after a later id was loaded: every 2 s
    // the ids above the cursor of 5 s ago are read again.
    void catch_up(int64_t now) {
        if (now - last_catch_up_ms < 2000) return;
        last_catch_up_ms = now;
        cursor_at.emplace_back(now, cursor);
        while (cursor_at.size() > 1 && cursor_at[1].first <= now - 5000) cursor_at.pop_front();
        const int64_t floor = cursor_at.front().second;
        recent.erase(recent.begin(), recent.upper_bound(floor));
        if (targets.loaded() >= opt.memory_cap || floor >= cursor) return;
        load(queued_after(floor, opt.memory_cap - targets.loaded()));
    }

    // Several daemons on one database: each sends the targets it holds a lease on.
    bool shared() const { return opt.leases != nullptr; }

    std::vector<OutboxItem> queued_after(int64_t after, size_t limit) {
        return shared() ? opt.leases->queued_after(after, limit)
                        : messages.queued_after(after, limit);
    }

    static int64_t steady_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }

    // Alone: rows left "sending" by a crash were in flight; they go back in
    // the queue, and the queue is loaded. With leases the thread's first turn
    // claims (the database may be away at start; the turns try again).
    void begin(int64_t now) {
        if (shared()) {
            renewed_at = renew_tried_at = steady_ms();
            return;
        }
        if (int resumed = messages.resume_in_flight(now); resumed > 0)
            spdlog::info("event=dispatch_resumed in_flight_at_stop={}", resumed);
        scan();
        last_scan_ms = steady_ms();
    }

    // Renews the leases every lease/5. A lease found run out (this daemon was
    // cut off longer than the lease) makes what memory holds stale.
    void keep_leases() {
        const int64_t lease = opt.leases->lease_ms();
        const int64_t at = steady_ms();
        if (at - renew_tried_at < lease / 5) return;
        renew_tried_at = at;
        const int lost = opt.leases->renew();
        if ((lost > 0 || at - renewed_at >= lease) && !stale) {
            stale = true;
            spdlog::warn(
                "event=dispatch_leases_lost detail=\"a lease ran out: transfers in flight finish, "
                "then the targets held in memory are dropped and claimed afresh\"");
        }
        renewed_at = at;
    }

    // Whether a send may start: alone, always; with leases, while they are
    // surely held (renewed within lease/2, none run out).
    bool may_start() const {
        return !shared() || (!stale && steady_ms() - renewed_at < opt.leases->lease_ms() / 2);
    }

    // After a lease ran out, once nothing is picked or on the network: forget
    // every target, free every lease and claim again.
    void start_afresh() {
        if (!stale || !rounds.idle() || !live.empty() || occupied != 0) return;
        targets = detail::Targets{};
        recent.clear();
        cursor_at.clear();
        to_release.clear();
        cursor = 0;
        pending = 0;
        opt.leases->release_all();
        stale = false;
        spdlog::info("event=dispatch_leases_afresh");
    }

    // Takes free targets, up to 2 × in_flight not yet begun: their rows, and their
    // last minute of sends against their pace. Targets waiting for their pace
    // or a retry do not count, so a backlog never keeps a notice's groups waiting.
    void claim(int64_t now) {
        const int room = 2 * opt.in_flight - static_cast<int>(targets.fresh());
        if (room <= 0 || stale) return;
        more_free = false;
        if (!opt.leases->any_free()) return;
        auto c = opt.leases->claim(room, now, now - Pacer::kWindowMs);
        if (c.targets == 0) return;
        for (const auto& r : c.rows) targets.taken(r.channel, r.msg.group, *paced_by);
        for (const auto& s : c.sent) targets.sent_elsewhere(s.channel, s.group, s.at_ms, *paced_by);
        if (c.resumed > 0)
            spdlog::info("event=dispatch_resumed in_flight_of_last_holder={}", c.resumed);
        for (const auto& r : c.rows) recent.insert(r.id);
        pending += static_cast<int64_t>(c.rows.size());
        targets.add(std::move(c.rows), *paced_by);
        more_free = c.targets == room;
    }

    // Targets gone idle are released in one write, unless a row came meanwhile.
    void release_idle() {
        if (to_release.empty() || stale) return;
        opt.leases->release(std::exchange(to_release, {}));
    }

    void follow(std::shared_ptr<const ChannelRoutes> next) {
        for (const auto& [name, route] : *paced_by) {
            if (next->contains(name)) continue;
            spdlog::warn(
                "event=channel_removed channel={} detail=\"transfers in flight finish; its queued "
                "messages fail with channel_removed\"",
                name);
        }
        paced_by = std::move(next);
        targets.follow_rates(*paced_by);
    }

    // Stage 2: what may start now: due, paced, one per target, within the slots.
    void pick(int64_t now) {
        // No free slot: nothing can start, and looking at thousands of ready
        // targets (a notice to 6,747 groups) on every turn would cost more than the sends.
        if (occupied >= opt.in_flight || !may_start()) return;
        auto routes = channels.snapshot();
        targets.pick(
            now, opt.in_flight - occupied,
            [&](Target& t, const OutboxItem& head, int64_t at) {
                // A removed channel's rows are taken at once, to fail with their reason.
                if (!routes->contains(t.channel)) return Admission::StartUnpaced;
                if (head.next_attempt_at > at || !t.pacer.allows(at) || !breaker.admits(t.channel))
                    return Admission::Wait;
                return Admission::Start;
            },
            [&](Target& t, OutboxItem item) {
                auto tr = std::make_unique<Transfer>();
                tr->item = std::move(item);
                tr->item.attempts += 1;
                tr->target = &t;
                breaker.took_slot(t.channel);
                ++occupied;
                rounds.picked(std::move(tr));
            });
    }

    // Stage 3 done: a round is durable. Its outcomes free their slots; its rows
    // are marked "sending", so now the network may see them.
    void durable(detail::CommitRounds::Durable d) {
        occupied -= static_cast<int>(d.channels.size());
        for (const auto& ch : d.channels) breaker.freed_slot(ch);
        int64_t now = now_ms();
        auto routes = channels.snapshot();
        for (auto& tr : d.starting) {
            meters_for(tr->item.channel).attempts.inc();
            auto ch = routes->find(tr->item.channel);
            if (ch == routes->end() || !ch->second.adapter) {
                settle(*tr, {OutboxState::Failed, 0, channel_removed_reason(tr->item.channel)});
                continue;
            }
            tr->adapter = ch->second.adapter;
            Adapter& a = *tr->adapter;
            if (a.transport() == Transport::Local) {
                settle(*tr, {}, now / 1000);
                continue;
            }
            tr->parts = a.outbound(tr->item.msg, now / 1000);
            if (tr->parts.empty()) {
                settle(*tr, {OutboxState::Failed, 0,
                             "adapter produced no request (check the channel settings)"});
                continue;
            }
            transport.start(*tr);
            live.push_back(std::move(tr));
        }
    }

    // Stage 4: an answer. The next part of a split message, or the row's outcome.
    void answered(Transfer& tr, HttpResponse resp) {
        SendResult r = tr.adapter->classify(resp);
        if (r.outcome == SendOutcome::Delivered && tr.part + 1 < tr.parts.size()) {
            ++tr.part;
            transport.start(tr);
            return;
        }
        settle(tr, retry.judge(tr.item, r, now_ms()));
        transport.release(tr);
        auto it = std::find_if(live.begin(), live.end(), [&](auto& p) { return p.get() == &tr; });
        std::swap(*it, live.back());
        live.pop_back();
    }

    // The row's outcome goes to the next commit; the row leaves memory, or
    // goes back to the head of its target to wait for its retry time.
    void settle(Transfer& tr, const Verdict& v, std::optional<int64_t> sandbox_time = {}) {
        OutboxItem& it = tr.item;
        rounds.outcome({it.id, v.state, v.next_attempt_at, v.reason, sandbox_time}, it.channel);
        bool delivered = v.state == OutboxState::Delivered;
        if (breaker.outcome(it.channel, delivered)) {
            spdlog::warn(
                "event=channel_failing channel={} detail=\"limited to {} transfers until one is "
                "delivered\"",
                it.channel, breaker.cap(it.channel));
        }
        ChannelMeters& m = meters_for(it.channel);
        if (delivered) {
            m.delivered.inc();
            m.latency.observe(std::max(0.0, static_cast<double>(now_ms() - it.created_at) / 1000));
        } else {
            (v.state == OutboxState::Failed ? m.failed : m.retried).inc();
        }
        if (v.state == OutboxState::Queued) {
            it.next_attempt_at = v.next_attempt_at;
            it.last_error = v.reason;
            targets.settle(*tr.target, &it);
        } else {
            if (targets.settle(*tr.target, nullptr) && shared())
                to_release.emplace_back(tr.target->channel, tr.target->group);
            --pending;
        }
    }

    void run() {
        auto on_answer = [this](Transfer& tr, HttpResponse resp) { answered(tr, std::move(resp)); };
        auto on_durable = [this](detail::CommitRounds::Durable d) { durable(std::move(d)); };
        while (!stopping) {
            int64_t now = now_ms();
            // With leases, a full claim is followed by the next as soon as pick
            // has begun half of it (a notice to 6,747 groups).
            const bool due = woken.exchange(false) || steady_ms() - last_scan_ms >= 500 ||
                             (more_free && targets.fresh() < static_cast<size_t>(opt.in_flight));
            if (due) {
                try {
                    if (shared()) {
                        keep_leases();
                        start_afresh();
                        release_idle();
                    }
                    scan();
                    if (shared()) catch_up(steady_ms());
                } catch (const std::exception& e) {
                    // The store is away (a database restart): what is queued stays
                    // queued there, and the next scan, 500 ms on, finds it.
                    spdlog::warn("event=dispatch_scan_failed what=\"{}\"", e.what());
                }
                last_scan_ms = steady_ms();
            }
            pick(now);
            rounds.commit(now);
            rounds.finish(false, on_durable);
            transport.perform(on_answer);
            rounds.commit(now_ms());
            int wait = 1;
            if (!rounds.committing()) {
                int64_t at = now_ms();
                int64_t next =
                    occupied >= opt.in_flight ? at + 200 : targets.next_due(at, at + 200);
                wait = static_cast<int>(std::clamp<int64_t>(next - at, 1, 50));
            }
            transport.poll(wait);
        }
        // Drain: rows only picked are still "queued" in the store; everything
        // marked sending is sent and its outcome committed before we return.
        rounds.drop_picked();
        while (!rounds.idle() || !live.empty()) {
            rounds.commit(now_ms());
            rounds.finish(true, on_durable);
            transport.perform(on_answer);
            if (!live.empty()) transport.poll(50);
        }
        if (shared()) {
            try {
                opt.leases->release_all();
            } catch (const std::exception& e) {
                spdlog::warn("event=dispatch_release_failed what=\"{}\"", e.what());
            }
        }
    }
};

Dispatcher::Dispatcher(store::Messages& messages, Clock& clock, Metrics& metrics,
                       const ChannelTable& channels, DispatchOptions options)
    : impl_(std::make_unique<Impl>(messages, clock, metrics, channels, options)) {
    metrics.gauge("gridbot_outbox_pending", "messages queued or in flight in the dispatcher", {},
                  [this] { return static_cast<double>(pending()); });
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
    // The first turn on the caller's thread: alone, the rows left "sending" are
    // back in the queue before start() returns.
    impl_->begin(impl_->now_ms());
    impl_->thread = std::thread([this] { impl_->run(); });
}

void Dispatcher::wake() {
    impl_->woken = true;
    impl_->transport.wakeup();
}

void Dispatcher::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->stopping = true;
    impl_->transport.wakeup();
    impl_->thread.join();
}

int64_t Dispatcher::pending() const { return impl_->pending.load(); }

}  // namespace gridbot::delivery
