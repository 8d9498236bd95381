// Incidents from reports (DESIGN §6, issue 13): one message opens or joins
// one incident of its household; an anomaly from a sender bound to no
// household opens an unattributed incident for the grid, which their later
// registration gives to the household; clusters gather the symptom incidents
// of a grid or community.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"
#include "bot/incidents/service.h"
#include "bot/ledger/ledger.h"

namespace gridbot::incidents {

using nlohmann::json;

namespace {

constexpr double kUrgentFever = 38.5;  // DESIGN §6: fever at or above this is urgent

// Severities above "normal" come first; "urgent" is the highest (names other
// than these two sit between them).
int severity_rank(const std::string& severity) {
    return severity == "urgent" ? 2 : severity == "normal" ? 0 : 1;
}

// The highest severity among a report's categories, and the (first, sorted)
// category that carries it: the incident's `category`.
struct Rating {
    std::string severity, category;
};
Rating rate(const config::Config& cfg, const std::vector<std::string>& categories,
            std::optional<double> temperature, bool green) {
    Rating out;
    for (const auto& c : categories) {
        auto sev = cfg.incidents.severity.find(c);
        std::string severity = sev == cfg.incidents.severity.end() ? "normal" : sev->second;
        if (c == "fever" && temperature && *temperature >= kUrgentFever) severity = "urgent";
        if (green) severity = "urgent";  // the green channel
        if (out.severity.empty() || severity_rank(severity) > severity_rank(out.severity))
            out = {severity, c};
    }
    if (out.severity.empty()) out.severity = "normal";
    return out;
}

std::vector<std::string> sorted_union(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
    std::set<std::string> all(a.begin(), a.end());
    all.insert(b.begin(), b.end());
    return {all.begin(), all.end()};
}

// A temperature the messages show: a fever's (the latest reading wins).
bool fever_reading(const std::vector<std::string>& categories, std::optional<double> temperature) {
    return temperature &&
           std::find(categories.begin(), categories.end(), "fever") != categories.end();
}

}  // namespace

void Service::on_anomaly(const AnomalyReport& r) {
    std::lock_guard lock(mu_);
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    TimePoint now = r.at;
    auto latest = incidents_.latest(r.household.id);
    bool active = latest && latest->state != static_cast<int>(State::Resolved);
    bool reopening = false;
    if (latest && !active) {
        for (const auto& c : r.categories) {
            if (std::find(latest->categories.begin(), latest->categories.end(), c) !=
                latest->categories.end()) {
                reopening = true;
            }
        }
    }
    if (!active && !reopening) {
        auto contact = incidents_.household(r.household.id);
        uint16_t tags = contact ? contact->tags : 0;
        bool green = (tags & static_cast<uint16_t>(ledger::Tag::Pregnant)) ||
                     (tags & static_cast<uint16_t>(ledger::Tag::Dialysis));
        Rating rating = rate(*cfg, r.categories, r.temperature, green);
        Loaded l;
        l.inc = open(0, rating.category, policy_for(*cfg, rating.severity), now);
        l.row.household_id = r.household.id;
        l.row.node = r.household.grid_code;
        l.row.category = rating.category;
        l.row.categories = r.categories;
        l.row.severity = rating.severity;
        l.row.green = green;
        json facts = json::object();
        if (fever_reading(r.categories, r.temperature)) facts["temperature"] = *r.temperature;
        l.row.machine = facts.dump();
        open_incident(*cfg, l, now);
        return;
    }

    Loaded l = load(*latest);
    auto added = join_report(l, r.categories, r.temperature, reopening, now, *cfg, *templates);
    for (const auto& c : added) check_clusters(*cfg, r.household.grid_code, c, now);
}

std::vector<std::string> Service::join_report(Loaded& l, const std::vector<std::string>& categories,
                                              std::optional<double> temperature, bool reopening,
                                              TimePoint now, const config::Config& cfg,
                                              const compose::Templates& t) {
    std::vector<std::string> added;
    for (const auto& c : categories) {
        if (std::find(l.row.categories.begin(), l.row.categories.end(), c) ==
            l.row.categories.end())
            added.push_back(c);
    }
    Rating rating = rate(cfg, categories, temperature, l.row.green);
    bool raised = severity_rank(rating.severity) > severity_rank(l.row.severity);
    if (!reopening && added.empty() && !raised)
        return added;  // the same anomaly again: nothing new to tell

    const char* sep = t.locale() == "en" ? ", " : "、";
    std::string names;
    for (const auto& c : added) {
        names += (names.empty() ? "" : ",") + c;
        l.added += (l.added.empty() ? "" : sep) + daily::category_label(c, t.locale());
    }
    if (fever_reading(categories, temperature)) {
        json facts = json::parse(l.row.machine, nullptr, false);
        if (facts.is_object()) {
            facts["temperature"] = *temperature;
            l.row.machine = facts.dump();
        }
    }
    if (reopening) {
        if (!reopen(l.inc, now)) return {};
        ++l.round;
        l.update = "reopened";
    }
    if (!added.empty() || raised) {
        auto policy =
            raised ? std::optional<Policy>(policy_for(cfg, rating.severity)) : std::nullopt;
        if (!join(l.inc, now, names, std::move(policy), *ctx_.calendar)) return {};
        if (raised && !reopening) ++l.round;  // the chain restarts: its step keys are new
        if (raised) {
            l.row.severity = rating.severity;
            l.row.category = rating.category;
        }
        l.row.categories = sorted_union(l.row.categories, categories);
        if (l.update.empty()) l.update = raised ? "raised" : "joined";
    }
    std::string key = "incident:" + std::to_string(l.inc.id);
    if (l.update == "joined") {
        key += ":join:" + std::to_string(l.joins++);
    } else {
        key += ":r" + std::to_string(l.round) + (reopening ? ":reopen" : ":raise");
    }
    std::vector<std::future<int>> queued;
    std::vector<std::future<void>> written;
    fire(l, now, cfg, t, queued, written, &key);
    settle(queued, written);
    spdlog::info("event=incident_joined incident={} update={} severity={}", l.inc.id, l.update,
                 l.row.severity);
    return added;
}

void Service::on_unattributed(const UnattributedReport& r) {
    std::lock_guard lock(mu_);
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    TimePoint now = r.at;
    auto active = incidents_.active_unattributed(r.reporter.key);
    if (!active.empty()) {
        // The same sender again: one incident, which gains what this report adds.
        Loaded l = load(active.back());
        join_report(l, r.categories, r.temperature, false, now, *cfg, *templates);
        return;
    }
    Rating rating = rate(*cfg, r.categories, r.temperature, false);
    Loaded l;
    l.inc = open(0, rating.category, policy_for(*cfg, rating.severity), now);
    l.row.node = r.grid_code;
    l.row.category = rating.category;
    l.row.categories = r.categories;
    l.row.severity = rating.severity;
    l.row.reporter = r.reporter;
    json facts = json::object();
    if (fever_reading(r.categories, r.temperature)) facts["temperature"] = *r.temperature;
    l.row.machine = facts.dump();
    open_incident(*cfg, l, now);
}

void Service::attribute(const std::string& reporter, const store::HouseholdRef& household,
                        TimePoint now) {
    std::lock_guard lock(mu_);
    auto rows = incidents_.active_unattributed(reporter);
    if (rows.empty()) return;
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    for (const auto& row : rows) {
        Loaded l = load(row);
        l.row.household_id = household.id;
        annotate(l.inc, now, "attribute", "household", "chat", household.address);
        // The level reached learns whose it is: the post again, with the household's room and
        // contact.
        l.update = "attributed";
        std::string key = "incident:" + std::to_string(l.inc.id) + ":attributed";
        std::vector<std::future<int>> queued;
        std::vector<std::future<void>> written;
        fire(l, now, *cfg, *templates, queued, written, &key);
        settle(queued, written);
        spdlog::info("event=incident_attributed incident={} household={}", l.inc.id, household.id);
    }
}

void Service::open_incident(const config::Config& cfg, Loaded& l, TimePoint now) {
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    store::IncidentRow row = to_row(l, now);
    l.row = row;
    l.row.id = l.inc.id = incidents_.create(row, std::move(timeline), {}).get();
    spdlog::info(
        "event=incident_opened incident={} household={} categories={} severity={} green={}",
        l.inc.id, l.row.household_id.value_or(0), l.row.categories.size(), l.row.severity,
        l.row.green);

    auto templates = ctx_.templates();
    std::vector<std::future<int>> queued;
    std::vector<std::future<void>> written;
    fire(l, now, cfg, *templates, queued, written);
    settle(queued, written);
    for (const auto& c : l.row.categories) check_clusters(cfg, l.row.node, c, now);
}

void Service::check_clusters(const config::Config& cfg, const std::string& grid,
                             const std::string& category, TimePoint now) {
    const auto& symptoms = cfg.incidents.cluster_categories;
    if (std::find(symptoms.begin(), symptoms.end(), category) == symptoms.end()) return;
    if (cfg.incidents.cluster_grid > 0)
        check_cluster(cfg, grid, category, cfg.incidents.cluster_grid, now);
    if (cfg.incidents.cluster_community > 0) {
        check_cluster(cfg, parent(grid), category, cfg.incidents.cluster_community, now);
    }
}

void Service::check_cluster(const config::Config& cfg, const std::string& node,
                            const std::string& category, int threshold, TimePoint now) {
    auto members =
        incidents_.opened_since(node, category, unix_seconds(now - cfg.incidents.cluster_window));
    if (static_cast<int>(members.size()) < threshold) return;
    if (auto open_cluster = incidents_.active_cluster(node, category)) {
        for (int64_t m : members) incidents_.add_member(open_cluster->id, m).get();
        return;
    }
    // Straight to the community and the street at once; then the urgent chain's district step.
    Policy p = policy_for(cfg, "urgent");
    std::vector<Step> steps = {{Level::Community, std::chrono::seconds(0), false},
                               {Level::Street, std::chrono::seconds(0), false}};
    for (const auto& s : p.steps) {
        if (s.level == Level::District) steps.push_back(s);
    }
    p.steps = steps;
    p.severity = "cluster";
    Loaded l;
    l.inc = open(0, category, p, now);
    l.row.categories = {category};
    l.inc.timeline.front().actor = "system";
    l.inc.timeline.front().via = "cluster";
    l.inc.timeline.front().remark = std::to_string(members.size()) + " households";
    l.row.node = node;
    l.row.category = category;
    l.row.severity = "cluster";
    l.row.cluster = true;
    l.row.machine = "{}";
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    store::IncidentRow row = to_row(l, now);
    l.row = row;
    l.row.id = l.inc.id = incidents_.create(row, std::move(timeline), members).get();
    spdlog::info("event=incident_cluster_opened incident={} node={} category={} households={}",
                 l.inc.id, node, category, members.size());
    auto templates = ctx_.templates();
    std::vector<std::future<int>> queued;
    std::vector<std::future<void>> written;
    fire(l, now, cfg, *templates, queued, written);
    settle(queued, written);
}

}  // namespace gridbot::incidents
