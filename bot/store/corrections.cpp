#include "bot/store/corrections.h"

#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

std::future<int64_t> Corrections::record(Correction c) {
    return store_.writer().submit([c = std::move(c)](Db& db) {
        return db
            .prepare(
                "INSERT INTO corrections(day, household_id, inbound_id, parsed, label, leader, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .bind(1, c.day)
            .bind(2, c.household_id)
            .bind(3, c.inbound_id)
            .bind(4, c.parsed)
            .bind(5, c.label)
            .bind(6, c.leader)
            .bind(7, c.at)
            .exec_returning_id();
    });
}

std::vector<CorrectionRow> Corrections::list(const std::string& since, const std::string& until) {
    return store_.readers().with([&](Db& db) {
        std::vector<CorrectionRow> out;
        auto& q = db.prepare(
            "SELECT c.id, c.day, c.household_id, c.inbound_id, c.parsed, c.label, c.leader, c.at, "
            "i.text, n.code, h.address FROM corrections c "
            "JOIN households h ON h.id = c.household_id JOIN nodes n ON n.id = h.grid_id "
            "LEFT JOIN inbound i ON i.id = c.inbound_id "
            "WHERE c.day >= ?1 AND (?2 = '' OR c.day <= ?2) ORDER BY c.day, c.id");
        q.bind(1, since).bind(2, until);
        while (q.step()) {
            CorrectionRow r;
            r.c.id = q.i64(0);
            r.c.day = q.text(1);
            r.c.household_id = q.i64(2);
            r.c.inbound_id = q.opt_i64(3);
            r.c.parsed = q.text(4);
            r.c.label = q.text(5);
            r.c.leader = q.text(6);
            r.c.at = q.i64(7);
            if (!q.is_null(8)) r.text = q.text(8);
            r.grid = q.text(9);
            r.address = q.text(10);
            out.push_back(std::move(r));
        }
        return out;
    });
}

std::optional<HouseholdMessage> Corrections::latest_message(int64_t household_id, int64_t since,
                                                            int64_t not_id) {
    return store_.readers().with([&](Db& db) {
        std::optional<HouseholdMessage> out;
        auto& q = db.prepare(
            "SELECT i.id, i.text, i.received_at FROM inbound i JOIN members m ON m.channel = "
            "i.channel AND m.user_id = i.sender_id WHERE m.household_id = ?1 AND i.received_at "
            ">= ?2 AND i.id != ?3 ORDER BY i.received_at DESC, i.id DESC LIMIT 1");
        q.bind(1, household_id).bind(2, since).bind(3, not_id);
        if (q.step()) out = HouseholdMessage{q.i64(0), q.text(1), q.i64(2)};
        q.reset();
        return out;
    });
}

}  // namespace gridbot::store
