#pragma once
// Reading and seeding a test's database directly (the daemon may be running:
// WAL lets a reader in beside it).
#include <sqlite3.h>

#include <string>
#include <vector>

namespace gridbot::test {

// The rows of a query, each row's columns joined by '|' (NULL reads as "").
inline std::vector<std::string> db_query(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
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
inline long long db_number(const std::string& path, const std::string& sql) {
    auto rows = db_query(path, sql);
    return rows.empty() || rows[0].empty() ? 0 : std::stoll(rows[0]);
}

// Runs statements on the database; "" when they succeeded, else SQLite's message.
inline std::string db_exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
    char* err = nullptr;
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string out = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
}

}  // namespace gridbot::test
