#pragma once
// Internal to bot/store: numbered schema migrations, applied in order at
// start-up, each in its own transaction and recorded in schema_migrations.
// A migration is never edited once shipped; changes are new migrations.
// Both engines share the numbering and the text: PostgreSQL runs `sql`
// translated (sql_dialect.h: types, identity keys), then its own extra text;
// SQLite runs `sql`, then its own. Data migrations that cannot be common put
// each engine's form in its extra.
#include <vector>

#include "bot/store/db.h"

namespace gridbot::store::detail {

struct Migration {
    int version;
    const char* name;
    const char* sql;
    const char* sqlite_only = nullptr;
    const char* postgresql_only = nullptr;
};

const std::vector<Migration>& migrations();

// Applies every migration above the current version, up to `target` (0: all).
// Returns the version reached.
int migrate(Db& db, int target, int64_t now);
int current_version(Db& db);

}  // namespace gridbot::store::detail
