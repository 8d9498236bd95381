#pragma once
// Internal to bot/store: a thin RAII layer over one SQLite connection with a
// statement cache. Only bot/store/*.cpp include this header, so no SQLite type
// leaks past the store module (STYLE.md). Every statement is prepared once per
// connection and reused.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace gridbot::store::detail {

// SQLite failures inside a store job are exceptions: the job's savepoint is
// rolled back and the caller's future carries the error.
class DbError : public std::runtime_error {
  public:
    DbError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

class Stmt {
  public:
    Stmt(sqlite3* db, const char* sql);
    ~Stmt();
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    Stmt& bind(int i, int64_t v);
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    Stmt& bind(int i, double v);
    Stmt& bind(int i, std::string_view v);
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Stmt& bind_null(int i);
    template <typename T>
    Stmt& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // True while a row is available.
    bool step();
    // Runs to completion; returns the number of rows changed.
    int exec();
    void reset();

    int64_t i64(int col) const;
    int i32(int col) const { return static_cast<int>(i64(col)); }
    double f64(int col) const;
    std::string text(int col) const;
    bool is_null(int col) const;
    // The result's shape, for exports that dump whole rows.
    int column_count() const;
    std::string column_name(int col) const;
    bool is_integer(int col) const;
    bool is_real(int col) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

class Db {
  public:
    // Opens (creating if needed) and sets WAL, foreign keys, busy timeout.
    Db(const std::string& path, bool read_only);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // A cached prepared statement, reset and with bindings cleared. `sql` must
    // be a string literal (the cache is keyed by its address).
    Stmt& prepare(const char* sql);
    // Resets every cached statement. A statement left mid-iteration holds its
    // read transaction (and so an old WAL snapshot) open; connections are reset
    // whenever they go back to a pool or a job ends.
    void reset_all();
    // For DDL and pragmas only (migrations, transactions).
    void exec_script(const char* sql);
    int64_t last_insert_id() const;
    int changes() const;

  private:
    sqlite3* db_ = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Stmt>> cache_;
};

}  // namespace gridbot::store::detail
