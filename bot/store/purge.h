#pragma once
// The retention purge (issue 14, docs/privacy.md): removes or blanks personal
// data older than its horizon, one kind at a time, in short writer
// transactions of at most `limit` rows so the morning's reports are never held
// up behind it.
//
// Guarantees:
// - Crash-safe and idempotent: every batch is one transaction; a kill -9
//   loses at most the batch in progress, which the next run does again.
// - Counts stay: a day status is removed only in the transaction that adds it
//   to day_counts, so a day's rollup (day_counts + day_status) never changes.
// - Order: day statuses before the reports they point at (the foreign key),
//   so reports are purged after DayStatus has run to completion.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "bot/store/store.h"

namespace gridbot::store {

enum class PurgeKind { DayStatus, Reports, Inbound, Outbox, Calls, Incidents, Transcripts, Audit };
inline constexpr PurgeKind kPurgeOrder[] = {
    PurgeKind::DayStatus, PurgeKind::Reports,   PurgeKind::Inbound,     PurgeKind::Outbox,
    PurgeKind::Calls,     PurgeKind::Incidents, PurgeKind::Transcripts, PurgeKind::Audit};
std::string_view purge_kind_name(PurgeKind);

// What is older than these is purged: unix seconds, except reports' local day.
struct PurgeCutoffs {
    std::string reports_day;  // day statuses and reports of days before this one
    int64_t inbound = 0;      // received messages (processed ones)
    int64_t outbox = 0;       // bodies of delivered or failed messages; notices' call lists
    int64_t incidents = 0;    // resolved incidents, by their last change
    int64_t transcripts = 0;  // the sandbox page's lines
    int64_t audit = 0;
};

class Purge {
  public:
    explicit Purge(Store& store) : store_(store) {}

    // One transaction: at most `limit` rows of `kind` older than its cutoff
    // deleted or blanked. Returns how many; 0 when none is left.
    int64_t batch(PurgeKind kind, const PurgeCutoffs& cutoffs, int limit);
    // Gives at most 1000 free pages back to the file system (incremental
    // auto-vacuum) and returns how many it gave; a database created before
    // migration 9 gives none until a full_vacuum().
    int64_t incremental_vacuum();
    // A full VACUUM that also switches an older database to incremental auto-vacuum.
    void full_vacuum();
    // The last local day a daily purge completed ("" before the first).
    std::string last_day();
    void set_last_day(const std::string& day);

  private:
    Store& store_;
};

namespace detail {
class Db;
// Day statuses of one grid and day, counted without the households.
struct AnonymousCounts {
    int64_t zero = 0, anomaly = 0;
    std::map<std::string, int64_t> categories;
    // One status (1 zero, 2 anomaly) with its categories (a JSON array).
    void add(int status, const std::string& categories_json);
};
// Adds `counts` to the day_counts row of (`day`, `grid`).
void add_to_day_counts(Db& db, const std::string& day, const std::string& grid,
                       const AnonymousCounts& counts);
}  // namespace detail

}  // namespace gridbot::store
