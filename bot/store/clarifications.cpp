#include "bot/store/clarifications.h"

#include "bot/store/sql_dialect.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

std::future<int64_t> Clarifications::ask(Clarification c) {
    return store_.writer().submit([c = std::move(c)](Db& db) {
        return db
            .prepare(
                "INSERT INTO clarifications(inbound_id, channel, group_id, sender_id, "
                "household_id, day, reading, otherwise, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?) RETURNING id")
            .bind(1, c.inbound_id)
            .bind(2, c.channel)
            .bind(3, c.group)
            .bind(4, c.sender)
            .bind(5, c.household_id)
            .bind(6, c.day)
            .bind(7, c.reading)
            .bind(8, c.otherwise)
            .bind(9, c.asked_at)
            .exec_returning_id();
    });
}

std::optional<Clarification> Clarifications::open_question(const std::string& channel,
                                                           const std::string& group,
                                                           const std::string& sender,
                                                           const std::string& day) {
    return store_.readers().with([&](Db& db) {
        std::optional<Clarification> out;
        auto& q = db.prepare(
            "SELECT id, inbound_id, household_id, reading, otherwise, asked_at FROM "
            "clarifications WHERE channel = ? AND sender_id = ? AND group_id = ? AND day = ? AND "
            "settled_at IS NULL AND otherwise IS NOT NULL ORDER BY id DESC LIMIT 1");
        q.bind(1, channel).bind(2, sender).bind(3, group).bind(4, day);
        if (q.step()) {
            Clarification c;
            c.id = q.i64(0);
            c.inbound_id = q.i64(1);
            c.channel = channel;
            c.group = group;
            c.sender = sender;
            c.household_id = q.i64(2);
            c.day = day;
            c.reading = q.text(3);
            c.otherwise = q.text(4);
            c.asked_at = q.i64(5);
            out = std::move(c);
        }
        q.reset();
        return out;
    });
}

std::future<void> Clarifications::settle(int64_t id, int answer, int64_t at) {
    return store_.writer().submit([id, answer, at](Db& db) {
        db.prepare(
              "UPDATE clarifications SET answer = ?, settled_at = ? WHERE id = ? AND settled_at IS "
              "NULL")
            .bind(1, answer)
            .bind(2, at)
            .bind(3, id)
            .exec();
    });
}

std::vector<Unclear> Clarifications::unclear(const std::string& node, const std::string& day) {
    return store_.readers().with([&](Db& db) {
        auto& q = db.prepare(
            "SELECT c.household_id, h.address, MAX(c.asked_at) FROM clarifications c "
            "JOIN households h ON h.id = c.household_id JOIN nodes n ON n.id = h.grid_id "
            "LEFT JOIN day_status s ON s.day = c.day AND s.household_id = c.household_id "
            "WHERE c.day = ? AND c.settled_at IS NULL "
            "AND (n.code = ? OR n.code LIKE ? ESCAPE '\\') "
            "AND (s.updated_at IS NULL OR s.updated_at < c.asked_at) "
            "GROUP BY c.household_id, h.address ORDER BY h.address");
        q.bind(1, day).bind(2, node).bind(3, detail::subtree_pattern(node));
        std::vector<Unclear> out;
        while (q.step()) out.push_back({q.i64(0), q.text(1), q.i64(2)});
        return out;
    });
}

}  // namespace gridbot::store
