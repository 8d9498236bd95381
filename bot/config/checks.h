#pragma once
// The checks of a configuration that need the whole file (config.cpp runs
// them after every key is read): binds a demo setting may not use,
// references, duplicates and the tree, incident policies.
#include "bot/config/config.h"
#include "bot/config/problems.h"

namespace gridbot::config::detail {

// The sandbox, the manual clock and the demo token with a bind other than loopback.
void check_unsafe_bind(const Config& c, Problems& p);
// References, duplicates, the tree.
void cross_check(const Config& c, Problems& p);
// [incidents] and [[escalation]]; fills the defaults the checks rely on.
void check_incidents(Config& c, Problems& p);

}  // namespace gridbot::config::detail
