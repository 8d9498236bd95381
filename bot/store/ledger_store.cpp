// Ledger import: the rows are pulled from their source one at a time and
// applied inside one writer job (one transaction), so that neither the file
// nor the stored households are ever held in memory as a whole.
#include <algorithm>
#include <optional>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "bot/store/store.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::DbError;

namespace {

// Thrown inside the job when the source failed: the savepoint rolls back.
struct SourceFailed : std::runtime_error {
    SourceFailed() : std::runtime_error("the ledger has problems; nothing was written") {}
};

std::string parent_of(const std::string& code) {
    auto slash = code.rfind('/');
    return slash == std::string::npos ? std::string() : code.substr(0, slash);
}

// One import inside the writer's job: nodes upserted as rows first name them,
// each row inserted, updated in place or left alone, then the active
// households the file did not name reported (and, with prune, deactivated).
class LedgerImport {
  public:
    LedgerImport(Db& db, const ImportOptions& opt) : db_(db), opt_(opt), write_(!opt.dry_run) {
        auto& all = db.prepare("SELECT id, code, name FROM nodes");
        while (all.step()) node_ids_[all.text(1)] = {all.i64(0), all.text(2)};
        auto& max = db.prepare("SELECT COALESCE(MAX(id), 0) FROM households");
        max_before_ = max.step() ? max.i64(0) : 0;
        seen_.assign(static_cast<size_t>(max_before_) + 1, false);
    }

    // Nodes come parents first.
    void add_node(const NodeRecord& n) {
        auto it = node_ids_.find(n.code);
        if (it != node_ids_.end()) {
            if (write_ && it->second.name != n.name) {
                db_.prepare("UPDATE nodes SET name = ? WHERE id = ?")
                    .bind(1, n.name)
                    .bind(2, it->second.id)
                    .exec();
                it->second.name = n.name;
            }
            return;
        }
        ++s_.nodes_added;
        if (!write_) {
            node_ids_[n.code] = {fake_id_--, n.name};  // dry run: a stand-in id
            return;
        }
        std::string parent = parent_of(n.code);
        auto& ins = db_.prepare(
            "INSERT INTO nodes(code, parent_id, level, name) VALUES (?, ?, ?, ?) "
            "RETURNING id");
        ins.bind(1, n.code);
        if (parent.empty()) {
            ins.bind_null(2);
        } else {
            ins.bind(2, node_ids_.at(parent).id);
        }
        node_ids_[n.code] = {ins.bind(3, n.level).bind(4, n.name).exec_returning_id(), n.name};
    }

    void apply(const HouseholdRecord& h) {
        const int64_t grid_id = node_ids_.at(h.grid_code).id;
        // A store without households (a first import) needs no look-up per row.
        if (max_before_ == 0) return insert(grid_id, h);
        const auto e = find(grid_id, h.address);
        if (!e) return insert(grid_id, h);
        const int64_t id = e->id;
        if (id > max_before_ || seen_[static_cast<size_t>(id)]) {
            // The same household spelt two ways (a node's code and its name).
            throw DbError(opt_.file + ":" + std::to_string(h.line) + ": household " + h.address +
                              " in " + h.grid_code + " is listed twice",
                          0);
        }
        seen_[static_cast<size_t>(id)] = true;
        // A column the file lacks keeps the stored value (tags carry the end dates).
        const int members = opt_.keep_members ? e->members : h.members;
        const std::string& contact = opt_.keep_contact ? e->contact : h.contact;
        const std::string& phone = opt_.keep_phone ? e->phone : h.phone;
        const int64_t tags = opt_.keep_tags ? e->tags : static_cast<int64_t>(h.tags);
        const std::string& isolation_until =
            opt_.keep_tags ? e->isolation_until : h.isolation_until;
        const std::string& monitoring_until =
            opt_.keep_tags ? e->monitoring_until : h.monitoring_until;
        const bool same = e->active && e->members == members && e->contact == contact &&
                          e->phone == phone && e->tags == tags &&
                          e->isolation_until == isolation_until &&
                          e->monitoring_until == monitoring_until;
        if (same) {
            ++s_.unchanged;
            return;
        }
        ++s_.updated;
        if (!write_) return;
        db_.prepare(
               "UPDATE households SET building = ?, unit = ?, room = ?, members = ?, "
               "contact = ?, phone = ?, tags = ?, isolation_until = NULLIF(?, ''), "
               "monitoring_until = NULLIF(?, ''), active = 1, updated_at = ? WHERE id = ?")
            .bind(1, h.building)
            .bind(2, h.unit)
            .bind(3, h.room)
            .bind(4, members)
            .bind(5, contact)
            .bind(6, phone)
            .bind(7, tags)
            .bind(8, isolation_until)
            .bind(9, monitoring_until)
            .bind(10, opt_.now)
            .bind(11, id)
            .exec();
    }

    ImportSummary finish() {
        report_absent();
        if (write_) {
            record_run();
            detail::bump_generation(db_);
        }
        return std::move(s_);
    }

  private:
    struct Node {
        int64_t id;
        std::string name;
    };
    struct Stored {
        int64_t id;
        int members;
        std::string contact, phone;
        int64_t tags;
        std::string isolation_until, monitoring_until;
        bool active;
    };
    // The columns below, in this order, then anything else.
    static Stored stored_of(detail::Stmt& q) {
        return {q.i64(0), q.i32(1),  q.text(2), q.text(3),
                q.i64(4), q.text(5), q.text(6), q.i32(7) != 0};
    }

    // The stored household at (grid, address). A ledger lists a grid's rows
    // together, so a grid's households are read in one query when its first
    // row comes (a round trip per grid, not per row, on PostgreSQL); a grid met
    // again after another is looked up row by row.
    std::optional<Stored> find(int64_t grid_id, const std::string& address) {
        if (grid_id != cached_grid_ && loaded_grids_.insert(grid_id).second) {
            cached_grid_ = grid_id;
            cache_.clear();
            auto& q = db_.prepare(
                "SELECT id, members, contact, phone, tags, COALESCE(isolation_until, ''), "
                "COALESCE(monitoring_until, ''), active, address FROM households "
                "WHERE grid_id = ?");
            q.bind(1, grid_id);
            while (q.step()) cache_.emplace(q.text(8), stored_of(q));
        }
        if (grid_id == cached_grid_) {
            auto it = cache_.find(address);
            if (it == cache_.end()) return std::nullopt;
            return it->second;
        }
        auto& q = db_.prepare(
            "SELECT id, members, contact, phone, tags, COALESCE(isolation_until, ''), "
            "COALESCE(monitoring_until, ''), active FROM households "
            "WHERE grid_id = ? AND address = ?");
        if (!q.bind(1, grid_id).bind(2, address).step()) return std::nullopt;
        Stored found = stored_of(q);
        q.reset();
        return found;
    }

    void insert(int64_t grid_id, const HouseholdRecord& h) {
        ++s_.added;
        if (!write_) return;
        db_.prepare(
               "INSERT INTO households(grid_id, address, building, unit, room, members, "
               "contact, phone, tags, isolation_until, monitoring_until, active, updated_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), 1, ?)")
            .bind(1, grid_id)
            .bind(2, h.address)
            .bind(3, h.building)
            .bind(4, h.unit)
            .bind(5, h.room)
            .bind(6, h.members)
            .bind(7, h.contact)
            .bind(8, h.phone)
            .bind(9, static_cast<int64_t>(h.tags))
            .bind(10, h.isolation_until)
            .bind(11, h.monitoring_until)
            .bind(12, opt_.now)
            .exec();
    }

    static constexpr int64_t kAbsentPage = 10000;  // the LIMIT below

    // Active households that were there before and that the file did not name.
    void report_absent() {
        if (max_before_ == 0) return;
        std::unordered_map<int64_t, const std::string*> grid_codes;
        for (const auto& [code, node] : node_ids_) grid_codes[node.id] = &code;
        std::priority_queue<std::string> listed;  // the first kAbsentListed, greatest on top
        std::vector<int64_t> to_prune;
        // In pages by id: PostgreSQL's client holds a whole result in memory.
        for (int64_t after = 0, got = kAbsentPage; got == kAbsentPage;) {
            auto& q = db_.prepare(
                "SELECT id, grid_id, address FROM households WHERE active = 1 AND id > ? "
                "AND id <= ? ORDER BY id LIMIT 10000");
            q.bind(1, after).bind(2, max_before_);
            for (got = 0; q.step(); ++got) {
                const int64_t id = after = q.i64(0);
                if (seen_[static_cast<size_t>(id)]) continue;
                ++s_.absent_count;
                if (opt_.prune) to_prune.push_back(id);
                listed.push(*grid_codes.at(q.i64(1)) + " " + q.text(2));
                if (listed.size() > ImportSummary::kAbsentListed) listed.pop();
            }
        }
        s_.absent.resize(listed.size());
        for (size_t i = listed.size(); i-- > 0; listed.pop()) s_.absent[i] = listed.top();
        if (!opt_.prune) return;
        s_.pruned = static_cast<int>(to_prune.size());
        if (!write_) return;
        for (int64_t id : to_prune) {
            db_.prepare("UPDATE households SET active = 0, updated_at = ? WHERE id = ?")
                .bind(1, opt_.now)
                .bind(2, id)
                .exec();
        }
    }

    void record_run() {
        db_.prepare(
               "INSERT INTO import_runs(file, encoding, at, added, updated, unchanged, absent, "
               "pruned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, opt_.file)
            .bind(2, opt_.encoding)
            .bind(3, opt_.now)
            .bind(4, s_.added)
            .bind(5, s_.updated)
            .bind(6, s_.unchanged)
            .bind(7, s_.absent_count)
            .bind(8, s_.pruned)
            .exec();
    }

    Db& db_;
    const ImportOptions& opt_;
    const bool write_;
    ImportSummary s_;
    std::unordered_map<std::string, Node> node_ids_;  // every node, by code
    int64_t fake_id_ = -1;
    // Households with a greater id were added by this import.
    int64_t max_before_ = 0;
    std::vector<bool> seen_;   // by id: named by the file
    int64_t cached_grid_ = 0;  // whose households cache_ holds, by address
    std::unordered_map<std::string, Stored> cache_;
    std::unordered_set<int64_t> loaded_grids_;
};

// Rows already in memory, as a source.
class RowsInMemory : public HouseholdSource {
  public:
    RowsInMemory(const std::vector<NodeRecord>& nodes, const std::vector<HouseholdRecord>& rows)
        : nodes_(nodes), rows_(rows) {
        std::stable_sort(
            nodes_.begin(), nodes_.end(),
            [](const NodeRecord& a, const NodeRecord& b) { return a.level < b.level; });
    }
    bool next(HouseholdRecord& row, std::vector<NodeRecord>& new_nodes) override {
        if (next_ == 0) new_nodes = std::move(nodes_);
        if (next_ >= rows_.size()) return false;
        row = rows_[next_++];
        return true;
    }
    bool failed() const override { return false; }

  private:
    std::vector<NodeRecord> nodes_;
    const std::vector<HouseholdRecord>& rows_;
    size_t next_ = 0;
};

}  // namespace

Result<ImportSummary> Store::import_ledger(HouseholdSource& source, const ImportOptions& opt) {
    auto job = [&](Db& db) {
        LedgerImport run(db, opt);
        HouseholdRecord row;
        std::vector<NodeRecord> new_nodes;
        for (;;) {
            new_nodes.clear();
            const bool more = source.next(row, new_nodes);
            if (source.failed()) throw SourceFailed();
            for (const auto& n : new_nodes) run.add_node(n);
            if (!more) break;
            run.apply(row);
        }
        return run.finish();
    };
    try {
        // The source is read as the job runs: it cannot run twice.
        return writer_->submit(job, detail::Writer::Once::yes).get();
    } catch (const SourceFailed& e) {
        return Error{"store.import_aborted", e.what()};
    } catch (const std::exception& e) {
        return Error{"store.import_failed", e.what()};
    }
}

Result<ImportSummary> Store::import_ledger(const std::vector<NodeRecord>& nodes,
                                           const std::vector<HouseholdRecord>& households,
                                           const ImportOptions& opt) {
    RowsInMemory source(nodes, households);
    return import_ledger(source, opt);
}

}  // namespace gridbot::store
