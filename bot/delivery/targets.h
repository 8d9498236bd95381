#pragma once
// Internal to bot/delivery: the dispatcher's queues. One queue per target
// (channel + group) holding its rows in outbox order, paced by its Pacer; one
// transfer at a time per target, so a group's messages arrive in order and a
// failing group holds up only itself. Targets with rows wait their turn in a
// round-robin list of pointers (no lookup by name on the hot path).
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/delivery/channel_table.h"
#include "bot/delivery/pacer.h"
#include "bot/store/messages.h"

namespace gridbot::delivery::detail {

struct Target {
    std::string channel;
    std::string group;
    std::deque<store::OutboxItem> queue;
    Pacer pacer;
    bool busy = false;   // a row of it is picked or in flight
    bool fresh = false;  // just taken (a lease), not yet looked at by pick()
};

// What may happen to a target's head row now.
enum class Admission {
    Wait,         // not yet: its retry time, its pacing or its channel's slots
    Start,        // within its pace: the send counts against it
    StartUnpaced  // its channel is gone: taken at once to fail with its reason
};

class Targets {
  public:
    // Rows read from the outbox, in id order. A new target paces at its channel's rate.
    void add(std::vector<store::OutboxItem> rows, const ChannelRoutes& routes);
    // The target was just taken (a lease: from another daemon, or from none):
    // its pace starts again from what the store says it sent (sent_elsewhere),
    // and it counts as fresh until pick() looks at it.
    void taken(const std::string& channel, const std::string& group, const ChannelRoutes& routes);
    // A send made at `at_ms` (by this daemon or another) counts against the target's pace.
    void sent_elsewhere(const std::string& channel, const std::string& group, int64_t at_ms,
                        const ChannelRoutes& routes);
    // A reload replaced the routes: every target follows its channel's rate now.
    void follow_rates(const ChannelRoutes& routes);

    // Takes up to `budget` head rows that `admit` lets start (it sees the
    // head only when the target is due and idle). Each turn costs what it
    // examines, not the length of the list: what must wait goes back to the
    // front in order.
    template <typename Admit, typename Take>
    void pick(int64_t now_ms, int budget, Admit&& admit, Take&& take);

    // The picked row's outcome: it leaves memory (delivered or failed), or
    // goes back to the head of its target to wait for its retry time. Returns
    // whether the target has nothing left in memory.
    bool settle(Target& t, store::OutboxItem* retry);

    // The earliest time a waiting target may start, no later than `horizon`.
    int64_t next_due(int64_t now_ms, int64_t horizon) const;
    size_t loaded() const { return loaded_; }
    // Targets taken and not yet looked at by pick(): work claimed but not begun.
    size_t fresh() const { return fresh_; }

  private:
    Target& target(const std::string& channel, const std::string& group,
                   const ChannelRoutes& routes);
    std::unordered_map<std::string, Target> targets_;  // nodes: pointers stay valid
    std::deque<Target*> ready_;                        // targets with rows, round-robin
    size_t loaded_ = 0;                                // rows held in memory
    size_t fresh_ = 0;                                 // targets with fresh set
};

template <typename Admit, typename Take>
void Targets::pick(int64_t now_ms, int budget, Admit&& admit, Take&& take) {
    std::vector<Target*> still;
    while (!ready_.empty() && budget > 0) {
        Target* t = ready_.front();
        ready_.pop_front();
        if (t->fresh) {
            t->fresh = false;
            --fresh_;
        }
        if (t->busy || t->queue.empty()) continue;
        store::OutboxItem& head = t->queue.front();
        Admission a = admit(*t, head, now_ms);
        if (a == Admission::Wait) {
            still.push_back(t);
            continue;
        }
        if (a == Admission::Start) t->pacer.record(now_ms);
        t->busy = true;
        store::OutboxItem item = std::move(head);
        t->queue.pop_front();
        take(*t, std::move(item));
        --budget;
    }
    ready_.insert(ready_.begin(), still.begin(), still.end());
}

}  // namespace gridbot::delivery::detail
