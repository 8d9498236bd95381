#include "bot/app/reload.h"

#include <set>

namespace gridbot::app {
namespace {

bool same_channel(const config::Channel& a, const config::Channel& b) {
    return a.platform == b.platform && a.settings == b.settings &&
           a.rate_per_minute == b.rate_per_minute;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
    return out;
}

std::set<std::pair<std::string, std::string>> group_keys(const config::Config& c) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& g : c.groups) out.insert({g.channel, g.id});
    return out;
}

}  // namespace

std::string ReloadReport::log_fields() const {
    std::string s = "channels_added=" + joined(channels_added) +
                    " channels_changed=" + joined(channels_changed) +
                    " channels_removed=" + joined(channels_removed) +
                    " groups_added=" + std::to_string(groups_added) +
                    " groups_removed=" + std::to_string(groups_removed);
    if (!needs_restart.empty()) {
        s += " needs_restart=" + joined(needs_restart) +
             " detail=\"only a restart applies these keys fully\"";
    }
    return s;
}

Result<delivery::ChannelRoutes> build_channels(const config::Config& next,
                                               const delivery::AdapterRegistry& registry,
                                               const config::Config* running,
                                               const delivery::ChannelRoutes* current,
                                               ReloadReport* report) {
    delivery::ChannelRoutes routes;
    for (const auto& ch : next.channels) {
        const config::Channel* before = running ? running->channel(ch.name) : nullptr;
        if (before && current && same_channel(*before, ch)) {
            auto kept = current->find(ch.name);
            if (kept != current->end()) {
                routes[ch.name] = kept->second;
                continue;
            }
        }
        if (!registry.has(ch.platform)) {
            return Error{"config.unknown_platform", next.path + ":" + std::to_string(ch.line) +
                                                        ": channels: platform \"" + ch.platform +
                                                        "\" is not built into this gridbot"};
        }
        std::shared_ptr<delivery::Adapter> adapter =
            registry.make({ch.name, ch.platform, ch.settings});
        double rate =
            ch.rate_per_minute >= 0 ? ch.rate_per_minute : adapter->default_rate_per_minute();
        routes[ch.name] = {std::move(adapter), rate};
        if (report && running)
            (before ? report->channels_changed : report->channels_added).push_back(ch.name);
    }
    if (report && running) {
        for (const auto& ch : running->channels) {
            if (!next.channel(ch.name)) report->channels_removed.push_back(ch.name);
        }
    }
    return routes;
}

ReloadReport compare_configs(const config::Config& running, const config::Config& next) {
    ReloadReport r;
    auto before = group_keys(running), after = group_keys(next);
    for (const auto& g : after) r.groups_added += before.contains(g) ? 0 : 1;
    for (const auto& g : before) r.groups_removed += after.contains(g) ? 0 : 1;
    r.needs_restart = config::restart_keys_changed(running, next);
    return r;
}

}  // namespace gridbot::app
