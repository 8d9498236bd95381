#pragma once
// A node's effective schedule: for each key, the override of the nearest
// ancestor (or the node itself) that sets it, else the root [schedule].
#include <string>
#include <vector>

#include "bot/config/config.h"

namespace gridbot::daily {

struct NodeSchedule {
    int open = 8 * 60;
    std::vector<int> digests, remind, rollups;
    int cutoff = 12 * 60;
    bool reply_each_report = false;
};

NodeSchedule resolve_schedule(const config::Config& cfg, const std::string& node);

// The level of a node code: the number of '/' (0 district .. 3 grid).
int node_level(const std::string& code);
// A group where a grid's residents report (not a staff group, not above grid level).
bool resident_grid_group(const config::Group& g);
// "a/b/c" -> "a/b"; "" for the root.
std::string parent_code(const std::string& code);
// True when `code` is `root` or below it.
bool within(const std::string& code, const std::string& root);

}  // namespace gridbot::daily
