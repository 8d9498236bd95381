#include "bot/store/sessions.h"

#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

std::future<void> SessionRows::put(SessionRow row, int64_t now) {
    return store_.writer().submit([row = std::move(row), now, max = max_](Db& db) {
        db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now).exec();
        auto& count = db.prepare("SELECT COUNT(*) FROM sessions");
        const int64_t live = count.step() ? count.i64(0) : 0;
        count.reset();
        if (live >= max) {
            db.prepare(
                  "DELETE FROM sessions WHERE id_sha256 IN (SELECT id_sha256 FROM sessions "
                  "ORDER BY expires_at LIMIT ?)")
                .bind(1, live - max + 1)
                .exec();
        }
        db.prepare(
              "INSERT INTO sessions(id_sha256, csrf, token, role, node, expires_at) "
              "VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, row.id_sha256)
            .bind(2, row.csrf)
            .bind(3, row.token)
            .bind(4, row.role)
            .bind(5, row.node)
            .bind(6, row.expires_at)
            .exec();
    });
}

std::optional<SessionRow> SessionRows::find(const std::string& id_sha256, int64_t now) {
    return store_.readers().with([&](Db& db) {
        std::optional<SessionRow> out;
        auto& q = db.prepare(
            "SELECT csrf, token, role, node, expires_at FROM sessions "
            "WHERE id_sha256 = ? AND expires_at > ?");
        q.bind(1, id_sha256).bind(2, now);
        if (q.step()) {
            out = SessionRow{id_sha256, q.text(0), q.text(1), q.text(2), q.text(3), q.i64(4)};
        }
        q.reset();
        return out;
    });
}

std::future<void> SessionRows::remove(const std::string& id_sha256) {
    return store_.writer().submit([id_sha256](Db& db) {
        db.prepare("DELETE FROM sessions WHERE id_sha256 = ?").bind(1, id_sha256).exec();
    });
}

}  // namespace gridbot::store
