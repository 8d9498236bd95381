#pragma once
// The groups a new notice goes to (DESIGN §7): under its target, the resident
// groups of grids, the staff groups of every level, or both. The dashboard's
// confirmation asks the same question before anything is issued.
#include <string>
#include <vector>

#include "bot/config/config.h"
#include "bot/core/notice.h"
#include "bot/store/notices.h"

namespace gridbot::notices {

// Whether a token of `role` may issue notices (district, street and admin;
// community only when [notices] community_may_issue).
bool may_issue(const config::Config& cfg, config::Role role);

std::vector<store::NoticeGroup> recipients(const config::Config& cfg, const std::string& target,
                                           Audience audience);

}  // namespace gridbot::notices
