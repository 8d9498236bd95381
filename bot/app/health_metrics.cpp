// The gauges an operator alerts on (docs/monitoring.md,
// config/prometheus/gridbot-rules.yml), read when /metrics is scraped.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "bot/app/daemon.h"
#include "bot/core/hierarchy.h"

namespace gridbot::app {

namespace {

using Sample = Metrics::Sample;

// How long an unresolved incident may stay before it counts as overdue: the
// time allowed to resolve it for its severity (incidents.resolve_within),
// else the incident's own default of a day.
std::chrono::seconds allowed(const config::Config& cfg, const std::string& severity) {
    auto it = cfg.incidents.resolve_within.find(severity);
    return it != cfg.incidents.resolve_within.end() ? it->second : std::chrono::seconds(86400);
}

}  // namespace

void Daemon::add_health_metrics() {
    health_ = std::make_unique<store::Health>(*store_);
    add_outbox_metrics();
    add_incident_metrics();
    add_day_metrics();
    add_store_metrics();
}

void Daemon::add_outbox_metrics() {
    metrics_.collect(
        "gridbot_outbox_backlog", "messages queued or sending in the outbox, by channel", "gauge",
        [this] {
            auto backlog = health_->outbox_backlog();
            std::vector<Sample> out;
            for (const auto& ch : cfg_.load()->channels) {
                auto it = backlog.find(ch.name);
                out.push_back({{{"channel", ch.name}},
                               it == backlog.end() ? 0.0 : static_cast<double>(it->second.queued)});
            }
            return out;
        });
    metrics_.collect(
        "gridbot_outbox_oldest_queued_age_seconds",
        "age of the oldest message still queued or sending, by channel (0: none)", "gauge", [this] {
            auto backlog = health_->outbox_backlog();
            const int64_t now_ms = unix_millis(clock_->now());
            std::vector<Sample> out;
            for (const auto& ch : cfg_.load()->channels) {
                auto it = backlog.find(ch.name);
                double age = 0;
                if (it != backlog.end() && it->second.queued > 0) {
                    age = static_cast<double>(now_ms - it->second.oldest_created) / 1000.0;
                }
                out.push_back({{{"channel", ch.name}}, age < 0 ? 0 : age});
            }
            return out;
        });
    metrics_.collect(
        "gridbot_groups_failing", "groups whose most recent delivery failed, by channel", "gauge",
        [this] {
            auto failing = health_->failing_groups();
            std::vector<Sample> out;
            for (const auto& ch : cfg_.load()->channels) {
                auto it = failing.find(ch.name);
                out.push_back({{{"channel", ch.name}},
                               it == failing.end() ? 0.0 : static_cast<double>(it->second)});
            }
            return out;
        });
}

void Daemon::add_incident_metrics() {
    metrics_.collect("gridbot_incidents_unresolved",
                     "incidents open or acknowledged, by severity and state", "gauge", [this] {
                         std::map<std::pair<std::string, std::string>, double> n;
                         for (const auto& severity : {"normal", "urgent"}) {
                             n[{severity, "open"}] = 0;
                             n[{severity, "acknowledged"}] = 0;
                         }
                         for (const auto& i : health_->unresolved_incidents()) {
                             n[{i.severity, i.acknowledged ? "acknowledged" : "open"}] += 1;
                         }
                         std::vector<Sample> out;
                         for (const auto& [key, v] : n) {
                             out.push_back({{{"severity", key.first}, {"state", key.second}}, v});
                         }
                         return out;
                     });
    metrics_.collect(
        "gridbot_incidents_overdue",
        "unresolved incidents older than the time allowed to resolve them, by severity", "gauge",
        [this] {
            auto cfg = cfg_.load();
            const int64_t now = unix_seconds(clock_->now());
            std::map<std::string, double> n{{"normal", 0}, {"urgent", 0}};
            for (const auto& i : health_->unresolved_incidents()) {
                n[i.severity] += now - i.opened_at > allowed(*cfg, i.severity).count() ? 1 : 0;
            }
            std::vector<Sample> out;
            for (const auto& [severity, v] : n) out.push_back({{{"severity", severity}}, v});
            return out;
        });
}

void Daemon::add_day_metrics() {
    metrics_.gauge("gridbot_scheduler_lag_seconds",
                   "how far the scheduler's progress is behind the daemon's clock", {}, [this] {
                       auto done = reports_->scheduler_done_through();
                       if (!done) return 0.0;
                       double lag = static_cast<double>(unix_seconds(clock_->now()) - *done);
                       return lag < 0 ? 0.0 : lag;
                   });
    metrics_.collect(
        "gridbot_completion_ratio",
        "today's share of active households that reported, for the district and each street",
        "gauge", [this] {
            auto cfg = cfg_.load();
            const std::string day = days_->day_of(clock_->now());
            auto grids = days_->grids_within(cfg->district_code, day);
            std::map<std::string, daily::Counts> totals;  // district and streets
            std::vector<std::string> streets;
            for (const auto& n : store_->nodes()) {
                if (n.level == 1) streets.push_back(n.code);
            }
            for (const auto& [grid, counts] : grids) {
                totals[cfg->district_code].add(counts);
                for (const auto& street : streets) {
                    if (within(grid, street)) totals[street].add(counts);
                }
            }
            std::vector<Sample> out;
            for (const auto& [node, c] : totals) {
                if (c.households == 0) continue;
                out.push_back(
                    {{{"node", node}},
                     static_cast<double>(c.reported()) / static_cast<double>(c.households)});
            }
            return out;
        });
}

void Daemon::add_store_metrics() {
    // The writer's group commit: how many jobs share one transaction, and
    // how long one takes. Batches of one under load mean every job pays
    // the transaction's own round trips (docs/scaling.md).
    store_->observe_batches(
        &metrics_.histogram("gridbot_store_batch_jobs", "jobs committed in one writer transaction",
                            {}, {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000}),
        &metrics_.histogram("gridbot_store_batch_seconds",
                            "time of one writer transaction, BEGIN to COMMIT"));
    metrics_.gauge("gridbot_database_size_bytes", "the database file and its -wal, in bytes", {},
                   [this] { return static_cast<double>(health_->database_bytes()); });
}

}  // namespace gridbot::app
