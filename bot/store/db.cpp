#include "bot/store/db.h"

namespace gridbot::store::detail {

Stmt& Db::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, make_stmt(sql)).first;
    it->second->reset();
    return *it->second;
}

int64_t Stmt::exec_returning_id() {
    if (!step()) throw DbError("INSERT … RETURNING gave no row", 0);
    int64_t id = i64(0);
    while (step()) {
    }
    return id;
}

void Db::reset_all() {
    for (auto& [sql, stmt] : cache_) stmt->reset();
}

std::unique_ptr<Db> open_db(const Location& where, bool read_only) {
    if (where.engine == Engine::postgresql) return open_postgresql(where.target, read_only);
    return open_sqlite(where.target, read_only);
}

}  // namespace gridbot::store::detail

namespace gridbot::store {

const char* engine_name(Engine e) { return e == Engine::postgresql ? "postgresql" : "sqlite"; }

Result<Location> parse_location(const std::string& text) {
    auto after = [&](std::string_view prefix) -> std::optional<std::string> {
        if (text.rfind(prefix, 0) != 0) return std::nullopt;
        return text.substr(prefix.size());
    };
    Location loc;
    if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
        loc = {Engine::postgresql, text};
    } else if (auto pg = after("postgresql:")) {
        loc = {Engine::postgresql, *pg};
    } else if (auto lite = after("sqlite:")) {
        loc = {Engine::sqlite, *lite};
    } else {
        loc = {Engine::sqlite, text};
    }
    if (loc.target.empty()) {
        return Error{"store.location",
                     "\"" + text + "\": expected sqlite:PATH or postgresql:CONNINFO"};
    }
    return loc;
}

Location configured_location(const std::string& engine, const std::string& path,
                             const std::string& url) {
    if (engine == "postgresql") return {Engine::postgresql, url};
    return {Engine::sqlite, path};
}

std::string describe(const Location& where) {
    if (where.engine == Engine::sqlite) return where.target;
    // A conninfo may hold a password: name only the engine.
    return "postgresql database";
}

}  // namespace gridbot::store
