#pragma once
// Internal to bot/store: the store's SQL is one dialect, SQLite's restricted to
// what PostgreSQL also accepts (ON CONFLICT, RETURNING, CASE, COALESCE). What
// cannot be common is rewritten here for PostgreSQL, once per statement (the
// engine caches the result with the prepared statement):
//   ?, ?N                  -> $N (SQLite's numbering: a bare ? takes max+1)
//   instr(a, b)            -> strpos(a, b)
//   CAST(x AS INTEGER)     -> SQLite's lenient cast (leading digits, else 0)
//   BEGIN IMMEDIATE        -> BEGIN
//   last_id('t')           -> currval of t's id sequence (SQLite: a function of
//                             the engine's, sqlite3_last_insert_rowid; t's last
//                             INSERT on this connection, even inside another INSERT)
//   now_ms()               -> the server's clock in unix ms (SQLite: a function of
//                             the engine's, the system clock): one clock for the
//                             leases of several daemons, whatever each daemon's own
//   /*postgresql: X*/      -> X (SQLite reads a comment): row locks, e.g.
//                             /*postgresql: FOR UPDATE SKIP LOCKED*/
// and, for migrations, the column types and key forms (INTEGER -> BIGINT,
// INTEGER PRIMARY KEY -> an identity column, WITHOUT ROWID dropped).
#include <string>
#include <string_view>

namespace gridbot::store::detail {

std::string query_to_postgresql(std::string_view sql);
std::string ddl_to_postgresql(std::string_view sql);
// The number of parameters a translated statement takes (its largest $N).
int parameter_count(std::string_view pg_sql);
// Everything below node "a/b" as a LIKE pattern with ESCAPE '\\' ("a/b/%"; a
// code's _ is escaped), for "(code = ? OR code LIKE ? ESCAPE '\\')".
std::string subtree_pattern(const std::string& node);

}  // namespace gridbot::store::detail
