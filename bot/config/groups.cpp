#include "bot/config/groups.h"

#include "bot/core/hierarchy.h"

namespace gridbot::config {

std::vector<const Group*> staff_groups_of(const Config& cfg, const std::string& node) {
    std::vector<const Group*> out;
    for (const auto& g : cfg.groups) {
        if (g.node == node && g.audience == Audience::Staff) out.push_back(&g);
    }
    return out;
}

std::vector<const Group*> staff_groups_from(const Config& cfg, std::string node) {
    for (; !node.empty(); node = parent(node)) {
        auto out = staff_groups_of(cfg, node);
        if (!out.empty()) return out;
    }
    return {};
}

bool resident_grid_group(const Group& g) {
    return g.audience == Audience::Residents && level(g.node) == static_cast<int>(Level::Grid);
}

const Leader* find_leader(const Config& cfg, const std::string& node, const std::string& channel,
                          const std::string& sender) {
    for (const auto& l : cfg.leaders) {
        auto it = l.ids.find(channel);
        if (it != l.ids.end() && it->second == sender && within(node, l.node)) return &l;
    }
    return nullptr;
}

}  // namespace gridbot::config
