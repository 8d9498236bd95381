#include "bot/delivery/targets.h"

#include <algorithm>

namespace gridbot::delivery::detail {

namespace {

double rate_of(const ChannelRoutes& routes, const std::string& channel) {
    auto it = routes.find(channel);
    return it == routes.end() ? 0 : it->second.rate_per_minute;
}

}  // namespace

void Targets::add(std::vector<store::OutboxItem> rows, const ChannelRoutes& routes) {
    std::string key;
    for (auto& r : rows) {
        key.assign(r.channel).push_back('\x1f');
        key.append(r.msg.group);
        auto [it, fresh] = targets_.try_emplace(key);
        Target& t = it->second;
        if (fresh) {
            t.channel = r.channel;
            t.pacer = Pacer(rate_of(routes, r.channel));
        }
        if (t.queue.empty() && !t.busy) ready_.push_back(&t);
        t.queue.push_back(std::move(r));
        ++loaded_;
    }
}

void Targets::follow_rates(const ChannelRoutes& routes) {
    for (auto& [name, t] : targets_) t.pacer.set_limit(rate_of(routes, t.channel));
}

void Targets::settle(Target& t, store::OutboxItem* retry) {
    t.busy = false;
    if (retry) {
        t.queue.push_front(std::move(*retry));
    } else {
        --loaded_;
    }
    if (!t.queue.empty()) ready_.push_back(&t);
}

int64_t Targets::next_due(int64_t now_ms, int64_t horizon) const {
    int64_t next = horizon;
    for (const Target* t : ready_) {
        if (t->queue.empty() || t->busy) continue;
        int64_t at = std::max(t->queue.front().next_attempt_at,
                              t->pacer.unlimited() ? 0 : t->pacer.next_allowed());
        next = std::min(next, std::max(at, now_ms));
    }
    return next;
}

}  // namespace gridbot::delivery::detail
