#pragma once
// Lookups over the configured hierarchy: which groups and leaders a node has.
// The pure predicates over node codes (within, level, parent) are in
// bot/core/hierarchy.h.
#include <string>
#include <vector>

#include "bot/config/config.h"

namespace gridbot::config {

// The staff groups of `node` itself.
std::vector<const Group*> staff_groups_of(const Config& cfg, const std::string& node);

// The staff groups of the nearest node at or above `node` that has one
// (empty when no node on the path has a staff group).
std::vector<const Group*> staff_groups_from(const Config& cfg, std::string node);

// A group where a grid's residents report (not a staff group, not above grid level).
bool resident_grid_group(const Group& g);

// The first configured leader, of `node` or of any node above it, whose
// platform id on `channel` is `sender`; null when none.
const Leader* find_leader(const Config& cfg, const std::string& node, const std::string& channel,
                          const std::string& sender);

}  // namespace gridbot::config
