#include "bot/privacy/audience.h"

#include "bot/config/groups.h"
#include "bot/core/hierarchy.h"

namespace gridbot::privacy {

std::string leaders_node(const config::Config& cfg, const std::string& grid) {
    for (std::string node = parent(grid); !node.empty(); node = parent(node)) {
        if (!config::staff_groups_of(cfg, node).empty()) return node;
    }
    return {};
}

Audience of_group(const config::Config& cfg, const config::Group& g, const std::string& grid) {
    bool residents = g.audience == config::Audience::Residents;
    bool mask = cfg.incidents.mask_personal_data;
    if (residents || g.node == grid) return group_audience(residents, g.node, grid, {}, mask);
    // Only a staff group on the grid's path can be where its leaders sit; the
    // walk up the tree (a scan of the groups per level) is spared the others.
    bool on_path = grid != g.node && within(grid, g.node);
    return group_audience(false, g.node, grid, on_path ? leaders_node(cfg, grid) : std::string(),
                          mask);
}

Audience of_token(const config::Config& cfg, config::Role role, const std::string& token_node,
                  const std::string& grid) {
    return token_audience(role == config::Role::Grid, token_node, grid,
                          cfg.incidents.mask_personal_data);
}

}  // namespace gridbot::privacy
