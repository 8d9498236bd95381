#pragma once
// Internal to bot/store: queueing outbox rows inside another module's writer
// job, so a workflow's own rows and its messages commit in one transaction
// (a notice and its 6,747 deliveries: all or nothing).
#include <cstdint>
#include <vector>

#include "bot/store/db.h"
#include "bot/store/messages.h"

namespace gridbot::store::detail {

// Inserts the rows; a key already present is ignored. The rows are sent
// (Stmt::send): a notice's thousands travel in a few round trips.
void enqueue_in(Db& db, const std::vector<OutboxItem>& items, int64_t now_ms);

}  // namespace gridbot::store::detail
