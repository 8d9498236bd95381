#pragma once
// Internal to bot/store: a thin RAII layer over one database connection with a
// statement cache. Two engines implement it (db_sqlite.cpp, db_pg.cpp); only
// bot/store/*.cpp include this header, so no SQLite or libpq type leaks past
// the store module (STYLE.md). Every statement is prepared once per connection
// and reused. Call sites write one SQL dialect (SQLite's, limited to what
// PostgreSQL also accepts); the PostgreSQL engine translates the rest
// (placeholders, a few functions) once, at prepare time (sql_dialect.h).
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bot/core/error.h"
#include "bot/store/location.h"

namespace gridbot::store::detail {

// Database failures inside a store job are exceptions: the job's savepoint is
// rolled back and the caller's future carries the error.
class DbError : public std::runtime_error {
  public:
    DbError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }

  private:
    int code_;
};

// The database server is away (connection refused or lost): the caller may
// answer 503 and try again later.
class DbUnavailable : public DbError, public Unavailable {
  public:
    explicit DbUnavailable(const std::string& what) : DbError(what, 0) {}
};

class Stmt {
  public:
    virtual ~Stmt() = default;
    Stmt() = default;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    // Every integer is bound as a 64-bit one on both engines.
    virtual Stmt& bind(int i, int64_t v) = 0;
    Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
    virtual Stmt& bind(int i, double v) = 0;
    virtual Stmt& bind(int i, std::string_view v) = 0;
    Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    virtual Stmt& bind_null(int i) = 0;
    template <typename T>
    Stmt& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind_null(i);
    }

    // True while a row is available.
    virtual bool step() = 0;
    // Runs to completion; returns the number of rows changed.
    virtual int exec() = 0;
    // Runs a statement whose answer nobody reads (no rows, no count). The
    // engine may hold it and send it with the next statement that needs an
    // answer, in one round trip (PostgreSQL's pipeline mode); its error is then
    // thrown there, or by Db::flush(). The order of statements is kept.
    virtual void send() { exec(); }
    // Runs an INSERT … RETURNING id (both engines' way to learn a new key) and
    // gives the id.
    int64_t exec_returning_id();
    virtual void reset() = 0;

    virtual int64_t i64(int col) const = 0;
    int i32(int col) const { return static_cast<int>(i64(col)); }
    virtual double f64(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual bool is_null(int col) const = 0;
    std::optional<int64_t> opt_i64(int col) const {
        return is_null(col) ? std::nullopt : std::optional<int64_t>(i64(col));
    }
    std::optional<double> opt_f64(int col) const {
        return is_null(col) ? std::nullopt : std::optional<double>(f64(col));
    }
    // The result's shape, for exports that dump whole rows.
    virtual int column_count() const = 0;
    virtual std::string column_name(int col) const = 0;
    virtual bool is_integer(int col) const = 0;
    virtual bool is_real(int col) const = 0;
};

class Db {
  public:
    virtual ~Db() = default;
    Db() = default;
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    // A cached prepared statement, reset and with bindings cleared. `sql` must
    // be a string literal (the cache is keyed by its address).
    Stmt& prepare(const char* sql);
    // Resets every cached statement. A statement left mid-iteration holds its
    // read transaction (and so an old WAL snapshot) open; connections are reset
    // whenever they go back to a pool or a job ends.
    void reset_all();
    // For DDL, pragmas and transaction control only (migrations, the writer).
    virtual void exec_script(const char* sql) = 0;
    // Runs what `Stmt::send` held back and throws its first error.
    virtual void flush() {}
    virtual Engine engine() const = 0;
    // Whether the connection still works: false once a PostgreSQL server has
    // gone away (restarted, failed over, the network cut). A file never goes.
    virtual bool usable() const { return true; }
    // Connects again after `usable()` turned false, dropping the cached
    // statements (the server forgot them); false while the server is away.
    virtual bool reconnect() { return true; }

  protected:
    // Drops every cached statement; an engine's destructor calls it while its
    // connection is still open.
    void clear_cache() { cache_.clear(); }

  private:
    virtual std::unique_ptr<Stmt> make_stmt(const char* sql) = 0;
    std::unordered_map<const char*, std::unique_ptr<Stmt>> cache_;
};

// Opens a connection. SQLite: creates the file if needed and sets WAL, foreign
// keys and the busy timeout. PostgreSQL: connects with the conninfo.
std::unique_ptr<Db> open_db(const Location& where, bool read_only);
std::unique_ptr<Db> open_sqlite(const std::string& path, bool read_only);
std::unique_ptr<Db> open_postgresql(const std::string& conninfo, bool read_only);

}  // namespace gridbot::store::detail
