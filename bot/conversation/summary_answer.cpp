#include "bot/conversation/summary_answer.h"

#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"
#include "bot/privacy/audience.h"
#include "bot/store/clarifications.h"

namespace gridbot::conversation {

const config::Leader* summary_leader(const config::Config& cfg, const std::string& group_node,
                                     const std::string& channel, const std::string& sender) {
    const config::Leader* below = nullptr;
    for (const auto& l : cfg.leaders) {
        auto it = l.ids.find(channel);
        if (it == l.ids.end() || it->second != sender) continue;
        if (within(group_node, l.node)) return &l;
        if (!below && within(l.node, group_node)) below = &l;
    }
    return below;
}

SummaryAnswer summary_answer(const config::Config& cfg, const config::Group& group,
                             const config::Leader& leader, const std::string& day,
                             const std::string& time, store::Store& store, store::Reports& reports,
                             daily::DayBook& days, const std::string& locale) {
    const std::string& node = leader.node;
    auto audience = privacy::of_group(cfg, group, node);
    if (level(node) >= static_cast<int>(config::Level::Grid)) {
        std::string grid_name = node;
        if (auto n = store.node(node)) grid_name = n->name;
        std::string leaders;
        for (const auto& l : cfg.leaders) {
            if (l.node == node)
                leaders += (leaders.empty() ? "" : locale == "en" ? ", " : "、") + l.name;
        }
        auto data = daily::grid_summary_data(node, grid_name, day, leaders,
                                             reports.households(node, day), audience, locale);
        std::vector<std::string> unclear;
        for (const auto& u : store::Clarifications(store).unclear(node, day))
            unclear.push_back(u.room);
        daily::add_unclear(data, unclear, locale);
        return {"cutoff_summary", std::move(data)};
    }
    std::map<std::string, std::string> names;
    for (const auto& n : store.nodes()) names[n.code] = n.name;
    auto s = daily::node_summary(node, day, days.grids_within(node, day), names);
    return {"rollup", daily::rollup_data(s, time, audience, locale)};
}

}  // namespace gridbot::conversation
