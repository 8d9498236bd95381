#include "bot/store/notices.h"

#include <limits>

#include "bot/store/outbox_rows.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::Stmt;

namespace {

#define NOTICE_COLUMNS                                                                        \
    "id, number, title, body, issuer, issued_by, target, audience, status, kind, reference, " \
    "expires_at, ack_required, remind_at, reminded, cancelled_by, created_at"

NoticeRecord read_notice(Stmt& q) {
    NoticeRecord n;
    n.id = q.i64(0);
    n.number = q.i64(1);
    n.draft.number = n.number;
    n.draft.title = q.text(2);
    n.draft.body = q.text(3);
    n.draft.issuer = q.text(4);
    n.issued_by = q.text(5);
    n.draft.target = q.text(6);
    n.draft.audience = static_cast<notices::Audience>(q.i32(7));
    n.draft.status = static_cast<notices::Status>(q.i32(8));
    n.draft.kind = static_cast<notices::Kind>(q.i32(9));
    n.draft.reference = q.opt_i64(10);
    n.draft.expires_at = q.is_null(11) ? 0 : q.i64(11);
    n.draft.ack_required = q.i32(12) != 0;
    n.remind_at = q.opt_i64(13);
    n.reminded = q.i32(14) != 0;
    n.cancelled_by = q.opt_i64(15);
    n.created_at = q.i64(16);
    return n;
}

// Active no_chat households (ledger::Tag::NoChat = 1 << 1) of the subtree.
std::vector<NoticeCall> no_chat_households(Db& db, const std::string& target) {
    std::vector<NoticeCall> out;
    auto& q = db.prepare(
        "SELECT h.id, n.code, h.address, h.contact, h.phone FROM households h "
        "JOIN nodes n ON n.id = h.grid_id WHERE h.active = 1 AND (h.tags & 2) != 0 "
        "AND (n.code = ?1 OR substr(n.code, 1, length(?1) + 1) = ?1 || '/') ORDER BY n.code, "
        "h.address");
    q.bind(1, target);
    while (q.step()) {
        NoticeCall c;
        c.household_id = q.i64(0);
        c.grid = q.text(1);
        c.address = q.text(2);
        c.contact = q.text(3);
        c.phone = q.text(4);
        out.push_back(std::move(c));
    }
    return out;
}

bool notice_exists(Db& db, int64_t id) {
    auto& q = db.prepare("SELECT 1 FROM notices WHERE id = ?");
    q.bind(1, id);
    return q.step();
}

// The number of a new notice: the next after the highest when `requested`
// is 0, else `requested` unless another notice has it.
Result<int64_t> notice_number(Db& db, int64_t requested) {
    if (requested == 0) {
        auto& q = db.prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM notices");
        q.step();
        return q.i64(0);
    }
    auto& q = db.prepare("SELECT 1 FROM notices WHERE number = ?");
    q.bind(1, requested);
    if (q.step()) {
        return Error{"notice.duplicate_number",
                     "number: " + notices::number_label(requested) + " is taken"};
    }
    return requested;
}

int64_t insert_notice(Db& db, const NoticeIssue& in, int64_t number, int64_t now) {
    const auto& d = in.draft;
    return db
        .prepare(
            "INSERT INTO notices(number, title, body, issuer, issued_by, target, audience, "
            "status, "
            "kind, reference, expires_at, ack_required, remind_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
        .bind(1, number)
        .bind(2, d.title)
        .bind(3, d.body)
        .bind(4, d.issuer)
        .bind(5, in.issued_by)
        .bind(6, d.target)
        .bind(7, static_cast<int>(d.audience))
        .bind(8, static_cast<int>(d.status))
        .bind(9, static_cast<int>(d.kind))
        .bind(10, d.reference)
        .bind(11, d.expires_at ? std::optional<int64_t>(d.expires_at) : std::nullopt)
        .bind(12, d.ack_required ? 1 : 0)
        .bind(13, in.remind_at)
        .bind(14, now)
        .exec_returning_id();
}

// One delivery row per group; `items[i]` is the message to `groups[i]`.
void insert_deliveries(Db& db, int64_t id, const std::vector<NoticeGroup>& groups,
                       const std::vector<OutboxItem>& items) {
    for (size_t i = 0; i < groups.size(); ++i) {
        const auto& g = groups[i];
        db.prepare(
              "INSERT INTO notice_deliveries(notice_id, channel, group_id, node, staff, "
              "key_hash) "
              "VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, g.channel)
            .bind(3, g.group)
            .bind(4, g.node)
            .bind(5, g.staff ? 1 : 0)
            .bind(6, hash64("outbox", items[i].key))
            .send();
    }
}

void insert_calls(Db& db, int64_t id, const std::vector<NoticeCall>& calls) {
    for (const auto& c : calls) {
        db.prepare(
              "INSERT INTO notice_calls(notice_id, household_id, grid, address, contact, "
              "phone) "
              "VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, c.household_id)
            .bind(3, c.grid)
            .bind(4, c.address)
            .bind(5, c.contact)
            .bind(6, c.phone)
            .send();
    }
}

}  // namespace

std::future<Result<IssuedNotice>> Notices::issue(NoticeIssue in, int64_t now) {
    return store_.writer().submit([in = std::move(in), now](Db& db) -> Result<IssuedNotice> {
        const auto& d = in.draft;
        if (d.reference && !notice_exists(db, *d.reference)) {
            return Error{"notice.bad_reference",
                         "reference: no notice " + std::to_string(*d.reference)};
        }
        auto number = notice_number(db, d.number);
        if (!number) return number.error();
        int64_t id = insert_notice(db, in, *number, now);
        std::vector<NoticeCall> calls =
            in.with_calls ? no_chat_households(db, d.target) : std::vector<NoticeCall>{};
        std::vector<OutboxItem> items = in.compose(id, *number, calls);
        if (items.size() < in.groups.size())
            throw std::logic_error("notice compose: fewer messages than groups");
        insert_deliveries(db, id, in.groups, items);
        insert_calls(db, id, calls);
        detail::enqueue_in(db, items, now * 1000);
        if (d.kind == notices::Kind::Cancel) {
            db.prepare("UPDATE notices SET cancelled_by = ? WHERE id = ? AND cancelled_by IS NULL")
                .bind(1, id)
                .bind(2, *d.reference)
                .send();
        }
        return IssuedNotice{id, *number, static_cast<int>(in.groups.size()),
                            static_cast<int>(calls.size())};
    });
}

namespace {

// The one notice `sql` (a literal with one parameter) selects with `key`.
std::optional<NoticeRecord> one_notice(Store& store, const char* sql, int64_t key) {
    return store.readers().with([&](Db& db) -> std::optional<NoticeRecord> {
        auto& q = db.prepare(sql);
        q.bind(1, key);
        if (!q.step()) return std::nullopt;
        return read_notice(q);
    });
}

}  // namespace

std::optional<NoticeRecord> Notices::get(int64_t id) {
    return one_notice(store_, "SELECT " NOTICE_COLUMNS " FROM notices WHERE id = ?", id);
}

std::optional<NoticeRecord> Notices::by_number(int64_t number) {
    return one_notice(store_, "SELECT " NOTICE_COLUMNS " FROM notices WHERE number = ?", number);
}

std::vector<NoticeRecord> Notices::list(const std::string& node, size_t limit,
                                        std::optional<int64_t> before) {
    return store_.readers().with([&](Db& db) {
        std::vector<NoticeRecord> out;
        // Keyset paging on the primary key: the page starts right below `before`.
        auto& q = db.prepare(
            "SELECT " NOTICE_COLUMNS
            " FROM notices WHERE id < ?1 AND (target = ?2 OR substr(target, 1, length(?2) + 1) = "
            "?2 || '/' OR issuer = ?2 OR substr(issuer, 1, length(?2) + 1) = ?2 || '/') "
            "ORDER BY id DESC LIMIT ?3");
        q.bind(1, before.value_or(std::numeric_limits<int64_t>::max()))
            .bind(2, node)
            .bind(3, static_cast<int64_t>(limit));
        while (q.step()) out.push_back(read_notice(q));
        return out;
    });
}

std::vector<NoticeGroup> Notices::groups_of(int64_t id) {
    return store_.readers().with([&](Db& db) {
        std::vector<NoticeGroup> out;
        auto& q = db.prepare(
            "SELECT channel, group_id, node, staff FROM notice_deliveries WHERE notice_id = ? "
            "ORDER BY node, channel, group_id");
        q.bind(1, id);
        while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.i32(3) != 0});
        return out;
    });
}

std::vector<NoticeDelivery> Notices::deliveries(int64_t id) {
    return store_.readers().with([&](Db& db) {
        std::vector<NoticeDelivery> out;
        auto& q = db.prepare(
            "SELECT d.channel, d.group_id, d.node, d.staff, o.state, o.delivered_at, o.last_error, "
            "d.acked_at, d.acked_by, d.reminded_at FROM notice_deliveries d "
            "LEFT JOIN outbox o ON o.key_hash = d.key_hash WHERE d.notice_id = ? ORDER BY d.node, "
            "d.group_id");
        q.bind(1, id);
        while (q.step()) {
            NoticeDelivery nd;
            nd.group = {q.text(0), q.text(1), q.text(2), q.i32(3) != 0};
            nd.state = q.is_null(4) ? OutboxState::Queued : static_cast<OutboxState>(q.i32(4));
            nd.delivered_at = q.opt_i64(5);
            nd.last_error = q.is_null(6) ? "" : q.text(6);
            nd.acked_at = q.opt_i64(7);
            nd.acked_by = q.is_null(8) ? "" : q.text(8);
            nd.reminded_at = q.opt_i64(9);
            out.push_back(std::move(nd));
        }
        return out;
    });
}

std::vector<NoticeCall> Notices::calls(int64_t id) {
    return store_.readers().with([&](Db& db) {
        std::vector<NoticeCall> out;
        auto& q = db.prepare(
            "SELECT household_id, grid, address, contact, phone, done_at, done_by FROM "
            "notice_calls "
            "WHERE notice_id = ? ORDER BY grid, address");
        q.bind(1, id);
        while (q.step()) {
            out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.opt_i64(5),
                           q.is_null(6) ? "" : q.text(6)});
        }
        return out;
    });
}

std::optional<int64_t> Notices::latest_unacked(const std::string& channel,
                                               const std::string& group) {
    return store_.readers().with([&](Db& db) -> std::optional<int64_t> {
        auto& q = db.prepare(
            "SELECT d.notice_id FROM notice_deliveries d JOIN outbox o ON o.key_hash = d.key_hash "
            "WHERE d.channel = ? AND d.group_id = ? AND d.acked_at IS NULL AND o.state IN (?, ?) "
            "ORDER BY d.notice_id DESC LIMIT 1");
        // A notice still "sending" may already be in the group: the platform took it and
        // the leader answered before the delivered mark was committed.
        q.bind(1, channel)
            .bind(2, group)
            .bind(3, static_cast<int>(OutboxState::Sending))
            .bind(4, static_cast<int>(OutboxState::Delivered));
        if (!q.step()) return std::nullopt;
        return q.i64(0);
    });
}

std::future<bool> Notices::acknowledge(int64_t id, const std::string& channel,
                                       const std::string& group, const std::string& by,
                                       int64_t at) {
    return store_.writer().submit([=](Db& db) {
        auto& q = db.prepare(
            "SELECT 1 FROM notice_deliveries WHERE notice_id = ? AND channel = ? AND group_id = ?");
        q.bind(1, id).bind(2, channel).bind(3, group);
        if (!q.step()) return false;
        db.prepare(
              "UPDATE notice_deliveries SET acked_at = ?, acked_by = ? WHERE notice_id = ? AND "
              "channel = ? "
              "AND group_id = ? AND acked_at IS NULL")
            .bind(1, at)
            .bind(2, by)
            .bind(3, id)
            .bind(4, channel)
            .bind(5, group)
            .exec();
        return true;
    });
}

std::vector<NoticeRecord> Notices::due_reminders(int64_t now) {
    return store_.readers().with([&](Db& db) {
        std::vector<NoticeRecord> out;
        auto& q = db.prepare("SELECT " NOTICE_COLUMNS
                             " FROM notices WHERE remind_at IS NOT NULL AND "
                             "remind_at <= ? AND reminded = 0 ORDER BY remind_at, id");
        q.bind(1, now);
        while (q.step()) out.push_back(read_notice(q));
        return out;
    });
}

std::future<int> Notices::remind(int64_t id,
                                 std::function<std::optional<OutboxItem>(const NoticeGroup&)> make,
                                 int64_t now) {
    return store_.writer().submit([id, make = std::move(make), now](Db& db) {
        std::vector<NoticeGroup> due;
        auto& q = db.prepare(
            "SELECT d.channel, d.group_id, d.node, d.staff FROM notice_deliveries d "
            "LEFT JOIN outbox o ON o.key_hash = d.key_hash WHERE d.notice_id = ? AND d.acked_at IS "
            "NULL "
            "AND d.reminded_at IS NULL AND (o.state IS NULL OR o.state != 3)");
        q.bind(1, id);
        while (q.step()) due.push_back({q.text(0), q.text(1), q.text(2), q.i32(3) != 0});
        q.reset();
        std::vector<OutboxItem> items;
        for (const auto& g : due) {
            auto item = make(g);
            if (!item) continue;
            items.push_back(std::move(*item));
            db.prepare(
                  "UPDATE notice_deliveries SET reminded_at = ? WHERE notice_id = ? AND channel = "
                  "? AND group_id = ?")
                .bind(1, now)
                .bind(2, id)
                .bind(3, g.channel)
                .bind(4, g.group)
                .send();
        }
        detail::enqueue_in(db, items, now * 1000);
        db.prepare("UPDATE notices SET reminded = 1 WHERE id = ?").bind(1, id).send();
        return static_cast<int>(items.size());
    });
}

std::future<std::optional<Notices::CallDone>> Notices::call_done(std::optional<int64_t> notice_id,
                                                                 int64_t household_id,
                                                                 const std::string& by,
                                                                 int64_t at) {
    return store_.writer().submit([=](Db& db) -> std::optional<CallDone> {
        // Without a notice: every open call of the household (one phone call relays them all).
        auto& find = db.prepare(
            "SELECT MAX(notice_id) FROM notice_calls WHERE household_id = ?1 AND done_at IS NULL "
            "AND (CAST(?2 AS BIGINT) IS NULL OR notice_id = ?2)");
        find.bind(1, household_id).bind(2, notice_id);
        if (!find.step() || find.is_null(0)) return std::nullopt;
        int64_t latest = find.i64(0);
        find.reset();
        db.prepare(
              "UPDATE notice_calls SET done_at = ?3, done_by = ?4 WHERE household_id = ?1 "
              "AND done_at IS NULL AND (CAST(?2 AS BIGINT) IS NULL OR notice_id = ?2)")
            .bind(1, household_id)
            .bind(2, notice_id)
            .bind(3, at)
            .bind(4, by)
            .exec();
        auto& left =
            db.prepare("SELECT COUNT(*) FROM notice_calls WHERE notice_id = ? AND done_at IS NULL");
        left.bind(1, latest);
        left.step();
        int64_t all_left = left.i64(0);
        left.reset();
        auto& in_grid = db.prepare(
            "SELECT COUNT(*) FROM notice_calls WHERE notice_id = ?1 AND done_at IS NULL AND grid = "
            "(SELECT grid FROM notice_calls WHERE notice_id = ?1 AND household_id = ?2)");
        in_grid.bind(1, latest).bind(2, household_id);
        in_grid.step();
        int64_t grid_left = in_grid.i64(0);
        in_grid.reset();
        return CallDone{latest, all_left, grid_left};
    });
}

}  // namespace gridbot::store
