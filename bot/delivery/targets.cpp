#include "bot/delivery/targets.h"

#include <algorithm>

namespace gridbot::delivery::detail {

namespace {

double rate_of(const ChannelRoutes& routes, const std::string& channel) {
    auto it = routes.find(channel);
    return it == routes.end() ? 0 : it->second.rate_per_minute;
}

}  // namespace

Target& Targets::target(const std::string& channel, const std::string& group,
                        const ChannelRoutes& routes) {
    std::string key = channel;
    key.push_back('\x1f');
    key.append(group);
    auto [it, fresh] = targets_.try_emplace(std::move(key));
    Target& t = it->second;
    if (fresh) {
        t.channel = channel;
        t.group = group;
        t.pacer = Pacer(rate_of(routes, channel));
    }
    return t;
}

void Targets::add(std::vector<store::OutboxItem> rows, const ChannelRoutes& routes) {
    for (auto& r : rows) {
        Target& t = target(r.channel, r.msg.group, routes);
        if (t.queue.empty() && !t.busy) ready_.push_back(&t);
        t.queue.push_back(std::move(r));
        ++loaded_;
    }
}

void Targets::taken(const std::string& channel, const std::string& group,
                    const ChannelRoutes& routes) {
    Target& t = target(channel, group, routes);
    t.pacer = Pacer(rate_of(routes, channel));
    if (!t.fresh) {
        t.fresh = true;
        ++fresh_;
    }
}

void Targets::sent_elsewhere(const std::string& channel, const std::string& group, int64_t at_ms,
                             const ChannelRoutes& routes) {
    target(channel, group, routes).pacer.record(at_ms);
}

void Targets::follow_rates(const ChannelRoutes& routes) {
    for (auto& [name, t] : targets_) t.pacer.set_limit(rate_of(routes, t.channel));
}

bool Targets::settle(Target& t, store::OutboxItem* retry) {
    t.busy = false;
    if (retry) {
        t.queue.push_front(std::move(*retry));
    } else {
        --loaded_;
    }
    if (!t.queue.empty()) {
        ready_.push_back(&t);
        return false;
    }
    return true;
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
