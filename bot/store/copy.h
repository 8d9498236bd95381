#pragma once
// `gridbot copy-store` (issue 18): moves a district's SQLite store into a
// PostgreSQL database, so it can be done while the daemon keeps running.
//
// - The source is read inside one read transaction: a snapshot. The daemon may
//   keep writing to the file (WAL); what it writes after the snapshot is moved
//   by a second run once it is stopped.
// - The target is first migrated to the source's schema version; a source at
//   another version than this build's is refused (copy.schema).
// - Every table is copied in dependency order (parents first), in batches of
//   multi-row INSERTs, inside ONE transaction over the whole copy: the
//   verification runs inside it too, so a failed or mismatched copy writes
//   nothing, and the target is never seen half-copied.
// - Idempotent: rows are matched by primary key. The source is the authority:
//   a new row is inserted, a row that differs is updated to the source's
//   values (the daemon updates rows between two runs: outbox states,
//   incidents), an equal row is left alone. A second run reports 0 new rows.
// - Identity sequences are moved past the largest copied id.
// - Verified: per table, the row count and the sum of integer keys of the
//   snapshot and of the target must match. A target holding rows the source
//   lacks (another daemon wrote there, or the purge removed them from the source
//   between two runs) fails this check: nothing is written (copy.verify).
#include <cstdint>
#include <string>
#include <vector>

#include "bot/core/error.h"
#include "bot/store/location.h"

namespace gridbot::store {

struct CopiedTable {
    std::string name;
    int64_t source_rows = 0, target_rows = 0;
    int64_t added = 0, updated = 0;
    // The sums of the integer primary key on both sides ("" when the key is not
    // one integer column).
    std::string source_key_sum, target_key_sum;
    bool matches() const { return source_rows == target_rows && source_key_sum == target_key_sum; }
};

struct CopyReport {
    int schema_version = 0;
    std::vector<CopiedTable> tables;  // in copy order
    bool committed = false;           // false: verification failed, rolled back
    double seconds = 0;
    int64_t rows() const;
    int64_t added() const;
    int64_t updated() const;
};

// Errors: copy.source (cannot open or read the SQLite file), copy.schema
// (versions differ), copy.target (cannot connect or migrate), copy.write (a
// table failed to copy; names it; rolled back). A verification mismatch is
// not an error: the report comes back with committed false.
Result<CopyReport> copy_store(const Location& from, const Location& to, int64_t now,
                              int batch_rows = 500);

}  // namespace gridbot::store
