#include "bot/store/outbox_leases.h"

#include "bot/store/outbox_rows.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::read_outbox;

namespace {

// The rows of the targets one claim of this owner took (its term), found from
// the leases: a few hundred index lookups, not a scan of every row to send.
#define CLAIMED_ROWS                                                                            \
    " FROM outbox_leases l JOIN outbox o ON o.channel = l.channel AND o.group_id = l.group_id " \
    "WHERE l.owner = ? AND l.term = ? "

}  // namespace

OutboxLeases::OutboxLeases(Store& store, std::string owner, int64_t lease_ms)
    : store_(store), owner_(std::move(owner)), lease_ms_(lease_ms) {}

bool OutboxLeases::any_free() {
    return store_.readers().with([](Db& db) {
        auto& q = db.prepare(
            "SELECT 1 FROM outbox o WHERE o.state < 2 AND NOT EXISTS (SELECT 1 FROM outbox_leases "
            "l WHERE l.channel = o.channel AND l.group_id = o.group_id AND l.until_ms >= now_ms()) "
            "LIMIT 1");
        bool found = q.step();
        q.reset();
        return found;
    });
}

OutboxLeases::Claim OutboxLeases::claim(int max_targets, int64_t now_ms, int64_t since_ms) {
    const int64_t term = ++term_;
    return store_.writer()
        .submit([this, term, max_targets, now_ms, since_ms](Db& db) {
            Claim c;
            // A target that never had a lease gets a free one to take.
            db.prepare(
                  "INSERT INTO outbox_leases(channel, group_id, owner, until_ms, term) SELECT "
                  "DISTINCT o.channel, o.group_id, '', 0, 0 FROM outbox o WHERE o.state < 2 AND "
                  "NOT EXISTS (SELECT 1 FROM outbox_leases l WHERE l.channel = o.channel AND "
                  "l.group_id = o.group_id) ON CONFLICT (channel, group_id) DO NOTHING")
                .exec();
            c.targets = db.prepare(
                              "UPDATE outbox_leases SET owner = ?1, until_ms = now_ms() + ?2, "
                              "term = ?3 WHERE (channel, group_id) IN (SELECT l.channel, "
                              "l.group_id FROM outbox_leases l WHERE l.until_ms < now_ms() AND "
                              "(l.channel, l.group_id) IN (SELECT channel, group_id FROM outbox "
                              "WHERE state < 2) LIMIT ?4 /*postgresql: FOR UPDATE OF l SKIP "
                              "LOCKED*/)")
                            .bind(1, owner_)
                            .bind(2, lease_ms_)
                            .bind(3, term)
                            .bind(4, max_targets)
                            .exec();
            if (c.targets == 0) return c;
            // The last holder's rows in flight: it died or lost the database.
            c.resumed = db.prepare(
                              "UPDATE outbox SET state = 0, next_attempt_at = ?, updated_at = ? "
                              "WHERE id IN (SELECT o.id" CLAIMED_ROWS "AND o.state = 1)")
                            .bind(1, now_ms)
                            .bind(2, now_ms)
                            .bind(3, owner_)
                            .bind(4, term)
                            .exec();
            auto& rows = db.prepare("SELECT " OUTBOX_COLUMNS_OF("o.") CLAIMED_ROWS
                                    "AND o.state = 0 ORDER BY o.id");
            rows.bind(1, owner_).bind(2, term);
            while (rows.step()) c.rows.push_back(read_outbox(rows));
            auto& sent = db.prepare("SELECT o.channel, o.group_id, o.updated_at" CLAIMED_ROWS
                                    "AND o.attempts > 0 AND o.updated_at >= ? ORDER BY "
                                    "o.updated_at");
            sent.bind(1, owner_).bind(2, term).bind(3, since_ms);
            while (sent.step()) c.sent.push_back({sent.text(0), sent.text(1), sent.i64(2)});
            return c;
        })
        .get();
}

std::vector<OutboxItem> OutboxLeases::queued_after(int64_t after_id, size_t limit) {
    return store_.readers().with([&](Db& db) {
        std::vector<OutboxItem> out;
        auto& q = db.prepare("SELECT " OUTBOX_COLUMNS
                             " FROM outbox WHERE state = 0 AND id > ? AND (channel, group_id) IN "
                             "(SELECT channel, group_id FROM outbox_leases WHERE owner = ? AND "
                             "until_ms >= now_ms()) ORDER BY id LIMIT ?");
        q.bind(1, after_id).bind(2, owner_).bind(3, static_cast<int64_t>(limit));
        while (q.step()) out.push_back(read_outbox(q));
        return out;
    });
}

int OutboxLeases::renew() {
    return store_.writer()
        .submit([this](Db& db) {
            auto& lost = db.prepare(
                "SELECT COUNT(*) FROM outbox_leases WHERE owner = ? AND until_ms > 0 AND until_ms "
                "< now_ms()");
            lost.bind(1, owner_);
            lost.step();
            int n = lost.i32(0);
            lost.reset();
            db.prepare(
                  "UPDATE outbox_leases SET until_ms = now_ms() + ? WHERE owner = ? AND until_ms "
                  ">= now_ms()")
                .bind(1, lease_ms_)
                .bind(2, owner_)
                .exec();
            return n;
        })
        .get();
}

std::future<void> OutboxLeases::release(std::vector<std::pair<std::string, std::string>> targets) {
    return store_.writer().submit([this, targets = std::move(targets)](Db& db) {
        for (const auto& [channel, group] : targets) {
            db.prepare(
                  "UPDATE outbox_leases SET until_ms = 0 WHERE owner = ?1 AND channel = ?2 AND "
                  "group_id = ?3 AND NOT EXISTS (SELECT 1 FROM outbox WHERE state < 2 AND channel "
                  "= ?2 AND group_id = ?3)")
                .bind(1, owner_)
                .bind(2, channel)
                .bind(3, group)
                .send();
        }
    });
}

void OutboxLeases::release_all() {
    store_.writer()
        .submit([this](Db& db) {
            db.prepare("UPDATE outbox_leases SET until_ms = 0 WHERE owner = ?")
                .bind(1, owner_)
                .exec();
        })
        .get();
}

}  // namespace gridbot::store
