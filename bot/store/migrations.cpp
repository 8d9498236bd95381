#include "bot/store/migrations.h"

#include <spdlog/spdlog.h>

namespace gridbot::store::detail {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, "hierarchy and ledger", R"sql(
CREATE TABLE nodes (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,          -- path: nangang/xianfeng/longtai/g01
    parent_id INTEGER REFERENCES nodes(id),
    level     INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),  -- district..grid
    name      TEXT NOT NULL
);
CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    grid_id          INTEGER NOT NULL REFERENCES nodes(id),
    address          TEXT NOT NULL,          -- normalised B-U-R, B-R or R
    building         TEXT NOT NULL,
    unit             TEXT NOT NULL,
    room             TEXT NOT NULL,
    members          INTEGER NOT NULL,
    contact          TEXT NOT NULL,
    phone            TEXT NOT NULL,
    tags             INTEGER NOT NULL,       -- bitmask of ledger::Tag
    isolation_until  TEXT,
    monitoring_until TEXT,
    active           INTEGER NOT NULL DEFAULT 1,  -- 0: pruned from the ledger, history kept
    updated_at       INTEGER NOT NULL,
    UNIQUE (grid_id, address)
);
)sql"},
        {2, "import audit", R"sql(
CREATE TABLE import_runs (
    id        INTEGER PRIMARY KEY,
    file      TEXT NOT NULL,
    encoding  TEXT NOT NULL,
    at        INTEGER NOT NULL,
    added     INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    absent    INTEGER NOT NULL,
    pruned    INTEGER NOT NULL
);
)sql"},
    };
    return list;
}

int current_version(Db& db) {
    db.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto& q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.step();
    return q.i32(0);
}

int migrate(Db& db, int target, int64_t now) {
    int version = current_version(db);
    for (const auto& m : migrations()) {
        if (m.version <= version || (target != 0 && m.version > target)) continue;
        db.exec_script("BEGIN IMMEDIATE");
        try {
            db.exec_script(m.sql);
            db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)")
                .bind(1, m.version)
                .bind(2, m.name)
                .bind(3, now)
                .exec();
            db.exec_script("COMMIT");
        } catch (...) {
            db.exec_script("ROLLBACK");
            throw;
        }
        spdlog::info("event=migration_applied version={} name=\"{}\"", m.version, m.name);
        version = m.version;
    }
    return version;
}

}  // namespace gridbot::store::detail
