#pragma once
// Where a store lives: an engine and its target (a file path for SQLite, a
// libpq conninfo for PostgreSQL). Written "sqlite:PATH" or "postgresql:URL";
// a bare path is a SQLite file.
#include <string>

#include "bot/core/error.h"

namespace gridbot::store {

enum class Engine { sqlite, postgresql };

struct Location {
    Engine engine = Engine::sqlite;
    std::string target;  // path or conninfo
};

// "sqlite:PATH", "postgresql:CONNINFO", "postgres://…"/"postgresql://…" (a
// libpq URI) or a bare path. Fails with store.location on an empty target.
Result<Location> parse_location(const std::string& text);
// The inverse of parse_location, for messages: never prints a conninfo's
// password.
std::string describe(const Location& where);
const char* engine_name(Engine e);
// The configuration's [store]: engine "postgresql" takes `url`, anything else
// the SQLite file at `path`.
Location configured_location(const std::string& engine, const std::string& path,
                             const std::string& url);

}  // namespace gridbot::store
