#pragma once
// An audience from the configuration: the group a message goes to, or the
// API token that reads a response, facing the households of one grid. The
// rule itself is privacy::group_audience / token_audience (policy.h); this
// file only finds its inputs.
#include <string>

#include "bot/config/config.h"
#include "bot/privacy/policy.h"

namespace gridbot::privacy {

// Group `g` facing the households of grid `grid`.
Audience of_group(const config::Config& cfg, const config::Group& g, const std::string& grid);
// A token of `role` on `token_node` facing the households of `grid`.
Audience of_token(const config::Config& cfg, config::Role role, const std::string& token_node,
                  const std::string& grid);

// The nearest node strictly above `grid` that has a staff group ("" when none):
// where the grid's leaders sit with the level above.
std::string leaders_node(const config::Config& cfg, const std::string& grid);

}  // namespace gridbot::privacy
