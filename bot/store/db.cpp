#include "bot/store/db.h"

#include <sqlite3.h>

namespace gridbot::store::detail {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, const char* what) {
    throw DbError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}

}  // namespace

Stmt::Stmt(sqlite3* db, const char* sql) : db_(db) {
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

Stmt& Stmt::bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
}

Stmt& Stmt::bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
    sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Stmt& Stmt::bind_null(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
}

bool Stmt::step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(s_);
    fail(db_, rc, "step");
}

int Stmt::exec() {
    while (step()) {
    }
    return sqlite3_changes(db_);
}

void Stmt::reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

int64_t Stmt::i64(int col) const { return sqlite3_column_int64(s_, col); }
double Stmt::f64(int col) const { return sqlite3_column_double(s_, col); }
bool Stmt::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
int Stmt::column_count() const { return sqlite3_column_count(s_); }
std::string Stmt::column_name(int col) const { return sqlite3_column_name(s_, col); }
bool Stmt::is_integer(int col) const { return sqlite3_column_type(s_, col) == SQLITE_INTEGER; }
bool Stmt::is_real(int col) const { return sqlite3_column_type(s_, col) == SQLITE_FLOAT; }

std::string Stmt::text(int col) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

Db::Db(const std::string& path, bool read_only) {
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

Db::~Db() {
    cache_.clear();
    sqlite3_close(db_);
}

Stmt& Db::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(sql, std::make_unique<Stmt>(db_, sql)).first;
    }
    it->second->reset();
    return *it->second;
}

void Db::reset_all() {
    for (auto& [sql, stmt] : cache_) stmt->reset();
}

void Db::exec_script(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbError(msg, rc);
    }
}

int64_t Db::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Db::changes() const { return sqlite3_changes(db_); }

}  // namespace gridbot::store::detail
