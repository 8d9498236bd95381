#pragma once
// Internal to bot/store: row writers that more than one module's writer jobs
// use, so a message and what it caused can commit in one savepoint (the hook
// route's zero reports: the inbound row and the report together).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/messages.h"
#include "bot/store/db.h"
#include "bot/store/reports.h"

namespace gridbot::store::detail {

// Inserts a verified inbound message; `processed_at` (unix seconds) set means
// the conversation has nothing left to do with it. Returns its id, or nullopt
// for a repeat of a recorded message.
std::optional<int64_t> insert_inbound(Db& db, const InboundMessage& m, int64_t now,
                                      std::optional<int64_t> processed_at);
// The same without the check for a repeat, made already (ArrivalLookup); the
// row is sent (Stmt::send), not waited for.
void send_inbound(Db& db, const InboundMessage& m, int64_t now,
                  std::optional<int64_t> processed_at);

// The active household a chat member is bound to (the conversation asks on a
// reader; the hook route's writer job asks inside its own transaction).
std::optional<HouseholdRef> member_household(Db& db, const std::string& channel,
                                             const std::string& user_id);

// A household's status for a day before a report (Missing when it has none).
struct DayBefore {
    DayStatus status = DayStatus::Missing;
    std::vector<std::string> categories;
    std::optional<double> temperature;
};

// Stores the report and applies it to the household's day status (the rules
// of Reports::record, without its check for a message handled twice). Both
// rows are sent (Stmt::send): the job's next statement carries them.
StatusChange insert_report(Db& db, const ReportRecord& r);
// The same with the status before already read; `inbound_sent`: the report's
// message is the inbound row sent just before (send_inbound), its id the one
// that INSERT took.
StatusChange apply_report(Db& db, const ReportRecord& r, const DayBefore& before,
                          bool inbound_sent = false);

// What the hook route needs to know about an arrival, in one statement (one
// round trip on PostgreSQL): whether the message was recorded already, the
// sender's active household and that household's status on `day`.
struct ArrivalLookup {
    bool repeat = false;
    std::optional<HouseholdRef> household;
    DayBefore before;
};
ArrivalLookup look_up_arrival(Db& db, const InboundMessage& m, const std::string& day);

}  // namespace gridbot::store::detail
