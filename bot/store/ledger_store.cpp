// Ledger import: the diff between the file and the store, applied in one
// writer job (one transaction).
#include <algorithm>
#include <unordered_map>

#include "bot/store/store.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

namespace {

struct Existing {
    int64_t id;
    int members;
    std::string contact, phone;
    int64_t tags;
    std::string isolation_until, monitoring_until;
    bool active;
    bool seen = false;
};

std::string key_of(int64_t grid_id, const std::string& address) {
    return std::to_string(grid_id) + "\x1f" + address;
}

std::string parent_of(const std::string& code) {
    auto slash = code.rfind('/');
    return slash == std::string::npos ? std::string() : code.substr(0, slash);
}

// Upserts nodes top-down; returns code -> id for every node in the store.
std::unordered_map<std::string, int64_t> upsert_nodes(Db& db, std::vector<NodeRecord> nodes,
                                                      bool write, int& added) {
    std::unordered_map<std::string, int64_t> ids;
    auto& all = db.prepare("SELECT id, code, name FROM nodes");
    std::unordered_map<std::string, std::string> names;
    while (all.step()) {
        ids[all.text(1)] = all.i64(0);
        names[all.text(1)] = all.text(2);
    }
    std::stable_sort(nodes.begin(), nodes.end(),
                     [](const NodeRecord& a, const NodeRecord& b) { return a.level < b.level; });
    int64_t fake_id = -1;  // dry run: stand-in ids for nodes not yet created
    for (const auto& n : nodes) {
        auto it = ids.find(n.code);
        if (it != ids.end()) {
            if (write && names[n.code] != n.name) {
                db.prepare("UPDATE nodes SET name = ? WHERE id = ?")
                    .bind(1, n.name)
                    .bind(2, it->second)
                    .exec();
            }
            continue;
        }
        ++added;
        if (!write) {
            ids[n.code] = fake_id--;
            continue;
        }
        std::string parent = parent_of(n.code);
        auto& ins = db.prepare(
            "INSERT INTO nodes(code, parent_id, level, name) VALUES (?, ?, ?, ?) "
            "RETURNING id");
        ins.bind(1, n.code);
        if (parent.empty()) {
            ins.bind_null(2);
        } else {
            ins.bind(2, ids.at(parent));
        }
        ids[n.code] = ins.bind(3, n.level).bind(4, n.name).exec_returning_id();
    }
    return ids;
}

}  // namespace

Result<ImportSummary> Store::import_ledger(const std::vector<NodeRecord>& nodes,
                                           const std::vector<HouseholdRecord>& households,
                                           const ImportOptions& opt) {
    auto job = [&](Db& db) {
        ImportSummary s;
        bool write = !opt.dry_run;
        auto node_ids = upsert_nodes(db, nodes, write, s.nodes_added);

        std::unordered_map<std::string, Existing> existing;
        std::unordered_map<int64_t, std::string> grid_codes;
        for (const auto& [code, id] : node_ids) grid_codes[id] = code;
        auto& all = db.prepare(
            "SELECT id, grid_id, address, members, contact, phone, tags, "
            "COALESCE(isolation_until, ''), COALESCE(monitoring_until, ''), active FROM "
            "households");
        existing.reserve(households.size());
        while (all.step()) {
            existing.emplace(key_of(all.i64(1), all.text(2)),
                             Existing{all.i64(0), all.i32(3), all.text(4), all.text(5), all.i64(6),
                                      all.text(7), all.text(8), all.i32(9) != 0});
        }

        for (const auto& h : households) {
            int64_t grid_id = node_ids.at(h.grid_code);
            auto it = existing.find(key_of(grid_id, h.address));
            if (it == existing.end()) {
                ++s.added;
                if (!write) continue;
                db.prepare(
                      "INSERT INTO households(grid_id, address, building, unit, room, members, "
                      "contact, phone, tags, isolation_until, monitoring_until, active, "
                      "updated_at) "
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
                    .bind(12, opt.now)
                    .exec();
                continue;
            }
            Existing& e = it->second;
            e.seen = true;
            // A column the file lacks keeps the stored value (tags carry the end dates).
            const int members = opt.keep_members ? e.members : h.members;
            const std::string& contact = opt.keep_contact ? e.contact : h.contact;
            const std::string& phone = opt.keep_phone ? e.phone : h.phone;
            const int64_t tags = opt.keep_tags ? e.tags : static_cast<int64_t>(h.tags);
            const std::string& isolation_until =
                opt.keep_tags ? e.isolation_until : h.isolation_until;
            const std::string& monitoring_until =
                opt.keep_tags ? e.monitoring_until : h.monitoring_until;
            bool same = e.active && e.members == members && e.contact == contact &&
                        e.phone == phone && e.tags == tags &&
                        e.isolation_until == isolation_until &&
                        e.monitoring_until == monitoring_until;
            if (same) {
                ++s.unchanged;
                continue;
            }
            ++s.updated;
            if (!write) continue;
            db.prepare(
                  "UPDATE households SET building = ?, unit = ?, room = ?, members = ?, contact = "
                  "?, "
                  "phone = ?, tags = ?, isolation_until = NULLIF(?, ''), "
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
                .bind(10, opt.now)
                .bind(11, e.id)
                .exec();
        }

        for (const auto& [key, e] : existing) {
            if (e.seen || !e.active) continue;
            auto sep = key.find('\x1f');
            int64_t grid_id = std::stoll(key.substr(0, sep));
            s.absent.push_back(grid_codes[grid_id] + " " + key.substr(sep + 1));
            if (opt.prune) {
                ++s.pruned;
                if (write) {
                    db.prepare("UPDATE households SET active = 0, updated_at = ? WHERE id = ?")
                        .bind(1, opt.now)
                        .bind(2, e.id)
                        .exec();
                }
            }
        }
        std::sort(s.absent.begin(), s.absent.end());
        if (write) {
            db.prepare(
                  "INSERT INTO import_runs(file, encoding, at, added, updated, unchanged, absent, "
                  "pruned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, opt.file)
                .bind(2, opt.encoding)
                .bind(3, opt.now)
                .bind(4, s.added)
                .bind(5, s.updated)
                .bind(6, s.unchanged)
                .bind(7, static_cast<int64_t>(s.absent.size()))
                .bind(8, s.pruned)
                .exec();
        }
        return s;
    };
    try {
        return writer_->submit(job).get();
    } catch (const std::exception& e) {
        return Error{"store.import_failed", e.what()};
    }
}

}  // namespace gridbot::store
