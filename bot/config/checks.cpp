#include "bot/config/checks.h"

#include <set>

#include "bot/core/clock.h"
#include "bot/core/duration.h"
#include "bot/core/hierarchy.h"

namespace gridbot::config::detail {

namespace {

// 127.0.0.0/8, ::1 and localhost: the only binds a demo setting may listen on.
bool loopback(const std::string& bind) {
    return bind == "localhost" || bind == "::1" || bind == "[::1]" || bind.rfind("127.", 0) == 0;
}

// The published demo token of config/example.toml ("gb_demo-district-token-for-the-sandbox-only").
constexpr std::string_view kDemoTokenSha256 =
    "e6c8bc133ad581e5997063f964b79f93d0b222f4fd14167c0dffc8bfc4c897a5";

}  // namespace

// The sandbox, the manual clock and the demo token are for a laptop: with any
// of them, a bind other than loopback is refused (daemon and check-config).
void check_unsafe_bind(const Config& c, Problems& p) {
    if (loopback(c.server.bind)) return;
    std::string why = "not allowed with server.bind = \"" + c.server.bind +
                      "\" (loopback only: 127.0.0.0/8, ::1, localhost)";
    if (c.sandbox.enabled)
        p.add("config.unsafe_bind", 0, "sandbox.enabled", "the sandbox is " + why);
    if (c.debug.manual_clock) {
        p.add("config.unsafe_bind", 0, "debug.manual_clock", "the manual clock is " + why);
    }
    for (size_t i = 0; i < c.tokens.size(); ++i) {
        std::string h = c.tokens[i].sha256;
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
        if (h == kDemoTokenSha256) {
            p.add("config.unsafe_bind", c.tokens[i].line,
                  "tokens[" + std::to_string(i) + "].sha256", "the published demo token is " + why);
        }
    }
}

// Checks that need the whole file: references, duplicates, the tree.
void cross_check(const Config& c, Problems& p) {
    if (c.store_engine == "postgresql" && c.store_url.empty()) {
        p.add("config.missing_key", 0, "store.url",
              "engine \"postgresql\" needs url, a libpq conninfo or env:NAME");
    }
    auto check_node = [&](const std::string& node, int line, const std::string& key) {
        if (!c.district_code.empty() && !within(node, c.district_code)) {
            p.add("config.bad_node", line, key,
                  "node \"" + node + "\" is not under the district \"" + c.district_code + "\"");
        }
    };
    std::set<std::string> names;
    for (size_t i = 0; i < c.channels.size(); ++i) {
        if (!names.insert(c.channels[i].name).second) {
            p.add("config.duplicate", c.channels[i].line,
                  "channels[" + std::to_string(i) + "].name",
                  "channel \"" + c.channels[i].name + "\" is defined twice");
        }
    }
    std::set<std::pair<std::string, std::string>> group_ids;
    for (size_t i = 0; i < c.groups.size(); ++i) {
        const auto& g = c.groups[i];
        std::string k = "groups[" + std::to_string(i) + "]";
        check_node(g.node, g.line, k + ".node");
        if (!c.channel(g.channel)) {
            p.add("config.unknown_channel", g.line, k + ".channel",
                  "no [[channels]] entry is named \"" + g.channel + "\"");
        }
        if (!group_ids.insert({g.channel, g.id}).second) {
            p.add("config.duplicate", g.line, k + ".id",
                  "group \"" + g.id + "\" of channel \"" + g.channel + "\" is listed twice");
        }
    }
    for (size_t i = 0; i < c.leaders.size(); ++i) {
        const auto& l = c.leaders[i];
        std::string k = "leaders[" + std::to_string(i) + "]";
        check_node(l.node, l.line, k + ".node");
        for (const auto& [ch, id] : l.ids) {
            if (!c.channel(ch)) {
                p.add("config.unknown_channel", l.line, k + ".ids." + ch,
                      "no [[channels]] entry is named \"" + ch + "\"");
            }
        }
    }
    std::set<std::string> hashes;
    for (size_t i = 0; i < c.tokens.size(); ++i) {
        const auto& t = c.tokens[i];
        check_node(t.node, t.line, "tokens[" + std::to_string(i) + "].node");
        if (!hashes.insert(t.sha256).second) {
            p.add("config.duplicate", t.line, "tokens[" + std::to_string(i) + "].sha256",
                  "the same token is listed twice");
        }
    }
    for (size_t i = 0; i < c.nodes.size(); ++i) {
        check_node(c.nodes[i].code, c.nodes[i].line, "nodes[" + std::to_string(i) + "].code");
    }
    for (size_t i = 0; i < c.schedule_overrides.size(); ++i) {
        const auto& o = c.schedule_overrides[i];
        check_node(o.node, o.line, "schedule.overrides[" + std::to_string(i) + "].node");
    }
    check_unsafe_bind(c, p);
    if (!c.debug.start_time.empty()) {
        TimePoint t;
        if (!parse_rfc3339(c.debug.start_time, t)) {
            p.add("config.bad_value", 0, "debug.start_time",
                  "expected RFC 3339 (2026-11-22T08:00:00+08:00), got \"" + c.debug.start_time +
                      "\"");
        }
    }
}

namespace {
// The built-in chains (DESIGN.md §6) when the file has no [[escalation]].
std::vector<EscalationStep> default_escalation() {
    using std::chrono::hours;
    using std::chrono::minutes;
    using std::chrono::seconds;
    return {
        {"urgent", Level::Grid, seconds(0), false, 0},
        {"urgent", Level::Community, seconds(0), false, 0},
        {"urgent", Level::Street, minutes(15), false, 0},
        {"urgent", Level::District, minutes(45), false, 0},
        {"normal", Level::Grid, seconds(0), true, 0},
        {"normal", Level::Community, hours(2), true, 0},
        {"normal", Level::Street, hours(8), true, 0},
        {"normal", Level::District, hours(24), true, 0},
    };
}
}  // namespace

// [incidents] and [[escalation]]: chains in order, severities that exist,
// durations that parse. Fills the defaults the checks rely on.
void check_incidents(Config& c, Problems& p) {
    auto& inc = c.incidents;
    if (c.escalation.empty()) c.escalation = default_escalation();
    if (inc.severity.empty()) inc.severity = {{"emergency", "urgent"}, {"positive_test", "urgent"}};
    if (inc.cluster_categories.empty()) {
        inc.cluster_categories = {"fever",       "cough",       "fatigue",
                                  "sore_throat", "smell_taste", "diarrhea"};
    }
    std::map<std::string, const EscalationStep*> last;  // severity -> its previous step
    for (size_t i = 0; i < c.escalation.size(); ++i) {
        const auto& s = c.escalation[i];
        std::string k = "escalation[" + std::to_string(i) + "]";
        auto prev = last.find(s.severity);
        if (prev != last.end()) {
            if (s.after < prev->second->after) {
                p.add("config.bad_value", s.line, k + ".after",
                      "expected the steps of \"" + s.severity +
                          "\" in increasing order of after, got " +
                          std::to_string(s.after.count()) + "s after " +
                          std::to_string(prev->second->after.count()) + "s");
            }
            if (static_cast<int>(s.level) > static_cast<int>(prev->second->level)) {
                p.add("config.bad_value", s.line, k + ".level",
                      "expected a level at or above the previous step's (" +
                          std::string(level_name(prev->second->level)) + "), got \"" +
                          std::string(level_name(s.level)) + "\"");
            }
        }
        last[s.severity] = &s;
    }
    for (const char* needed : {"urgent", "normal"}) {
        if (!last.count(needed)) {
            p.add("config.missing_policy", c.escalation.front().line, "escalation",
                  std::string("no [[escalation]] step has severity \"") + needed + "\"");
        }
    }
    for (const auto& [category, severity] : inc.severity) {
        if (!last.count(severity)) {
            p.add("config.unknown_severity", inc.line, "incidents.severity." + category,
                  "expected a severity with [[escalation]] steps, got \"" + severity + "\"");
        }
    }
    inc.resolve_within = {{"urgent", std::chrono::hours(2)}, {"normal", std::chrono::hours(24)}};
    for (const auto& [severity, text] : inc.resolve_within_text) {
        std::string k = "incidents.resolve_within." + severity;
        auto d = parse_duration(text);
        if (!d || d->count() <= 0) {
            p.add("config.bad_duration", inc.line, k,
                  "expected 30s/15m/2h/1d, got \"" + text + "\"");
        } else if (!last.count(severity)) {
            p.add("config.unknown_severity", inc.line, k,
                  "expected a severity with [[escalation]] steps, got \"" + severity + "\"");
        } else {
            inc.resolve_within[severity] = *d;
        }
    }
    for (const auto& [severity, step] : last) {
        if (!inc.resolve_within.count(severity))
            inc.resolve_within[severity] = std::chrono::hours(24);
    }
}

}  // namespace gridbot::config::detail
