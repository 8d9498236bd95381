#pragma once
// Internal to bot/store: queueing outbox rows inside another module's writer
// job, so a workflow's own rows and its messages commit in one transaction
// (a notice and its 6,747 deliveries: all or nothing); reading them back.
#include <cstdint>
#include <vector>

#include "bot/store/db.h"
#include "bot/store/messages.h"

namespace gridbot::store::detail {

// Inserts the rows; a key already present is ignored. The rows are sent
// (Stmt::send): a notice's thousands travel in a few round trips.
void enqueue_in(Db& db, const std::vector<OutboxItem>& items, int64_t now_ms);

// The columns read_outbox() reads, in its order; OUTBOX_COLUMNS_OF("o.") of a
// table named o.
#define OUTBOX_COLUMNS_OF(t)                                                                \
    t "id, " t "idempotency_key, " t "channel, " t "group_id, " t "text, " t "markdown, " t \
      "mentions, " t "mention_phones, " t "mention_all, " t "state, " t "attempts, " t      \
      "next_attempt_at, " t "created_at, " t "last_error"
#define OUTBOX_COLUMNS OUTBOX_COLUMNS_OF("")
OutboxItem read_outbox(Stmt& q);

}  // namespace gridbot::store::detail
