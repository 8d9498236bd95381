#pragma once
// The store: every byte of gridbot's state lives in one database, a SQLite file
// (WAL, foreign keys on; the default) or a PostgreSQL database (docs/scaling.md).
// No SQL exists outside bot/store; other modules call the domain functions
// declared here and in the other bot/store headers.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/error.h"
#include "bot/store/location.h"

namespace gridbot {
class Histogram;
}

namespace gridbot::store {

namespace detail {
class Writer;
class ReaderPool;
class Db;
// Inside a writer job: moves the store's generation (Store::generation).
void bump_generation(Db& db);
}  // namespace detail

struct NodeRecord {
    std::string code;  // nangang/xianfeng
    std::string name;  // 先锋街道
    int level = 0;     // 0 district .. 3 grid
};

struct HouseholdRecord {
    int line = 0;  // where it came from, for messages
    std::string grid_code;
    std::string address, building, unit, room;
    int members = 1;
    std::string contact, phone;
    uint16_t tags = 0;
    std::string isolation_until, monitoring_until;
};

struct HouseholdRef {
    int64_t id = 0;
    std::string grid_code;
    std::string address;
};

struct ImportOptions {
    bool prune = false;  // deactivate households absent from the file
    bool dry_run = false;
    std::string file{};
    std::string encoding{};
    int64_t now = 0;
    // Columns the file lacks: an existing household keeps its stored value for
    // each (a re-import never clears data by omission); new households get the
    // defaults. False for a column means the file's (empty) values replace it.
    bool keep_members = false, keep_contact = false, keep_phone = false, keep_tags = false;
};

struct ImportSummary {
    int nodes_added = 0;
    int added = 0, updated = 0, unchanged = 0, pruned = 0;
    // Active households not in the file: how many, and the first kAbsentListed
    // of them in order, as "grid-code address".
    static constexpr size_t kAbsentListed = 50;
    int64_t absent_count = 0;
    std::vector<std::string> absent;
};

// The rows of an import, pulled one at a time inside its transaction, so that
// no copy of the whole ledger is ever held.
class HouseholdSource {
  public:
    virtual ~HouseholdSource() = default;
    // Fills `row` with the next household and appends to `new_nodes` the nodes
    // that this row names for the first time, parents first (nodes may come
    // with a false return too). False at the end, or when the source failed.
    virtual bool next(HouseholdRecord& row, std::vector<NodeRecord>& new_nodes) = 0;
    // True once the source has found a problem: the import writes nothing.
    virtual bool failed() const = 0;
};

struct Counts {
    std::array<int64_t, 4> nodes{};  // by level
    int64_t households = 0;          // active
    int64_t inactive_households = 0;
};

// What opening does with the schema. SQLite migrates at start; on PostgreSQL
// `gridbot migrate` does, and the daemon only checks.
enum class Schema { migrate, require_current };

class Store {
  public:
    // Opens or creates the SQLite file and applies migrations up to
    // `target_version` (0: all). Fails with store.open or store.migrate.
    static Result<std::unique_ptr<Store>> open(const std::string& path, int64_t now,
                                               int target_version = 0);
    // Either engine. With Schema::require_current an older schema fails with
    // store.schema_outdated, naming `gridbot migrate`.
    static Result<std::unique_ptr<Store>> open(const Location& where, int64_t now,
                                               int target_version = 0,
                                               Schema schema = Schema::migrate);
    // How commands and the daemon open it: SQLite migrates, PostgreSQL must
    // already be current (`gridbot migrate`).
    static Result<std::unique_ptr<Store>> open_for_use(const Location& where, int64_t now);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    static int latest_version();
    int schema_version();
    // The SQLite file, or the conninfo on PostgreSQL.
    const std::string& path() const { return where_.target; }
    const Location& location() const { return where_; }
    Engine engine() const { return where_.engine; }

    // One transaction: nodes are upserted, households inserted or updated in
    // place (keeping their id, so bindings and history stay), absent ones
    // reported and, with prune, deactivated. Nothing is written on error or dry run.
    // The rows are pulled from `source` inside the transaction; when the
    // source fails it is rolled back and the result is store.import_aborted
    // (the source knows what was wrong).
    Result<ImportSummary> import_ledger(HouseholdSource& source, const ImportOptions& options);
    // The same from rows in memory.
    Result<ImportSummary> import_ledger(const std::vector<NodeRecord>& nodes,
                                        const std::vector<HouseholdRecord>& households,
                                        const ImportOptions& options);

    Counts counts();
    // The store's generation: it moves on every change made outside a running
    // daemon (imports, erasures), which then reloads what it keeps in memory.
    int64_t generation();
    std::vector<NodeRecord> nodes();
    std::optional<NodeRecord> node(const std::string& code);
    // An active household of a grid by normalised address ("3-2-502").
    std::optional<HouseholdRef> household(const std::string& grid_code, const std::string& address);
    std::optional<HouseholdRef> household_by_id(int64_t id);
    // Active households' addresses of a grid, in address order.
    std::vector<std::string> addresses(const std::string& grid_code);
    std::vector<NodeRecord> children(const std::string& code);
    // "ok", or what PRAGMA integrity_check found. PostgreSQL checks its pages
    // itself (data checksums, amcheck): "ok" once the server answers.
    std::string integrity_check();

    // Drains queued writes and stops the writer thread.
    void close();

    // Each committed write transaction's jobs and seconds go to these (the
    // daemon's /metrics); set before work arrives, to outlive the store.
    void observe_batches(Histogram* jobs, Histogram* seconds);

    detail::Writer& writer() { return *writer_; }
    detail::ReaderPool& readers() { return *readers_; }

  private:
    Store(Location where, std::unique_ptr<detail::Writer> w, std::unique_ptr<detail::ReaderPool> r);
    Location where_;
    std::unique_ptr<detail::Writer> writer_;
    std::unique_ptr<detail::ReaderPool> readers_;
};

}  // namespace gridbot::store
