// Inbound messages (recorded once by their platform id, with a zero report the
// quick path understood; read back until answered) and members bound to
// households. The outbox is messages_outbox.cpp.
#include "bot/store/messages.h"

#include <nlohmann/json.hpp>

#include "bot/store/json_columns.h"
#include "bot/store/outbox_rows.h"
#include "bot/store/rows.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::json_list;
using detail::parse_list;
using nlohmann::json;

int64_t hash64(std::string_view a, std::string_view b) {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ull;
        }
    };
    mix(a);
    mix(std::string_view("\x1f", 1));
    mix(b);
    return static_cast<int64_t>(h);
}

namespace {

// Binds an inbound row's columns, the same for both INSERTs below.
detail::Stmt& bind_inbound(detail::Stmt& q, const InboundMessage& m, int64_t now,
                           std::optional<int64_t> processed_at) {
    return q.bind(1, hash64(m.channel, m.message_id))
        .bind(2, m.channel)
        .bind(3, m.message_id)
        .bind(4, m.group)
        .bind(5, m.sender_id)
        .bind(6, m.sender_name)
        .bind(7, m.text)
        .bind(8, json_list(m.mentions))
        .bind(9, m.extra.empty() ? std::string("{}") : json(m.extra).dump())
        .bind(10, m.time)
        .bind(11, now)
        .bind(12, processed_at);
}

}  // namespace

std::optional<int64_t> detail::insert_inbound(Db& db, const InboundMessage& m, int64_t now,
                                              std::optional<int64_t> processed_at) {
    auto& seen =
        db.prepare("SELECT 1 FROM inbound WHERE key_hash = ? AND channel = ? AND message_id = ?");
    seen.bind(1, hash64(m.channel, m.message_id)).bind(2, m.channel).bind(3, m.message_id);
    bool repeat = seen.step();
    seen.reset();
    if (repeat) return std::nullopt;
    auto& q = db.prepare(
        "INSERT INTO inbound(key_hash, channel, message_id, group_id, sender_id, sender_name, "
        "text, mentions, extra, sent_at, received_at, processed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    return bind_inbound(q, m, now, processed_at).exec_returning_id();
}

void detail::send_inbound(Db& db, const InboundMessage& m, int64_t now,
                          std::optional<int64_t> processed_at) {
    auto& q = db.prepare(
        "INSERT INTO inbound(key_hash, channel, message_id, group_id, sender_id, sender_name, "
        "text, mentions, extra, sent_at, received_at, processed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_inbound(q, m, now, processed_at).send();
}

std::future<std::vector<Messages::Recorded>> Messages::record_inbound(std::vector<Arrival> msgs,
                                                                      int64_t now) {
    return store_.writer().submit([msgs = std::move(msgs), now](Db& db) {
        // Per message one round trip on PostgreSQL (the lookup); the rows it
        // causes are sent and travel with the next message's lookup, the next
        // job's or the batch's COMMIT.
        std::vector<Recorded> out;
        for (const auto& a : msgs) {
            Recorded r;
            auto look = detail::look_up_arrival(db, a.msg, a.zero ? a.zero->day : std::string());
            if (look.repeat) {
                out.push_back(std::move(r));
                continue;
            }
            r.fresh = true;
            // The same lookup the conversation makes: the sender's active household.
            const bool report = a.zero && look.household;
            detail::send_inbound(db, a.msg, now,
                                 report ? std::optional<int64_t>(now) : std::nullopt);
            if (report) {
                ReportRecord rec;
                rec.household_id = look.household->id;
                rec.day = a.zero->day;
                rec.kind = DayStatus::Zero;
                rec.temperature = a.zero->temperature;
                rec.reporter = a.msg.channel + ":" + a.msg.sender_id;
                rec.at = now;
                r.after = detail::apply_report(db, rec, look.before, true).after;
                r.reported = std::move(look.household);
                r.day = a.zero->day;
            }
            out.push_back(std::move(r));
        }
        return out;
    });
}

std::vector<StoredInbound> Messages::pending_inbound(size_t limit) {
    return store_.readers().with([limit](Db& db) {
        std::vector<StoredInbound> out;
        auto& q = db.prepare(
            "SELECT id, channel, message_id, group_id, sender_id, sender_name, text, mentions, "
            "extra, "
            "sent_at, received_at FROM inbound WHERE processed_at IS NULL ORDER BY received_at, id "
            "LIMIT ?");
        q.bind(1, static_cast<int64_t>(limit));
        while (q.step()) {
            StoredInbound s;
            s.id = q.i64(0);
            s.msg.channel = q.text(1);
            s.msg.message_id = q.text(2);
            s.msg.group = q.text(3);
            s.msg.sender_id = q.text(4);
            s.msg.sender_name = q.text(5);
            s.msg.text = q.text(6);
            s.msg.mentions = parse_list(q.text(7));
            json extra = json::parse(q.text(8), nullptr, false);
            if (extra.is_object()) {
                for (auto& [k, v] : extra.items()) {
                    if (v.is_string()) s.msg.extra[k] = v.get<std::string>();
                }
            }
            s.msg.time = q.i64(9);
            s.received_at = q.i64(10);
            out.push_back(std::move(s));
        }
        return out;
    });
}

std::future<void> Messages::finish_inbound(int64_t inbound_id, std::vector<OutboxItem> replies,
                                           int64_t now_ms) {
    return store_.writer().submit([inbound_id, replies = std::move(replies), now_ms](Db& db) {
        db.prepare("UPDATE inbound SET processed_at = ? WHERE id = ? AND processed_at IS NULL")
            .bind(1, now_ms / 1000)
            .bind(2, inbound_id)
            .send();
        detail::enqueue_in(db, replies, now_ms);
    });
}

std::future<std::optional<int64_t>> Messages::bind_member(const std::string& channel,
                                                          const std::string& user_id,
                                                          const std::string& name,
                                                          std::optional<int64_t> household_id,
                                                          int64_t now) {
    return store_.writer().submit([=](Db& db) -> std::optional<int64_t> {
        std::optional<int64_t> before;
        auto& q = db.prepare("SELECT household_id FROM members WHERE channel = ? AND user_id = ?");
        q.bind(1, channel).bind(2, user_id);
        if (q.step() && !q.is_null(0)) before = q.i64(0);
        db.prepare(
              "INSERT INTO members(channel, user_id, name, household_id, bound_at) VALUES (?, ?, "
              "?, ?, ?) "
              "ON CONFLICT(channel, user_id) DO UPDATE SET name = excluded.name, "
              "household_id = excluded.household_id, bound_at = excluded.bound_at")
            .bind(1, channel)
            .bind(2, user_id)
            .bind(3, name)
            .bind(4, household_id)
            .bind(5, now)
            .exec();
        return before;
    });
}

std::optional<int64_t> Messages::member_household(const std::string& channel,
                                                  const std::string& user_id) {
    return store_.readers().with([&](Db& db) -> std::optional<int64_t> {
        auto& q = db.prepare("SELECT household_id FROM members WHERE channel = ? AND user_id = ?");
        q.bind(1, channel).bind(2, user_id);
        if (!q.step() || q.is_null(0)) return std::nullopt;
        return q.i64(0);
    });
}

}  // namespace gridbot::store
