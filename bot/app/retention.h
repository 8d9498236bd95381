#pragma once
// Retention (issue 4 of 14, docs/privacy.md): the horizons of [privacy] turned
// into purge cutoffs, a whole purge run in short batches, and the daily purge
// on the daemon's clock at [privacy] purge_at.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/core/local_time.h"
#include "bot/core/ticker.h"
#include "bot/store/purge.h"

namespace gridbot::app {

// What is older than `privacy`'s horizons at `now`.
store::PurgeCutoffs purge_cutoffs(const config::Privacy& privacy, const LocalTime& zone,
                                  TimePoint now);

struct PurgeRun {
    std::map<std::string, int64_t> rows;  // purge_kind_name -> rows purged
    bool complete = false;                // false: stopped between batches
    int64_t batches = 0;
    double longest_batch_ms = 0;  // the longest the writer was held by one batch
    int64_t total() const;
};

// Every kind in kPurgeOrder, batch after batch until none is left, then an
// incremental vacuum. `stop` is read between batches.
PurgeRun run_purge(store::Purge& purge, const store::PurgeCutoffs& cutoffs, int batch,
                   const std::atomic<bool>& stop);

// The daily purge: once per local day, at or after purge_at. A day's run that
// was stopped (or killed) runs again on the next tick, and every batch it
// repeats finds nothing to do twice.
class Retention {
  public:
    Retention(store::Store& store, Clock& clock,
              std::function<std::shared_ptr<const config::Config>()> config, LocalTime zone,
              std::function<bool()> leading = {});
    ~Retention();
    void start();
    void stop();
    void tick(TimePoint now);

  private:
    store::Purge purge_;
    std::function<std::shared_ptr<const config::Config>()> config_;
    LocalTime zone_;
    std::string done_day_;  // the last day whose purge completed
    bool first_tick_ = true;
    std::atomic<bool> stopping_{false};
    Ticker ticker_;
};

}  // namespace gridbot::app
