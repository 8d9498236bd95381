#pragma once
// Reading and seeding a test's database directly (the daemon may be running:
// WAL lets a reader in beside it). `where` is a SQLite path or, when the suite
// runs on PostgreSQL, "postgresql:CONNINFO" (DaemonProcess::db()); the SQL is
// written in the store's one dialect and translated as the store does.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "bot/store/sql_dialect.h"

namespace gridbot::test {

inline const std::string kPgPrefix = "postgresql:";

inline constexpr Oid kBoolOid = 16;  // pg_type.h, a server header

inline bool on_postgresql(const std::string& where) { return where.rfind(kPgPrefix, 0) == 0; }

// Runs `sql` on PostgreSQL; the rows as db_query gives them, or the error in `err`.
inline std::vector<std::string> pg_run(const std::string& where, const std::string& sql,
                                       std::string& err) {
    std::vector<std::string> out;
    PGconn* c = PQconnectdb(where.substr(kPgPrefix.size()).c_str());
    if (PQstatus(c) != CONNECTION_OK) {
        err = PQerrorMessage(c);
        PQfinish(c);
        return out;
    }
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(c, store::detail::query_to_postgresql(sql).c_str());
    auto status = PQresultStatus(r);
    if (status == PGRES_TUPLES_OK) {
        for (int row = 0; row < PQntuples(r); ++row) {
            std::string line;
            for (int col = 0; col < PQnfields(r); ++col) {
                std::string value = PQgetvalue(r, row, col);
                // A boolean reads as SQLite gives it: 1 or 0.
                if (PQftype(r, col) == kBoolOid && !PQgetisnull(r, row, col)) {
                    value = value == "t" ? "1" : "0";
                }
                line += (col ? "|" : "") + value;
            }
            out.push_back(line);
        }
    } else if (status != PGRES_COMMAND_OK) {
        err = PQresultErrorMessage(r);
    }
    PQclear(r);
    PQfinish(c);
    return out;
}

// The rows of a query, each row's columns joined by '|' (NULL reads as "").
inline std::vector<std::string> db_query(const std::string& where, const std::string& sql) {
    if (on_postgresql(where)) {
        std::string err;
        return pg_run(where, sql, err);
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(where.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::vector<std::string> out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const unsigned char* t = sqlite3_column_text(st, i);
                row += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "");
            }
            out.push_back(row);
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// The first column of the first row as a number (0 when there is none).
inline long long db_number(const std::string& where, const std::string& sql) {
    auto rows = db_query(where, sql);
    return rows.empty() || rows[0].empty() ? 0 : std::stoll(rows[0]);
}

// Runs statements on the database; "" when they succeeded, else the engine's message.
inline std::string db_exec(const std::string& where, const std::string& sql) {
    if (on_postgresql(where)) {
        std::string err;
        pg_run(where, sql, err);
        return err;
    }
    sqlite3* db = nullptr;
    sqlite3_open_v2(where.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char* err = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string out = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
}

// "ok" when the database is whole: SQLite's integrity check of the file; on
// PostgreSQL, which keeps its own pages consistent across a crash, that the
// database answers after the daemon's crash.
inline std::string integrity_check(const std::string& where) {
    auto rows = db_query(where, on_postgresql(where) ? "SELECT 'ok'" : "PRAGMA integrity_check");
    return rows.size() == 1 ? rows[0] : "not answered";
}

}  // namespace gridbot::test
