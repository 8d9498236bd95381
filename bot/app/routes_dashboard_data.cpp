// What the dashboard shows beyond the first API (issue 15), for pages and
// tokens alike: the group registry with each group's liveness, how far a
// notice would reach before it is issued, and the completion charts (JSON and
// SVG drawn by the server).
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/app/live_cache.h"
#include "bot/compose/charts.h"
#include "bot/core/hierarchy.h"
#include "bot/notices/recipients.h"
#include "bot/privacy/audience.h"
#include "bot/privacy/policy.h"
#include "bot/store/registry.h"

namespace gridbot::app {

using nlohmann::json;

namespace {

// A residents' group that nobody has written in for this many days shows as
// silent: its members may have left, or the bot may have been removed.
constexpr int64_t kSilentDays = 2;

json time_or_null(int64_t unix_seconds_value) {
    if (unix_seconds_value <= 0) return nullptr;
    return format_rfc3339(from_unix_seconds(unix_seconds_value));
}

// The child of `node` that `grid` lies under, or `node` itself for its own grid.
std::string child_under(const std::string& node, const std::string& grid) {
    if (grid == node) return node;
    return ancestor_at(grid, level(node) + 1);
}

}  // namespace

json Daemon::group_registry(const http::Principal& who, const std::string& node) {
    auto cfg = cfg_.load();
    auto traffic = store::Registry(*store_).traffic();
    int64_t now = unix_seconds(clock_->now());
    json out = json::array();
    for (const auto& g : cfg->groups) {
        if (!within(g.node, node)) continue;
        const config::Channel* ch = cfg->channel(g.channel);
        auto t = traffic[{g.channel, g.id}];
        std::string state = "ok";
        json silent_days = nullptr;
        if (t.last_inbound > 0) silent_days = (now - t.last_inbound) / 86400;
        if (t.failing) {
            state = "failing";
        } else if (g.audience == config::Audience::Residents && t.last_inbound > 0 &&
                   silent_days.get<int64_t>() >= kSilentDays) {
            state = "silent";
        } else if (t.last_inbound == 0 && t.last_delivered == 0) {
            state = "new";
        }
        json leaders = json::array();
        auto audience = privacy::of_token(*cfg, who.role, who.node, g.node);
        for (const auto& l : cfg->leaders) {
            if (l.node != g.node) continue;
            json person = privacy::contact_fields(audience, l.name, l.phone);
            leaders.push_back({{"name", person["contact"]}, {"phone", person["phone"]}});
        }
        out.push_back({{"channel", g.channel},
                       {"platform", ch ? ch->platform : ""},
                       {"group", g.id},
                       {"name", g.name},
                       {"node", g.node},
                       {"audience", g.audience == config::Audience::Staff ? "staff" : "residents"},
                       {"state", state},
                       {"silent_days", silent_days},
                       {"last_delivery", time_or_null(t.last_delivered / 1000)},
                       {"last_failure", time_or_null(t.last_failed / 1000)},
                       {"last_error", t.last_error},
                       {"queued", t.queued},
                       {"last_inbound", time_or_null(t.last_inbound)},
                       {"leaders", leaders}});
    }
    return out;
}

json Daemon::completion_timeline(const std::string& node, const std::string& day) {
    auto cfg = cfg_.load();
    const auto& zone = days_->zone();
    const int step = 15 * 60;
    // From the morning's opening (or midnight) to now, or to the day's end.
    int open = cfg->schedule.open.value_or(0);
    int64_t start = unix_seconds(zone.at(day, open));
    int64_t end = std::min(unix_seconds(clock_->now()), unix_seconds(zone.at(day, 24 * 60)));
    std::vector<int64_t> ticks;
    for (int64_t t = start; t <= end || ticks.empty(); t += step) ticks.push_back(t);
    if (ticks.back() < end) ticks.push_back(end);  // now, between two quarter hours

    std::map<std::string, std::string> names;
    for (const auto& n : store_->nodes()) names[n.code] = n.name;
    std::map<std::string, int64_t> households;  // the node and each child
    for (const auto& [grid, c] : days_->grids_within(node, day)) {
        households[node] += c.households;
        if (grid != node) households[child_under(node, grid)] += c.households;
    }
    std::map<std::string, std::vector<int64_t>> per;  // count of statuses set in each tick
    for (const auto& [code, _] : households) per[code].assign(ticks.size(), 0);
    for (const auto& [grid, at] : store::Registry(*store_).reported_at(node, day)) {
        auto tick = at <= start ? 0 : static_cast<size_t>((at - start + step - 1) / step);
        if (tick >= ticks.size()) {
            if (at > end) continue;  // set later than the chart reaches
            tick = ticks.size() - 1;
        }
        ++per[node][tick];
        if (grid != node) ++per[child_under(node, grid)][tick];
    }
    json series = json::array();
    auto add = [&](const std::string& code) {
        auto counts = per[code];
        for (size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
        series.push_back({{"code", code},
                          {"name", names.count(code) ? names[code] : code},
                          {"households", households[code]},
                          {"reported", counts}});
    };
    add(node);
    for (const auto& [code, _] : households)
        if (code != node) add(code);
    json labels = json::array();
    for (auto t : ticks) {
        int m = zone.minute_of_day(from_unix_seconds(t));
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60 % 24, m % 60);
        labels.push_back(buf);
    }
    return {{"node", node},
            {"day", day},
            {"step_seconds", step},
            {"ticks", labels},
            {"series", series}};
}

int64_t Daemon::reported_at_cutoff(const std::string& node, const std::string& day, int64_t until,
                                   bool past) {
    // A past day's count at its cutoff no longer changes: counted once.
    std::string key = node + "|" + day;
    if (past) {
        std::lock_guard lock(history_mu_);
        if (auto it = history_cache_.find(key); it != history_cache_.end()) return it->second;
    }
    int64_t n = store::Registry(*store_).reported_by(node, day, until);
    if (past) {
        std::lock_guard lock(history_mu_);
        if (history_cache_.size() > 100000) history_cache_.clear();
        history_cache_[key] = n;
    }
    return n;
}

json Daemon::completion_history(const std::string& node, int days) {
    auto cfg = cfg_.load();
    const auto& zone = days_->zone();
    std::string today = days_->day_of(clock_->now());
    int cutoff = cfg->schedule.cutoff.value_or(24 * 60);
    int64_t households = 0;
    for (const auto& [grid, c] : days_->grids_within(node, today)) households += c.households;
    json out = json::array();
    auto noon = zone.at(today, 12 * 60);
    for (int k = days - 1; k >= 0; --k) {
        std::string day = zone.day(noon - std::chrono::hours(24 * k));
        int64_t until = unix_seconds(zone.at(day, cutoff));
        int64_t reported = reported_at_cutoff(node, day, until, day < today);
        out.push_back({{"day", day},
                       {"households", households},
                       {"reported", reported},
                       {"percent", households > 0 ? 100.0 * static_cast<double>(reported) /
                                                        static_cast<double>(households)
                                                  : 0.0}});
    }
    return {{"node", node}, {"days", out}};
}

void Daemon::add_dashboard_data_routes() {
    server_->route("GET", "/api/v1/groups", "/api/v1/groups",
                   [this](const http::Request& req, http::Response& res) {
                       auto who = principal_of(req);
                       std::string node = req.param("node");
                       if (node.empty() && who) node = who->node;
                       who = authorize_node(req, res, node);
                       if (!who) return;
                       json groups = group_registry(*who, node);
                       record(req, node, "groups", static_cast<int64_t>(groups.size()));
                       res.json({{"node", node}, {"count", groups.size()}, {"groups", groups}});
                   });

    // How far a notice would reach, asked before it is issued.
    server_->route(
        "POST", "/api/v1/notices/preview", "/api/v1/notices/preview",
        [this](const http::Request& req, http::Response& res) {
            auto who = authenticate(req, res);
            if (!who) return;
            json body = json::parse(req.body, nullptr, false);
            if (!body.is_object()) return res.error(400, "bad_json", "expected a JSON object");
            std::string target = body.value("node", who->node);
            if (!authorize_node(req, res, target)) return;
            auto audience = notices::audience_from_name(body.value("audience", "residents"));
            if (!audience)
                return res.error(400, "notice.bad_field",
                                 "audience: expected residents, staff or both");
            auto cfg = cfg_.load();
            auto groups = notices::recipients(*cfg, target, *audience);
            int64_t staff = 0, households = 0;
            for (const auto& g : groups) staff += g.staff;
            for (const auto& [grid, c] : days_->grids_within(target, days_->day_of(clock_->now())))
                households += c.households;
            res.json({{"node", target},
                      {"groups", groups.size()},
                      {"staff_groups", staff},
                      {"resident_groups", static_cast<int64_t>(groups.size()) - staff},
                      {"households", *audience == notices::Audience::Staff ? 0 : households},
                      {"may_issue", notices::may_issue(*cfg, who->role)}});
        });

    // The charts: JSON for programs, SVG for the page and for print.
    // A chart changes by the quarter hour: computed at most once a minute per
    // node, day and minute of the daemon's clock.
    auto charts = std::make_shared<LiveCache>(std::chrono::seconds(60));
    auto chart_route = [this, charts](const std::string& suffix, bool svg) {
        server_->route(
            "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/)" + suffix, "/api/v1/nodes/:code/" + suffix,
            [this, suffix, svg, charts](const http::Request& req, http::Response& res) {
                const std::string& code = req.captures.at(0);
                if (!authorize_node(req, res, code)) return;
                bool history = suffix.rfind("history", 0) == 0;
                std::string day = req.param("day");
                if (day.empty()) day = days_->day_of(clock_->now());
                if (!LocalTime::valid_day(day))
                    return res.error(400, "bad_day", "day: expected YYYY-MM-DD");
                std::string key = std::string(history ? "h|" : "t|") + code + "|" + day + "|" +
                                  std::to_string(unix_seconds(clock_->now()) / 60);
                json data = charts->get(key, [&] {
                    return history ? completion_history(code, 14) : completion_timeline(code, day);
                });
                if (!svg) return res.json(data);
                res.content_type = "image/svg+xml";
                res.headers.push_back({"Cache-Control", "no-store"});
                res.headers.push_back({"X-Content-Type-Options", "nosniff"});
                res.body = history ? history_svg(data) : timeline_svg(data);
            });
    };
    chart_route("timeline", false);
    chart_route("timeline.svg", true);
    chart_route("history", false);
    chart_route("history.svg", true);
}

std::string Daemon::timeline_svg(const json& data) {
    std::vector<compose::Series> lines;
    for (const auto& s : data["series"]) {
        lines.push_back({s["name"].get<std::string>(), s["households"].get<int64_t>(),
                         s["reported"].get<std::vector<int64_t>>()});
    }
    return compose::completion_chart(data["day"].get<std::string>() + " 上报进度 / completion",
                                     data["ticks"].get<std::vector<std::string>>(), lines);
}

std::string Daemon::history_svg(const json& data) {
    std::vector<compose::DayBar> bars;
    for (const auto& d : data["days"])
        bars.push_back({d["day"].get<std::string>(), d["percent"].get<double>()});
    return compose::history_chart("近14天截止时完成率 / completion at cutoff, 14 days", bars);
}

}  // namespace gridbot::app
