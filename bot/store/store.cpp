#include "bot/store/store.h"

#include "bot/store/migrations.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

Store::Store(Location where, std::unique_ptr<detail::Writer> w,
             std::unique_ptr<detail::ReaderPool> r)
    : where_(std::move(where)), writer_(std::move(w)), readers_(std::move(r)) {}

Store::~Store() { close(); }

void Store::observe_batches(Histogram* jobs, Histogram* seconds) {
    writer_->observe_batches(jobs, seconds);
}

void Store::close() {
    if (writer_) writer_->stop();
}

int Store::latest_version() { return detail::migrations().back().version; }

Result<std::unique_ptr<Store>> Store::open(const std::string& path, int64_t now,
                                           int target_version) {
    return open(Location{Engine::sqlite, path}, now, target_version, Schema::migrate);
}

Result<std::unique_ptr<Store>> Store::open(const Location& where, int64_t now, int target_version,
                                           Schema schema) {
    std::unique_ptr<Db> db;
    try {
        db = detail::open_db(where, false);
    } catch (const std::exception& e) {
        return Error{"store.open", describe(where) + ": " + e.what()};
    }
    try {
        if (schema == Schema::migrate) {
            detail::migrate(*db, target_version, now);
        } else if (int v = detail::current_version(*db); v != latest_version()) {
            return Error{"store.schema_outdated",
                         describe(where) + ": schema version " + std::to_string(v) +
                             ", this gridbot needs " + std::to_string(latest_version()) +
                             ": run `gridbot migrate --config FILE` first"};
        }
    } catch (const std::exception& e) {
        return Error{"store.migrate", describe(where) + ": " + e.what()};
    }
    auto writer = std::make_unique<detail::Writer>(std::move(db));
    auto readers = std::make_unique<detail::ReaderPool>(where);
    return std::unique_ptr<Store>(new Store(where, std::move(writer), std::move(readers)));
}

Result<std::unique_ptr<Store>> Store::open_for_use(const Location& where, int64_t now) {
    return open(where, now, 0,
                where.engine == Engine::postgresql ? Schema::require_current : Schema::migrate);
}

int Store::schema_version() {
    return readers_->with([](Db& db) {
        auto& q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        q.step();
        return q.i32(0);
    });
}

Counts Store::counts() {
    return readers_->with([](Db& db) {
        Counts c;
        auto& n = db.prepare("SELECT level, COUNT(*) FROM nodes GROUP BY level");
        while (n.step()) c.nodes.at(static_cast<size_t>(n.i32(0))) = n.i64(1);
        auto& h = db.prepare("SELECT active, COUNT(*) FROM households GROUP BY active");
        while (h.step()) (h.i32(0) ? c.households : c.inactive_households) = h.i64(1);
        return c;
    });
}

int64_t Store::generation() {
    return readers_->with([](Db& db) {
        auto& q = db.prepare("SELECT value FROM store_generation WHERE id = 1");
        int64_t v = q.step() ? q.i64(0) : 0;
        q.reset();
        return v;
    });
}

void detail::bump_generation(Db& db) {
    db.prepare("UPDATE store_generation SET value = value + 1 WHERE id = 1").exec();
}

std::vector<NodeRecord> Store::nodes() {
    return readers_->with([](Db& db) {
        std::vector<NodeRecord> out;
        auto& q = db.prepare("SELECT code, name, level FROM nodes ORDER BY code");
        while (q.step()) out.push_back({q.text(0), q.text(1), q.i32(2)});
        return out;
    });
}

std::optional<NodeRecord> Store::node(const std::string& code) {
    return readers_->with([&](Db& db) -> std::optional<NodeRecord> {
        auto& q = db.prepare("SELECT code, name, level FROM nodes WHERE code = ?");
        q.bind(1, code);
        if (!q.step()) return std::nullopt;
        return NodeRecord{q.text(0), q.text(1), q.i32(2)};
    });
}

std::optional<HouseholdRef> Store::household(const std::string& grid_code,
                                             const std::string& address) {
    return readers_->with([&](Db& db) -> std::optional<HouseholdRef> {
        auto& q = db.prepare(
            "SELECT h.id FROM households h JOIN nodes n ON n.id = h.grid_id "
            "WHERE n.code = ? AND h.address = ? AND h.active = 1");
        q.bind(1, grid_code).bind(2, address);
        if (!q.step()) return std::nullopt;
        return HouseholdRef{q.i64(0), grid_code, address};
    });
}

std::optional<HouseholdRef> Store::household_by_id(int64_t id) {
    return readers_->with([&](Db& db) -> std::optional<HouseholdRef> {
        auto& q = db.prepare(
            "SELECT n.code, h.address FROM households h JOIN nodes n ON n.id = h.grid_id WHERE "
            "h.id = ?");
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return HouseholdRef{id, q.text(0), q.text(1)};
    });
}

std::vector<std::string> Store::addresses(const std::string& grid_code) {
    return readers_->with([&](Db& db) {
        std::vector<std::string> out;
        auto& q = db.prepare(
            "SELECT h.address FROM households h JOIN nodes n ON n.id = h.grid_id "
            "WHERE n.code = ? AND h.active = 1 ORDER BY CAST(h.building AS INTEGER), h.building, "
            "CAST(h.unit AS INTEGER), CAST(h.room AS INTEGER), h.room");
        q.bind(1, grid_code);
        while (q.step()) out.push_back(q.text(0));
        return out;
    });
}

std::vector<NodeRecord> Store::children(const std::string& code) {
    return readers_->with([&](Db& db) {
        std::vector<NodeRecord> out;
        auto& q = db.prepare(
            "SELECT c.code, c.name, c.level FROM nodes c JOIN nodes p ON c.parent_id = p.id "
            "WHERE p.code = ? ORDER BY c.code");
        q.bind(1, code);
        while (q.step()) out.push_back({q.text(0), q.text(1), q.i32(2)});
        return out;
    });
}

std::string Store::integrity_check() {
    if (engine() == Engine::postgresql) {
        return readers_->with([](Db& db) {
            auto& q = db.prepare("SELECT 'ok'");
            q.step();
            return q.text(0);
        });
    }
    return writer_
        ->submit([](Db& db) {
            std::string out;
            auto& q = db.prepare("PRAGMA integrity_check");
            while (q.step()) {
                if (!out.empty()) out += '\n';
                out += q.text(0);
            }
            return out;
        })
        .get();
}

}  // namespace gridbot::store
