#include "bot/store/registry.h"

#include "bot/store/db.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"

namespace gridbot::store {

// A subtree is ?2 (the node) and the codes starting with ?3 ("node/"),
// matched with substr rather than LIKE ('_' is a LIKE wildcard and codes may
// hold it), after a range on the indexed code that finds the subtree's grids
// first.

std::map<std::pair<std::string, std::string>, GroupTraffic> Registry::traffic() {
    return store_.readers().with([](detail::Db& db) {
        std::map<std::pair<std::string, std::string>, GroupTraffic> out;
        auto& sent = db.prepare(
            "SELECT channel, group_id, MAX(delivered_at), "
            "  MAX(CASE WHEN state = 3 THEN updated_at END), "
            "  SUM(CASE WHEN state IN (0, 1) THEN 1 ELSE 0 END) FROM outbox GROUP BY channel, "
            "group_id");
        while (sent.step()) {
            auto& t = out[{sent.text(0), sent.text(1)}];
            t.last_delivered = sent.is_null(2) ? 0 : sent.i64(2);
            t.last_failed = sent.is_null(3) ? 0 : sent.i64(3);
            t.queued = sent.i64(4);
        }
        // The latest finished post of each group decides whether it is failing.
        auto& last = db.prepare(
            "SELECT o.channel, o.group_id, o.state, o.last_error FROM outbox o JOIN ("
            "  SELECT MAX(id) AS id FROM outbox WHERE state IN (2, 3) GROUP BY channel, group_id"
            ") l ON l.id = o.id");
        while (last.step()) {
            auto& t = out[{last.text(0), last.text(1)}];
            t.failing = last.i64(2) == 3;
            if (t.failing) t.last_error = last.text(3);
        }
        auto& failed = db.prepare(
            "SELECT o.channel, o.group_id, o.last_error FROM outbox o JOIN ("
            "  SELECT MAX(id) AS id FROM outbox WHERE state = 3 GROUP BY channel, group_id"
            ") l ON l.id = o.id");
        while (failed.step()) {
            auto& t = out[{failed.text(0), failed.text(1)}];
            if (t.last_error.empty()) t.last_error = failed.text(2);
        }
        auto& heard = db.prepare(
            "SELECT channel, group_id, MAX(received_at) FROM inbound GROUP BY channel, group_id");
        while (heard.step()) out[{heard.text(0), heard.text(1)}].last_inbound = heard.i64(2);
        return out;
    });
}

std::vector<std::pair<std::string, int64_t>> Registry::reported_at(const std::string& node,
                                                                   const std::string& day) {
    return store_.readers().with([&](detail::Db& db) {
        std::vector<std::pair<std::string, int64_t>> out;
        auto& q = db.prepare(
            "SELECT n.code, d.updated_at FROM day_status d "
            "JOIN households h ON h.id = d.household_id JOIN nodes n ON n.id = h.grid_id "
            "WHERE d.day = ?1 AND n.code >= ?2 AND n.code < ?2 || '0' "
            "AND (n.code = ?2 OR substr(n.code, 1, length(?3)) = ?3)");
        q.bind(1, day).bind(2, node).bind(3, node + "/");
        while (q.step()) out.emplace_back(q.text(0), q.i64(1));
        return out;
    });
}

int64_t Registry::reported_by(const std::string& node, const std::string& day, int64_t until) {
    return store_.readers().with([&](detail::Db& db) {
        auto& q = db.prepare(
            "SELECT COUNT(*) FROM day_status d "
            "JOIN households h ON h.id = d.household_id JOIN nodes n ON n.id = h.grid_id "
            "WHERE d.day = ?1 AND d.updated_at <= ?4 "
            "AND n.code >= ?2 AND n.code < ?2 || '0' "
            "AND (n.code = ?2 OR substr(n.code, 1, length(?3)) = ?3)");
        q.bind(1, day).bind(2, node).bind(3, node + "/").bind(4, until);
        int64_t n = q.step() ? q.i64(0) : 0;
        auto& purged = db.prepare(
            "SELECT COALESCE(SUM(c.zero + c.anomaly), 0) FROM day_counts c "
            "JOIN nodes n ON n.code = c.grid "
            "WHERE c.day = ?1 AND n.code >= ?2 AND n.code < ?2 || '0' "
            "AND (n.code = ?2 OR substr(n.code, 1, length(?3)) = ?3)");
        purged.bind(1, day).bind(2, node).bind(3, node + "/");
        if (purged.step()) n += purged.i64(0);
        return n;
    });
}

}  // namespace gridbot::store
