#pragma once
// Online backup and offline restore of the SQLite store (issue: the
// operator's kit). A backup is SQLite's backup API run in one step, so the
// copy is the database as it stood at one moment while the daemon keeps
// writing (WAL readers do not block the writer). A restore never destroys
// anything: the database it replaces is moved aside, with its -wal and -shm,
// and named in the result.
#include <cstdint>
#include <string>

#include "bot/core/error.h"
#include "bot/store/instance_lock.h"

namespace gridbot::store {

struct BackupInfo {
    std::string path;  // the file written
    int schema_version = 0;
    int64_t bytes = 0;
    int64_t households = 0;  // active and inactive
    int64_t reports = 0;
    int64_t outbox = 0;
    double seconds = 0;
};

// Copies the database at `db_path` to `dest` (a file that must not exist).
// The copy is written to `dest`.partial, checked with PRAGMA integrity_check,
// synced and renamed, so `dest` is either complete and sound or absent.
// Errors: backup.exists, backup.open, backup.copy, backup.integrity, backup.write.
Result<BackupInfo> backup_database(const std::string& db_path, const std::string& dest);

// Checks a backup file: it opens, PRAGMA integrity_check says ok, and its
// schema is one this build knows (not newer than Store::latest_version()).
// Errors: restore.open, restore.integrity, restore.schema.
Result<BackupInfo> check_backup(const std::string& backup_path);

struct RestoreInfo {
    BackupInfo restored;
    std::string previous;  // where the replaced database was moved; empty: there was none
};

// Replaces the database at `db_path` with the backup at `backup_path` after
// check_backup(). Refuses (restore.in_use) while a daemon holds the database
// (see InstanceLock). The replaced database, -wal and -shm are renamed to
// `db_path`.before-restore-<now> so nothing is lost.
// Errors: those of check_backup, restore.in_use, restore.write.
Result<RestoreInfo> restore_database(const std::string& backup_path, const std::string& db_path,
                                     int64_t now);

}  // namespace gridbot::store
