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

}  // namespace gridbot::daily
