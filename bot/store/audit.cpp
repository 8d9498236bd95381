#include "bot/store/audit.h"

#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

int64_t detail::append_audit(Db& db, const AuditEntry& e) {
    return db
        .prepare(
            "INSERT INTO audit(at, token, role, action, node, subject, rows, client) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
        .bind(1, e.at)
        .bind(2, e.token)
        .bind(3, e.role)
        .bind(4, e.action)
        .bind(5, e.node)
        .bind(6, e.subject)
        .bind(7, e.rows)
        .bind(8, e.client)
        .exec_returning_id();
}

std::future<int64_t> Audit::append(AuditEntry e) {
    return store_.writer().submit(
        [e = std::move(e)](Db& db) { return detail::append_audit(db, e); });
}

std::vector<AuditEntry> Audit::list(const AuditQuery& q) {
    return store_.readers().with([&](Db& db) {
        std::vector<AuditEntry> out;
        auto& s = db.prepare(
            "SELECT id, at, token, role, action, node, subject, rows, client FROM audit "
            "WHERE id > ?1 AND at >= ?2 AND (?3 = '' OR token = ?3) "
            "AND (?4 = '' OR node = ?4 OR substr(node, 1, length(?4) + 1) = ?4 || '/') "
            "ORDER BY id LIMIT ?5");
        s.bind(1, q.after_id).bind(2, q.since).bind(3, q.token).bind(4, q.node).bind(5, q.limit);
        while (s.step()) {
            out.push_back({s.i64(0), s.i64(1), s.text(2), s.text(3), s.text(4), s.text(5),
                           s.text(6), s.i64(7), s.text(8)});
        }
        return out;
    });
}

bool Audit::has_subject(const std::string& subject, int64_t since) {
    return store_.readers().with([&](Db& db) {
        auto& s = db.prepare("SELECT 1 FROM audit WHERE at >= ?1 AND subject = ?2 LIMIT 1");
        s.bind(1, since).bind(2, subject);
        return s.step();
    });
}

}  // namespace gridbot::store
