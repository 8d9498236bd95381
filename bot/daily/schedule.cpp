#include "bot/daily/schedule.h"

#include <algorithm>

#include "bot/core/hierarchy.h"

namespace gridbot::daily {

NodeSchedule resolve_schedule(const config::Config& cfg, const std::string& node) {
    const config::Schedule& root = cfg.schedule;
    NodeSchedule s;
    s.open = root.open.value_or(s.open);
    s.cutoff = root.cutoff.value_or(s.cutoff);
    s.digests = root.digests.value_or(std::vector<int>{});
    s.remind = root.remind.value_or(std::vector<int>{});
    s.rollups = root.rollups.value_or(std::vector<int>{});
    s.reply_each_report = root.reply_each_report.value_or(false);
    // Apply overrides from the farthest ancestor to the node itself, so the nearest wins per key.
    std::vector<const config::ScheduleOverride*> chain;
    for (const auto& o : cfg.schedule_overrides) {
        if (within(node, o.node)) chain.push_back(&o);
    }
    std::stable_sort(chain.begin(), chain.end(),
                     [](const auto* a, const auto* b) { return a->node.size() < b->node.size(); });
    for (const auto* o : chain) {
        const auto& x = o->schedule;
        if (x.open) s.open = *x.open;
        if (x.cutoff) s.cutoff = *x.cutoff;
        if (x.digests) s.digests = *x.digests;
        if (x.remind) s.remind = *x.remind;
        if (x.rollups) s.rollups = *x.rollups;
        if (x.reply_each_report) s.reply_each_report = *x.reply_each_report;
    }
    return s;
}

}  // namespace gridbot::daily
