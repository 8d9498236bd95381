#include "bot/app/retention.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace gridbot::app {

store::PurgeCutoffs purge_cutoffs(const config::Privacy& p, const LocalTime& zone, TimePoint now) {
    auto before = [&](const std::optional<std::chrono::seconds>& kind) {
        return unix_seconds(now - kind.value_or(p.keep));
    };
    store::PurgeCutoffs c;
    c.reports_day = zone.day(now - p.keep_reports.value_or(p.keep));
    c.inbound = before(p.keep_inbound);
    c.outbox = before(p.keep_outbox);
    c.incidents = before(p.keep_incidents);
    c.transcripts = before(p.keep_transcripts);
    c.audit = unix_seconds(now - p.audit_keep);
    return c;
}

int64_t PurgeRun::total() const {
    int64_t n = 0;
    for (const auto& [kind, count] : rows) n += count;
    return n;
}

PurgeRun run_purge(store::Purge& purge, const store::PurgeCutoffs& cutoffs, int batch,
                   const std::atomic<bool>& stop) {
    PurgeRun run;
    for (auto kind : store::kPurgeOrder) {
        int64_t& done = run.rows[std::string(store::purge_kind_name(kind))];
        for (int64_t n = 1; n > 0;) {
            if (stop.load()) return run;
            auto t0 = std::chrono::steady_clock::now();
            n = purge.batch(kind, cutoffs, batch);
            std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - t0;
            run.longest_batch_ms = std::max(run.longest_batch_ms, took.count());
            ++run.batches;
            done += n;
        }
    }
    // Free pages go back a thousand at a time: each step is one short transaction.
    while (!stop.load() && purge.incremental_vacuum() > 0) {
    }
    run.complete = !stop.load();
    return run;
}

Retention::Retention(store::Store& store, Clock& clock,
                     std::function<std::shared_ptr<const config::Config>()> config, LocalTime zone,
                     std::function<bool()> leading)
    : purge_(store),
      config_(std::move(config)),
      zone_(zone),
      ticker_(
          "retention", clock, [this](TimePoint now) { tick(now); }, std::move(leading),
          std::chrono::milliseconds(500)) {}

Retention::~Retention() { stop(); }

void Retention::start() {
    done_day_ = purge_.last_day();
    ticker_.start();
}

void Retention::stop() {
    stopping_ = true;
    ticker_.stop();
}

void Retention::tick(TimePoint now) {
    // The Ticker's first tick runs on the thread that starts the daemon; a
    // purge there would hold up the start, so it waits for the ticker's thread.
    if (std::exchange(first_tick_, false)) return;
    auto cfg = config_();
    std::string today = zone_.day(now);
    if (today <= done_day_ || zone_.minute_of_day(now) < cfg->privacy.purge_at) return;
    auto cutoffs = purge_cutoffs(cfg->privacy, zone_, now);
    spdlog::info("event=purge_started day={} reports_before={}", today, cutoffs.reports_day);
    auto run = run_purge(purge_, cutoffs, cfg->privacy.purge_batch, stopping_);
    if (!run.complete) return;
    purge_.set_last_day(today);
    done_day_ = today;
    std::string counts;
    for (const auto& [kind, rows] : run.rows) counts += " " + kind + "=" + std::to_string(rows);
    spdlog::info("event=purge_done day={}{} batches={} longest_batch_ms={:.1f}", today, counts,
                 run.batches, run.longest_batch_ms);
}

}  // namespace gridbot::app
