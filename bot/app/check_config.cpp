#include "bot/app/check_config.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>

#include "bot/config/config.h"

namespace gridbot::app {
namespace {

std::string hhmm(int m) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 24, m % 60);
    return buf;
}

std::string times(const std::vector<int>& v) {
    std::string s;
    for (int t : v) {
        if (!s.empty()) s += ' ';
        s += hhmm(t);
    }
    return s;
}

}  // namespace

int check_config(const std::string& path, const delivery::AdapterRegistry& adapters,
                 bool print_effective, std::ostream& out, std::ostream& err) {
    auto loaded = config::load_file(path);
    if (!loaded) {
        err << loaded.error().to_string() << "\n";
        return 1;
    }
    const config::Config& c = *loaded.value();
    int bad = 0;
    for (const auto& ch : c.channels) {
        if (!adapters.has(ch.platform)) {
            err << "[config.unknown_platform] " << path << ":" << ch.line
                << ": channels.platform: expected one of";
            for (const auto& p : adapters.platforms()) err << " " << p;
            err << ", got \"" << ch.platform << "\"\n";
            ++bad;
        }
    }
    if (bad) return 1;
    if (print_effective) {
        out << config::describe(c);
        return 0;
    }
    std::set<std::string> nodes;
    for (const auto& n : c.nodes) nodes.insert(n.code);
    std::map<int, int> by_level;
    for (const auto& n : nodes) {
        by_level[static_cast<int>(std::count(n.begin(), n.end(), '/'))]++;
    }
    out << "config " << path << ": ok\n";
    out << "district " << c.district_code << " (" << c.district_name << "), time zone "
        << c.timezone << ", locale " << c.locale << "\n";
    out << "nodes named: " << nodes.size() << " (streets " << by_level[1] << ", communities "
        << by_level[2] << ", grids " << by_level[3] << ")\n";
    std::map<std::string, std::pair<int, int>> groups;  // channel -> residents, staff
    for (const auto& g : c.groups) {
        auto& p = groups[g.channel];
        (g.audience == config::Audience::Residents ? p.first : p.second)++;
    }
    out << "channels: " << c.channels.size() << "\n";
    for (const auto& ch : c.channels) {
        out << "  " << ch.name << " (" << ch.platform << "): " << groups[ch.name].first
            << " resident groups, " << groups[ch.name].second << " staff groups\n";
    }
    out << "leaders: " << c.leaders.size() << ", API tokens: " << c.tokens.size() << "\n";
    out << "schedule: open " << hhmm(*c.schedule.open) << ", digests "
        << times(*c.schedule.digests) << ", remind " << times(*c.schedule.remind) << ", cutoff "
        << hhmm(*c.schedule.cutoff) << ", rollups " << times(*c.schedule.rollups) << " ("
        << c.schedule_overrides.size() << " overrides)\n";
    out << "http: " << c.server.public_url << ", store: " << c.store_path
        << (c.debug.manual_clock ? ", MANUAL CLOCK (tests only)" : "") << "\n";
    return 0;
}

}  // namespace gridbot::app
