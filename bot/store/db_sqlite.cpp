#include <sqlite3.h>

#include <chrono>

#include "bot/store/db.h"

namespace gridbot::store::detail {
namespace {

class SqliteStmt final : public Stmt {
  public:
    SqliteStmt(sqlite3* db, const char* sql);
    ~SqliteStmt() override;

    Stmt& bind(int i, int64_t v) override;
    Stmt& bind(int i, double v) override;
    Stmt& bind(int i, std::string_view v) override;
    Stmt& bind_null(int i) override;
    bool step() override;
    int exec() override;
    void reset() override;
    int64_t i64(int col) const override;
    double f64(int col) const override;
    std::string text(int col) const override;
    bool is_null(int col) const override;
    int column_count() const override;
    std::string column_name(int col) const override;
    bool is_integer(int col) const override;
    bool is_real(int col) const override;

  private:
    sqlite3* db_;
    sqlite3_stmt* s_ = nullptr;
};

class SqliteDb final : public Db {
  public:
    SqliteDb(const std::string& path, bool read_only);
    ~SqliteDb() override;
    void exec_script(const char* sql) override;
    Engine engine() const override { return Engine::sqlite; }

  private:
    std::unique_ptr<Stmt> make_stmt(const char* sql) override {
        return std::make_unique<SqliteStmt>(db_, sql);
    }
    sqlite3* db_ = nullptr;
};

[[noreturn]] void fail(sqlite3* db, int rc, const char* what) {
    throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}

SqliteStmt::SqliteStmt(sqlite3* db, const char* sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(s_); }

Stmt& SqliteStmt::bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
}

Stmt& SqliteStmt::bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
}

Stmt& SqliteStmt::bind(int i, std::string_view v) {
    sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Stmt& SqliteStmt::bind_null(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
}

bool SqliteStmt::step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(s_);
    fail(db_, rc, "step");
}

int SqliteStmt::exec() {
    while (step()) {
    }
    return sqlite3_changes(db_);
}

void SqliteStmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

int64_t SqliteStmt::i64(int col) const { return sqlite3_column_int64(s_, col); }
double SqliteStmt::f64(int col) const { return sqlite3_column_double(s_, col); }
bool SqliteStmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
int SqliteStmt::column_count() const { return sqlite3_column_count(s_); }
std::string SqliteStmt::column_name(int col) const { return sqlite3_column_name(s_, col); }
bool SqliteStmt::is_integer(int col) const {
    return sqlite3_column_type(s_, col) == SQLITE_INTEGER;
}
bool SqliteStmt::is_real(int col) const { return sqlite3_column_type(s_, col) == SQLITE_FLOAT; }

std::string SqliteStmt::text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

SqliteDb::SqliteDb(const std::string& path, bool read_only) {
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread at a time
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw DbError("open " + path + ": " + msg, rc);
    }
    sqlite3_busy_timeout(db_, 10000);
    // last_id('table'): the id the connection's last INSERT took (the common
    // dialect names the table because PostgreSQL needs it, sql_dialect.h).
    sqlite3_create_function(
        db_, "last_id", 1, SQLITE_UTF8, nullptr,
        [](sqlite3_context* ctx, int, sqlite3_value**) {
            sqlite3_result_int64(ctx, sqlite3_last_insert_rowid(sqlite3_context_db_handle(ctx)));
        },
        nullptr, nullptr);
    // now_ms(): the system clock in unix ms (PostgreSQL: the server's clock).
    sqlite3_create_function(
        db_, "now_ms", 0, SQLITE_UTF8, nullptr,
        [](sqlite3_context* ctx, int, sqlite3_value**) {
            sqlite3_result_int64(ctx, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
        },
        nullptr, nullptr);
    exec_script("PRAGMA foreign_keys = ON;");
    if (!read_only) {
        // WAL: readers never block the writer. FULL costs nothing measurable
        // under group commit (PERFORMANCE.md) and makes an answered webhook durable.
        // Incremental auto-vacuum lets the purge give pages back in small steps.
        // SQLite takes the mode only before the first table is created: a new
        // database gets it here; an older one keeps its mode until a full VACUUM
        // (`gridbot privacy purge --vacuum`, docs/privacy.md).
        exec_script(
            "PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; "
            "PRAGMA synchronous = FULL;");
    }
}

SqliteDb::~SqliteDb() {
    clear_cache();
    sqlite3_close(db_);
}

void SqliteDb::exec_script(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbError(msg, rc);
    }
}

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::string& path, bool read_only) {
    return std::make_unique<SqliteDb>(path, read_only);
}

}  // namespace gridbot::store::detail
