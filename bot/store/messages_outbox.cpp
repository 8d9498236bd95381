// The outbox: rows queued, claimed for sending and finished by the
// dispatcher, counted for /metrics and read back by key.
#include <nlohmann/json.hpp>

#include "bot/store/json_columns.h"
#include "bot/store/messages.h"
#include "bot/store/outbox_rows.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::json_list;
using detail::parse_list;
using detail::read_outbox;
using nlohmann::json;

std::string_view outbox_state_name(OutboxState s) {
    switch (s) {
        case OutboxState::Queued:
            return "queued";
        case OutboxState::Sending:
            return "sending";
        case OutboxState::Delivered:
            return "delivered";
        case OutboxState::Failed:
            return "failed";
    }
    return "?";
}

namespace {

// `inserted` counts the new rows; without it the row is sent (Stmt::send).
void insert_outbox(Db& db, const OutboxItem& item, int64_t now_ms, int* inserted) {
    int64_t key_hash = hash64("outbox", item.key);
    auto& q = db.prepare(
        "INSERT INTO outbox(key_hash, idempotency_key, channel, group_id, text, markdown, "
        "mentions, "
        "mention_phones, mention_all, state, attempts, next_attempt_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?) ON CONFLICT(key_hash) DO NOTHING");
    q.bind(1, key_hash)
        .bind(2, item.key)
        .bind(3, item.channel)
        .bind(4, item.msg.group)
        .bind(5, item.msg.text)
        .bind(6, item.msg.markdown ? 1 : 0)
        .bind(7, json_list(item.msg.mentions))
        .bind(8, json_list(item.msg.mention_phones))
        .bind(9, item.msg.mention_all ? 1 : 0)
        .bind(10, item.next_attempt_at ? item.next_attempt_at : now_ms)
        .bind(11, now_ms)
        .bind(12, now_ms);
    if (inserted) {
        *inserted += q.exec();
    } else {
        q.send();
    }
}

}  // namespace

std::future<int> Messages::enqueue(std::vector<OutboxItem> items, int64_t now_ms) {
    return store_.writer().submit([items = std::move(items), now_ms](Db& db) {
        int inserted = 0;
        for (const auto& it : items) insert_outbox(db, it, now_ms, &inserted);
        return inserted;
    });
}

std::vector<OutboxItem> Messages::queued_after(int64_t after_id, size_t limit) {
    return store_.readers().with([&](Db& db) {
        std::vector<OutboxItem> out;
        auto& q = db.prepare("SELECT " OUTBOX_COLUMNS
                             " FROM outbox WHERE state = 0 AND id > ? ORDER BY id LIMIT ?");
        q.bind(1, after_id).bind(2, static_cast<int64_t>(limit));
        while (q.step()) out.push_back(read_outbox(q));
        return out;
    });
}

namespace {

// The dispatcher's state changes are sent (Stmt::send): on PostgreSQL a round
// of them travels in one round trip with the job's RELEASE.
void write_sending(Db& db, const std::vector<int64_t>& ids, int64_t now_ms) {
    for (int64_t id : ids) {
        db.prepare(
              "UPDATE outbox SET state = 1, attempts = attempts + 1, updated_at = ? WHERE id = ?")
            .bind(1, now_ms)
            .bind(2, id)
            .send();
    }
}

void write_completions(Db& db, const std::vector<Completion>& done, int64_t now_ms) {
    for (const auto& c : done) {
        if (c.sandbox_time) {
            // The transcript line and the delivered mark commit together: exactly once.
            db.prepare(
                  "INSERT INTO sandbox_messages(channel, group_id, sender, name, text, time, "
                  "from_bot, outbox_id) SELECT channel, group_id, 'gridbot', '网格助手', text, ?, "
                  "1, "
                  "id FROM outbox WHERE id = ? ON CONFLICT(outbox_id) DO NOTHING")
                .bind(1, *c.sandbox_time)
                .bind(2, c.id)
                .send();
        }
        db.prepare(
              "UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?, "
              "delivered_at = CASE WHEN ? = 2 THEN ? ELSE delivered_at END WHERE id = ?")
            .bind(1, static_cast<int>(c.state))
            .bind(2, c.next_attempt_at)
            .bind(3, c.error)
            .bind(4, now_ms)
            .bind(5, static_cast<int>(c.state))
            .bind(6, now_ms)
            .bind(7, c.id)
            .send();
    }
}

}  // namespace

std::future<void> Messages::mark_sending(std::vector<int64_t> ids, int64_t now_ms) {
    return store_.writer().submit(
        [ids = std::move(ids), now_ms](Db& db) { write_sending(db, ids, now_ms); });
}

std::future<void> Messages::complete(std::vector<Completion> done, int64_t now_ms) {
    return store_.writer().submit(
        [done = std::move(done), now_ms](Db& db) { write_completions(db, done, now_ms); });
}

std::future<void> Messages::record_dispatch(std::vector<Completion> done,
                                            std::vector<int64_t> sending, int64_t now_ms) {
    return store_.writer().submit(
        [done = std::move(done), sending = std::move(sending), now_ms](Db& db) {
            write_completions(db, done, now_ms);
            write_sending(db, sending, now_ms);
        });
}

int Messages::resume_in_flight(int64_t now_ms) {
    return store_.writer()
        .submit([now_ms](Db& db) {
            return db
                .prepare(
                    "UPDATE outbox SET state = 0, next_attempt_at = ?, updated_at = ? WHERE state "
                    "= 1")
                .bind(1, now_ms)
                .bind(2, now_ms)
                .exec();
        })
        .get();
}

OutboxCounts Messages::outbox_counts() {
    return store_.readers().with([](Db& db) {
        OutboxCounts c;
        auto& q = db.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
        while (q.step()) {
            int64_t n = q.i64(1);
            switch (q.i32(0)) {
                case 0:
                    c.queued = n;
                    break;
                case 1:
                    c.sending = n;
                    break;
                case 2:
                    c.delivered = n;
                    break;
                default:
                    c.failed = n;
                    break;
            }
        }
        return c;
    });
}

std::optional<OutboxItem> Messages::outbox_item(const std::string& key) {
    return store_.readers().with([&](Db& db) -> std::optional<OutboxItem> {
        auto& q = db.prepare("SELECT " OUTBOX_COLUMNS " FROM outbox WHERE key_hash = ?");
        q.bind(1, hash64("outbox", key));
        if (!q.step()) return std::nullopt;
        return read_outbox(q);
    });
}

}  // namespace gridbot::store

namespace gridbot::store::detail {

OutboxItem read_outbox(detail::Stmt& q) {
    OutboxItem it;
    it.id = q.i64(0);
    it.key = q.text(1);
    it.channel = q.text(2);
    it.msg.group = q.text(3);
    it.msg.text = q.text(4);
    it.msg.markdown = q.i32(5) != 0;
    it.msg.mentions = parse_list(q.text(6));
    it.msg.mention_phones = parse_list(q.text(7));
    it.msg.mention_all = q.i32(8) != 0;
    it.msg.idempotency_key = it.key;
    it.state = static_cast<OutboxState>(q.i32(9));
    it.attempts = q.i32(10);
    it.next_attempt_at = q.i64(11);
    it.created_at = q.i64(12);
    it.last_error = q.text(13);
    return it;
}

void enqueue_in(Db& db, const std::vector<OutboxItem>& items, int64_t now_ms) {
    for (const auto& it : items) insert_outbox(db, it, now_ms, nullptr);
}

}  // namespace gridbot::store::detail
