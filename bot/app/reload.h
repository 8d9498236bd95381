#pragma once
// What a configuration reload (SIGHUP) changes beyond swapping the
// configuration: the channels' adapters, and the line that tells the operator
// what changed and what still needs a restart.
#include <string>
#include <vector>

#include "bot/config/config.h"
#include "bot/core/error.h"
#include "bot/delivery/adapter.h"
#include "bot/delivery/channel_table.h"

namespace gridbot::app {

struct ReloadReport {
    std::vector<std::string> channels_added, channels_changed, channels_removed;
    int groups_added = 0, groups_removed = 0;  // by channel and group id
    std::vector<std::string> needs_restart;    // config::restart_keys_changed
    // key=value fields for the config_reloaded log line (names of channels and keys only).
    std::string log_fields() const;
};

// The adapters of `next`'s [[channels]]. A channel of `running` whose platform,
// settings and rate are unchanged keeps its adapter from `current` (and what
// the adapter holds: access tokens, reply routes); an added or changed channel
// gets a new one. Fills the channel lists of `report` when given. Error
// config.unknown_platform when a platform is not built in; nothing is swapped.
Result<delivery::ChannelRoutes> build_channels(const config::Config& next,
                                               const delivery::AdapterRegistry& registry,
                                               const config::Config* running = nullptr,
                                               const delivery::ChannelRoutes* current = nullptr,
                                               ReloadReport* report = nullptr);

// The groups added and removed and the restart-only keys changed from
// `running` to `next` (the channel lists are build_channels').
ReloadReport compare_configs(const config::Config& running, const config::Config& next);

}  // namespace gridbot::app
