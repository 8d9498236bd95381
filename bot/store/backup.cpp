#include "bot/store/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>

#include "bot/store/store.h"

namespace gridbot::store {

namespace {

namespace fs = std::filesystem;

struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Conn = std::unique_ptr<sqlite3, Closer>;

Result<Conn> open_conn(const std::string& path, int flags, const char* error_id) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Conn db(raw);
    if (rc != SQLITE_OK) {
        return Error{error_id, path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    }
    sqlite3_busy_timeout(raw, 10000);
    return db;
}

// The first column of the first row of `sql`, as text; empty when no row.
std::string scalar(sqlite3* db, const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(st, 0);
        out = t ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(st);
    return out;
}

int64_t count_rows(sqlite3* db, const char* sql) {
    std::string s = scalar(db, sql);
    return s.empty() ? 0 : std::stoll(s);
}

// Opens `path` read-only and describes it; integrity and schema checked.
Result<BackupInfo> describe(const std::string& path, const char* prefix) {
    std::string id = std::string(prefix);
    auto db = open_conn(path, SQLITE_OPEN_READONLY, (id + ".open").c_str());
    if (!db) return db.error();
    sqlite3* c = db.value().get();
    std::string integrity = scalar(c, "PRAGMA integrity_check");
    if (integrity != "ok") {
        return Error{id + ".integrity",
                     path + ": PRAGMA integrity_check says: " +
                         (integrity.empty() ? std::string(sqlite3_errmsg(c)) : integrity)};
    }
    BackupInfo info;
    info.path = path;
    info.schema_version =
        static_cast<int>(count_rows(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (info.schema_version == 0) {
        return Error{id + ".schema", path + ": not a gridbot database (no schema_migrations)"};
    }
    if (info.schema_version > Store::latest_version()) {
        return Error{id + ".schema", path + ": schema version " +
                                         std::to_string(info.schema_version) +
                                         " is newer than this gridbot knows (" +
                                         std::to_string(Store::latest_version()) + ")"};
    }
    info.households = count_rows(c, "SELECT COUNT(*) FROM households");
    info.reports = count_rows(c, "SELECT COUNT(*) FROM reports");
    info.outbox = count_rows(c, "SELECT COUNT(*) FROM outbox");
    std::error_code ec;
    info.bytes = static_cast<int64_t>(fs::file_size(path, ec));
    return info;
}

// fsync of a file or a directory by path.
bool sync_path(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

std::string parent_dir(const std::string& path) {
    fs::path p = fs::absolute(path).parent_path();
    return p.empty() ? "." : p.string();
}

// Copies the whole database `from` into a new file `to` with the backup API,
// in one step: one read transaction on the source, so one consistent moment.
Result<bool> copy_pages(const std::string& from, const std::string& to, const char* prefix) {
    std::string id = prefix;
    auto src = open_conn(from, SQLITE_OPEN_READONLY, (id + ".open").c_str());
    if (!src) return src.error();
    auto dst = open_conn(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, (id + ".write").c_str());
    if (!dst) return dst.error();
    sqlite3_backup* b = sqlite3_backup_init(dst.value().get(), "main", src.value().get(), "main");
    if (b == nullptr) return Error{id + ".copy", to + ": " + sqlite3_errmsg(dst.value().get())};
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        return Error{id + ".copy", from + " -> " + to + ": " + sqlite3_errstr(rc)};
    }
    return true;
}

}  // namespace

Result<BackupInfo> backup_database(const std::string& db_path, const std::string& dest) {
    auto started = std::chrono::steady_clock::now();
    std::error_code ec;
    if (!fs::exists(db_path, ec)) return Error{"backup.open", db_path + ": no such database"};
    if (fs::exists(dest, ec)) {
        return Error{"backup.exists", dest + ": already exists (a backup never overwrites)"};
    }
    const std::string partial = dest + ".partial";
    fs::remove(partial, ec);
    auto copied = copy_pages(db_path, partial, "backup");
    if (!copied) {
        fs::remove(partial, ec);
        return copied.error();
    }
    auto info = describe(partial, "backup");
    if (!info) {
        fs::remove(partial, ec);
        return info.error();
    }
    if (!sync_path(partial) || ::rename(partial.c_str(), dest.c_str()) != 0 ||
        !sync_path(parent_dir(dest))) {
        std::string why = std::strerror(errno);
        fs::remove(partial, ec);
        return Error{"backup.write", dest + ": " + why};
    }
    info.value().path = dest;
    info.value().seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return info;
}

Result<BackupInfo> check_backup(const std::string& backup_path) {
    std::error_code ec;
    if (!fs::is_regular_file(backup_path, ec)) {
        return Error{"restore.open", backup_path + ": no such file"};
    }
    return describe(backup_path, "restore");
}

Result<RestoreInfo> restore_database(const std::string& backup_path, const std::string& db_path,
                                     int64_t now) {
    auto checked = check_backup(backup_path);
    if (!checked) return checked.error();
    std::error_code ec;
    const bool had_db = fs::exists(db_path, ec);
    std::optional<InstanceLock> lock;
    if (had_db) {
        auto held = InstanceLock::acquire(db_path);
        if (!held) {
            return Error{"restore.in_use", held.error().message + " (stop the daemon first)"};
        }
        lock.emplace(std::move(held.value()));
    }
    // The new database is complete and synced beside the old one before
    // anything is renamed.
    const std::string incoming = db_path + ".restoring";
    fs::remove(incoming, ec);
    if (auto copied = copy_pages(backup_path, incoming, "restore"); !copied) {
        fs::remove(incoming, ec);
        return copied.error();
    }
    if (!sync_path(incoming)) return Error{"restore.write", incoming + ": " + std::strerror(errno)};
    RestoreInfo out;
    out.restored = checked.value();
    out.restored.path = db_path;
    if (had_db) {
        // A stale -wal beside the new file would be replayed into it: the old
        // database moves aside together with its -wal and -shm.
        out.previous = db_path + ".before-restore-" + std::to_string(now);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::string from = db_path + suffix;
            if (!fs::exists(from, ec)) continue;
            if (::rename(from.c_str(), (out.previous + suffix).c_str()) != 0) {
                return Error{"restore.write", from + ": " + std::strerror(errno)};
            }
        }
    }
    if (::rename(incoming.c_str(), db_path.c_str()) != 0 || !sync_path(parent_dir(db_path))) {
        return Error{"restore.write", db_path + ": " + std::strerror(errno)};
    }
    return out;
}

}  // namespace gridbot::store
