#include "bot/delivery/dispatcher.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>

#include "bot/delivery/pacer.h"

namespace gridbot::delivery {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, double jitter01) {
    double d = static_cast<double>(initial.count());
    for (int i = 1; i < attempt && d < static_cast<double>(max.count()); ++i) d *= 2;
    d = std::min(d, static_cast<double>(max.count()));
    return std::chrono::milliseconds(static_cast<int64_t>(d * (0.5 + 0.5 * jitter01)));
}

namespace {

using store::Completion;
using store::OutboxItem;
using store::OutboxState;

struct Target {
    std::deque<OutboxItem> queue;
    Pacer pacer;
    bool busy = false;
};

// One HTTP exchange of one outbox row (a split message has several parts).
struct Transfer {
    OutboxItem item;
    std::shared_ptr<Adapter> adapter;  // the one it started with, even if a reload drops it
    std::string target;
    std::vector<HttpRequest> parts;
    size_t part = 0;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body_in;
    std::multimap<std::string, std::string> headers_in;
};

size_t on_body(char* p, size_t size, size_t n, void* user) {
    static_cast<Transfer*>(user)->body_in.append(p, size * n);
    return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* user) {
    std::string line(p, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        std::string value = line.substr(colon + 1);
        auto b = value.find_first_not_of(" \t");
        auto e = value.find_last_not_of(" \t\r\n");
        value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
        static_cast<Transfer*>(user)->headers_in.emplace(std::move(name), std::move(value));
    }
    return size * n;
}

std::string_view outcome_name(OutboxState s) {
    switch (s) {
        case OutboxState::Delivered:
            return "delivered";
        case OutboxState::Failed:
            return "failed";
        default:
            return "retry";
    }
}

}  // namespace

struct Dispatcher::Impl {
    store::Messages& messages;
    Clock& clock;
    Metrics& metrics;
    const ChannelTable& channels;
    std::shared_ptr<const ChannelRoutes> paced_by;  // the table whose rates the pacers follow
    DispatchOptions opt;

    CURLM* multi = nullptr;
    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<bool> woken{true};
    std::atomic<int64_t> pending{0};

    std::unordered_map<std::string, Target> targets;
    std::deque<std::string> ready;  // targets with queued rows, for round-robin
    size_t loaded = 0;
    int64_t cursor = 0;  // highest outbox id loaded
    int64_t last_scan_ms = 0;
    // Slots: a row holds one from the moment it is picked until its outcome is
    // committed, so rows left "sending" by a crash never exceed opt.in_flight.
    int occupied = 0;
    // A channel that keeps failing (its last failing_streak() outcomes were all
    // retries or failures: a platform down, or hanging until the timeout) may
    // hold only a few slots, so it cannot take all of them for a timeout at a
    // time while other channels wait. One delivered message restores it. The
    // streak is half the slots: a channel whose failures are a few of its
    // groups (retrying alone, each in its own backoff) never reaches it while
    // its other groups are delivered.
    int failing_streak() const { return std::max(8, opt.in_flight / 2); }
    std::unordered_map<std::string, int> channel_slots;   // slots held per channel
    std::unordered_map<std::string, int> failure_streak;  // per channel
    std::vector<std::string> done_channels;               // parallel to `done`
    int channel_cap(const std::string& channel) const {
        auto it = failure_streak.find(channel);
        bool failing = it != failure_streak.end() && it->second >= failing_streak();
        return failing ? std::max(1, opt.in_flight / 16) : opt.in_flight;
    }
    std::vector<Completion> done;                   // outcomes not yet committed
    std::vector<std::unique_ptr<Transfer>> picked;  // chosen, not yet marked sending
    // Commits in flight, oldest first: each holds the outcomes so far and the
    // next sending marks. A few at once let the writer merge them into one
    // transaction (group commit); they complete in order.
    struct Round {
        std::future<void> commit;
        std::vector<Completion> completions;
        std::vector<std::string> channels;  // of the completions, to free their channel slots
        std::vector<std::unique_ptr<Transfer>> starting;
    };
    static constexpr size_t kMaxRounds = 4;
    std::deque<Round> rounds;
    std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> unit{0.0, 1.0};

    Impl(store::Messages& m, Clock& c, Metrics& me, const ChannelTable& ch, DispatchOptions o)
        : messages(m), clock(c), metrics(me), channels(ch), paced_by(ch.snapshot()), opt(o) {
        multi = curl_multi_init();
        curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(opt.in_flight));
    }
    ~Impl() { curl_multi_cleanup(multi); }

    static std::string target_of(const OutboxItem& it) {
        return it.channel + '\x1f' + it.msg.group;
    }

    int64_t now_ms() const { return unix_millis(clock.now()); }

    // A reload replaced the table: every target follows its channel's rate now.
    void follow_rates(std::shared_ptr<const ChannelRoutes> routes) {
        for (const auto& [name, route] : *paced_by) {
            if (routes->contains(name)) continue;
            spdlog::warn(
                "event=channel_removed channel={} detail=\"transfers in flight finish; its queued "
                "messages fail with channel_removed\"",
                name);
        }
        for (auto& [name, t] : targets) {
            auto ch = routes->find(name.substr(0, name.find('\x1f')));
            t.pacer.set_limit(ch == routes->end() ? 0 : ch->second.rate_per_minute);
        }
        paced_by = std::move(routes);
    }

    void scan() {
        if (auto routes = channels.snapshot(); routes != paced_by) follow_rates(std::move(routes));
        if (loaded >= opt.memory_cap) return;
        auto rows = messages.queued_after(cursor, opt.memory_cap - loaded);
        for (auto& r : rows) {
            cursor = std::max(cursor, r.id);
            std::string t = target_of(r);
            auto [it, fresh] = targets.try_emplace(t);
            if (fresh) {
                auto ch = paced_by->find(r.channel);
                it->second.pacer = Pacer(ch == paced_by->end() ? 0 : ch->second.rate_per_minute);
            }
            if (it->second.queue.empty() && !it->second.busy) ready.push_back(t);
            it->second.queue.push_back(std::move(r));
            ++loaded;
            ++pending;
        }
    }

    void finish(const OutboxItem& it, OutboxState state, int64_t next_ms, const std::string& error,
                std::optional<int64_t> sandbox_time = std::nullopt) {
        Completion c;
        c.id = it.id;
        c.state = state;
        c.next_attempt_at = next_ms;
        c.error = error;
        c.sandbox_time = sandbox_time;
        done.push_back(std::move(c));
        done_channels.push_back(it.channel);
        int& streak = failure_streak[it.channel];
        if (state == OutboxState::Delivered) {
            streak = 0;
        } else if (++streak == failing_streak()) {
            spdlog::warn(
                "event=channel_failing channel={} detail=\"limited to {} transfers until one is "
                "delivered\"",
                it.channel, channel_cap(it.channel));
        }
        metrics
            .counter("gridbot_deliveries_total", "outbound attempts by channel and outcome",
                     {{"channel", it.channel}, {"outcome", std::string(outcome_name(state))}})
            .inc();
        if (state == OutboxState::Delivered) {
            double secs = static_cast<double>(now_ms() - it.created_at) / 1000.0;
            metrics
                .histogram("gridbot_delivery_latency_seconds", "queued to delivered",
                           {{"channel", it.channel}},
                           {0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600})
                .observe(std::max(0.0, secs));
        }
    }

    // The row leaves memory (delivered or failed) or goes back to the head of
    // its target's queue to wait for its retry time.
    void settle(Transfer& tr, OutboxState state, int64_t next_ms, const std::string& error,
                std::optional<int64_t> sandbox_time = std::nullopt) {
        finish(tr.item, state, next_ms, error, sandbox_time);
        Target& t = targets[tr.target];
        t.busy = false;
        if (state == OutboxState::Queued) {
            tr.item.next_attempt_at = next_ms;
            tr.item.last_error = error;
            t.queue.push_front(tr.item);
        } else {
            --loaded;
            --pending;
        }
        if (!t.queue.empty()) ready.push_back(tr.target);
    }

    void judge(Transfer& tr, const SendResult& r) {
        int64_t now = now_ms();
        if (r.outcome == SendOutcome::Delivered) {
            if (tr.part + 1 < tr.parts.size()) {  // next part of a split message
                ++tr.part;
                start_http(tr);
                return;
            }
            settle(tr, OutboxState::Delivered, 0, "");
            return;
        }
        bool retry =
            r.outcome == SendOutcome::Retry || r.outcome == SendOutcome::RefreshCredentials;
        bool out_of_time = now - tr.item.created_at >= opt.deadline.count();
        if (!retry || tr.item.attempts >= opt.max_attempts || out_of_time) {
            std::string why = retry ? "gave up after " + std::to_string(tr.item.attempts) +
                                          " attempts: " + r.reason
                                    : r.reason;
            spdlog::warn(
                "event=delivery_failed channel={} group={} key={} attempt={} reason=\"{}\"",
                tr.item.channel, tr.item.msg.group, tr.item.key, tr.item.attempts, why);
            settle(tr, OutboxState::Failed, 0, why);
            return;
        }
        auto delay = r.retry_after ? *r.retry_after
                                   : backoff_delay(tr.item.attempts,
                                                   r.outcome == SendOutcome::RefreshCredentials
                                                       ? std::chrono::milliseconds(100)
                                                       : opt.backoff_initial,
                                                   opt.backoff_max, unit(rng));
        if (tr.item.last_error != r.reason) {
            spdlog::info(
                "event=delivery_retry channel={} group={} key={} attempt={} wait_ms={} "
                "reason=\"{}\"",
                tr.item.channel, tr.item.msg.group, tr.item.key, tr.item.attempts, delay.count(),
                r.reason);
        }
        settle(tr, OutboxState::Queued, now + delay.count(), r.reason);
    }

    void start_http(Transfer& tr) {
        const HttpRequest& req = tr.parts[tr.part];
        tr.body_in.clear();
        tr.headers_in.clear();
        if (!tr.easy) tr.easy = curl_easy_init();
        curl_easy_reset(tr.easy);
        if (tr.headers) curl_slist_free_all(tr.headers);
        tr.headers = nullptr;
        for (const auto& [k, v] : req.headers)
            tr.headers = curl_slist_append(tr.headers, (k + ": " + v).c_str());
        tr.headers = curl_slist_append(tr.headers, "Expect:");
        curl_easy_setopt(tr.easy, CURLOPT_URL, req.url.c_str());
        curl_easy_setopt(tr.easy, CURLOPT_HTTPHEADER, tr.headers);
        if (req.method == "POST") {
            curl_easy_setopt(tr.easy, CURLOPT_POSTFIELDS, req.body.c_str());
            curl_easy_setopt(tr.easy, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(req.body.size()));
        }
        curl_easy_setopt(tr.easy, CURLOPT_TIMEOUT_MS, static_cast<long>(opt.timeout.count()));
        curl_easy_setopt(tr.easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(tr.easy, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(tr.easy, CURLOPT_WRITEDATA, &tr);
        curl_easy_setopt(tr.easy, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(tr.easy, CURLOPT_HEADERDATA, &tr);
        curl_easy_setopt(tr.easy, CURLOPT_PRIVATE, &tr);
        curl_easy_setopt(tr.easy, CURLOPT_TCP_NODELAY, 1L);
        curl_multi_add_handle(multi, tr.easy);
    }

    std::vector<std::unique_ptr<Transfer>> live;

    // Frees a settled transfer (its handle is already out of the multi).
    void release(Transfer* tr) {
        if (tr->easy) curl_easy_cleanup(tr->easy);
        if (tr->headers) curl_slist_free_all(tr->headers);
        live.erase(std::find_if(live.begin(), live.end(), [tr](auto& p) { return p.get() == tr; }));
    }

    // Chooses what may start now: due, paced, one per target, within the slots.
    void pick(int64_t now) {
        // No free slot: nothing can start, and scanning thousands of ready
        // targets (a notice to 6,747 groups) on every turn of the loop would
        // cost more than the sends.
        if (occupied >= opt.in_flight) return;
        // Taken from the front until the slots are full; what must wait goes
        // back to the front in order. Each turn costs what it examines, not
        // the length of the queue.
        std::vector<std::string> still;
        auto routes = channels.snapshot();
        while (!ready.empty() && occupied < opt.in_flight) {
            std::string name = std::move(ready.front());
            ready.pop_front();
            Target& t = targets[name];
            if (t.busy || t.queue.empty()) continue;
            OutboxItem& head = t.queue.front();
            // A removed channel's rows are taken at once, to fail with their reason.
            bool removed = !routes->contains(head.channel);
            if (!removed && (head.next_attempt_at > now || !t.pacer.allows(now) ||
                             channel_slots[head.channel] >= channel_cap(head.channel))) {
                still.push_back(std::move(name));
                continue;
            }
            if (!removed) t.pacer.record(now);
            t.busy = true;
            auto tr = std::make_unique<Transfer>();
            tr->item = std::move(head);
            tr->item.attempts += 1;
            tr->target = std::move(name);
            t.queue.pop_front();
            ++channel_slots[tr->item.channel];
            picked.push_back(std::move(tr));
            ++occupied;
        }
        ready.insert(ready.begin(), std::make_move_iterator(still.begin()),
                     std::make_move_iterator(still.end()));
    }

    // Starts a commit of the outcomes so far and the picked rows' sending marks.
    void commit_round(int64_t now) {
        if (rounds.size() >= kMaxRounds || (done.empty() && picked.empty())) return;
        std::vector<int64_t> ids;
        for (auto& tr : picked) ids.push_back(tr->item.id);
        Round r;
        r.completions = done;
        r.channels = std::move(done_channels);
        done_channels.clear();
        r.starting = std::move(picked);
        r.commit = messages.record_dispatch(std::move(done), std::move(ids), now);
        done.clear();
        picked.clear();
        rounds.push_back(std::move(r));
    }

    // Once the round is durable: free the slots of its outcomes and start its
    // rows (their "sending" mark is committed, so now the network may see them).
    void finish_rounds(bool block) {
        while (!rounds.empty()) {
            if (!block && rounds.front().commit.wait_for(std::chrono::seconds(0)) !=
                              std::future_status::ready) {
                return;
            }
            finish_round(rounds.front());
            rounds.pop_front();
        }
    }

    void finish_round(Round& round) {
        try {
            round.commit.get();
        } catch (const std::exception& e) {
            spdlog::error("event=dispatch_commit_failed what=\"{}\"", e.what());
            // Nothing of the round was written: try it again with the next one.
            done.insert(done.begin(), round.completions.begin(), round.completions.end());
            done_channels.insert(done_channels.begin(), round.channels.begin(),
                                 round.channels.end());
            for (auto& tr : round.starting) picked.push_back(std::move(tr));
            return;
        }
        occupied -= static_cast<int>(round.completions.size());
        for (const auto& ch : round.channels) --channel_slots[ch];
        auto starting = std::move(round.starting);
        int64_t now = now_ms();
        auto routes = channels.snapshot();
        for (auto& tr : starting) {
            metrics
                .counter("gridbot_delivery_attempts_total", "send attempts by channel",
                         {{"channel", tr->item.channel}})
                .inc();
            auto ch = routes->find(tr->item.channel);
            if (ch == routes->end() || !ch->second.adapter) {
                settle(*tr, OutboxState::Failed, 0, channel_removed_reason(tr->item.channel));
                continue;
            }
            tr->adapter = ch->second.adapter;
            Adapter& a = *tr->adapter;
            if (a.transport() == Transport::Local) {
                settle(*tr, OutboxState::Delivered, 0, "", now / 1000);
                continue;
            }
            tr->parts = a.outbound(tr->item.msg, now / 1000);
            if (tr->parts.empty()) {
                settle(*tr, OutboxState::Failed, 0,
                       "adapter produced no request (check the channel settings)");
                continue;
            }
            start_http(*tr);
            live.push_back(std::move(tr));
        }
    }

    void collect() {
        int queued = 0;
        while (CURLMsg* m = curl_multi_info_read(multi, &queued)) {
            if (m->msg != CURLMSG_DONE) continue;
            Transfer* tr = nullptr;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &tr);
            HttpResponse resp;
            if (m->data.result == CURLE_OK) {
                curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &resp.status);
                resp.body = tr->body_in;
                resp.headers = tr->headers_in;
            } else {
                resp.transport_error = curl_easy_strerror(m->data.result);
            }
            curl_multi_remove_handle(multi, tr->easy);
            auto& a = *tr->adapter;
            size_t part_before = tr->part;
            judge(*tr, a.classify(resp));
            // Settled unless judge() moved on to the next part of a split message.
            if (tr->part == part_before) release(tr);
        }
    }

    int64_t next_wake_ms(int64_t now) const {
        int64_t next = now + 200;
        // Slots full: a completion (socket activity) or a commit wakes the loop.
        if (occupied >= opt.in_flight) return next;
        for (const auto& name : ready) {
            auto it = targets.find(name);
            if (it == targets.end() || it->second.queue.empty() || it->second.busy) continue;
            int64_t t =
                std::max(it->second.queue.front().next_attempt_at,
                         it->second.pacer.unlimited() ? 0 : it->second.pacer.next_allowed());
            next = std::min(next, std::max(t, now));
        }
        return next;
    }

    void run() {
        while (!stopping) {
            int64_t now = now_ms();
            if (woken.exchange(false) || now - last_scan_ms >= 500 || now < last_scan_ms) {
                scan();
                last_scan_ms = now;
            }
            pick(now);
            commit_round(now);
            finish_rounds(false);
            int running = 0;
            curl_multi_perform(multi, &running);
            collect();
            commit_round(now_ms());
            int wait = !rounds.empty() ? 1
                                       : static_cast<int>(std::clamp<int64_t>(
                                             next_wake_ms(now_ms()) - now_ms(), 1, 50));
            curl_multi_poll(multi, nullptr, 0, wait, nullptr);
        }
        // Drain: rows only picked are still "queued" in the store; everything
        // marked sending is sent and its outcome committed before we return.
        picked.clear();
        while (!rounds.empty() || !live.empty() || !done.empty()) {
            commit_round(now_ms());
            finish_rounds(true);
            int running = 0;
            curl_multi_perform(multi, &running);
            collect();
            if (!live.empty()) curl_multi_poll(multi, nullptr, 0, 50, nullptr);
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
    int resumed = impl_->messages.resume_in_flight(impl_->now_ms());
    if (resumed > 0) spdlog::info("event=dispatch_resumed in_flight_at_stop={}", resumed);
    impl_->thread = std::thread([this] { impl_->run(); });
}

void Dispatcher::wake() {
    impl_->woken = true;
    curl_multi_wakeup(impl_->multi);
}

void Dispatcher::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->stopping = true;
    curl_multi_wakeup(impl_->multi);
    impl_->thread.join();
}

int64_t Dispatcher::pending() const { return impl_->pending.load(); }

}  // namespace gridbot::delivery
