#pragma once
// Internal to bot/store: row writers that more than one module's writer jobs
// use, so a message and what it caused can commit in one savepoint (the hook
// route's zero reports: the inbound row and the report together).
#include <cstdint>
#include <optional>

#include "bot/core/messages.h"
#include "bot/store/db.h"
#include "bot/store/reports.h"

namespace gridbot::store::detail {

// Inserts a verified inbound message; `processed_at` (unix seconds) set means
// the conversation has nothing left to do with it. Returns its id, or nullopt
// for a repeat of a recorded message.
std::optional<int64_t> insert_inbound(Db& db, const InboundMessage& m, int64_t now,
                                      std::optional<int64_t> processed_at);

// The active household a chat member is bound to (the conversation asks on a
// reader; the hook route's writer job asks inside its own transaction).
std::optional<HouseholdRef> member_household(Db& db, const std::string& channel,
                                             const std::string& user_id);

// Stores the report and applies it to the household's day status (the rules
// of Reports::record, without its check for a message handled twice).
StatusChange insert_report(Db& db, const ReportRecord& r);

}  // namespace gridbot::store::detail
