#include "bot/store/purge.h"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using nlohmann::json;

std::string_view purge_kind_name(PurgeKind k) {
    switch (k) {
        case PurgeKind::DayStatus:
            return "day_status";
        case PurgeKind::Reports:
            return "reports";
        case PurgeKind::Inbound:
            return "inbound";
        case PurgeKind::Outbox:
            return "outbox";
        case PurgeKind::Calls:
            return "calls";
        case PurgeKind::Incidents:
            return "incidents";
        case PurgeKind::Transcripts:
            return "transcripts";
        case PurgeKind::Audit:
            return "audit";
    }
    return "?";
}

void detail::AnonymousCounts::add(int status, const std::string& categories_json) {
    if (status == 1) ++zero;
    if (status != 2) return;
    ++anomaly;
    json list = json::parse(categories_json, nullptr, false);
    if (!list.is_array()) return;
    for (const auto& c : list) {
        if (c.is_string()) ++categories[c.get<std::string>()];
    }
}

void detail::add_to_day_counts(Db& db, const std::string& day, const std::string& grid,
                               const AnonymousCounts& counts) {
    json cats = json::object();
    auto& old = db.prepare("SELECT categories FROM day_counts WHERE day = ? AND grid = ?");
    old.bind(1, day).bind(2, grid);
    if (old.step()) cats = json::parse(old.text(0), nullptr, false);
    old.reset();
    if (!cats.is_object()) cats = json::object();
    for (const auto& [c, n] : counts.categories) cats[c] = cats.value(c, int64_t{0}) + n;
    db.prepare(
          "INSERT INTO day_counts(day, grid, zero, anomaly, categories) VALUES (?1, ?2, ?3, ?4, "
          "?5) "
          "ON CONFLICT(day, grid) DO UPDATE SET zero = day_counts.zero + ?3, "
          "anomaly = day_counts.anomaly + ?4, "
          "categories = ?5")
        .bind(1, day)
        .bind(2, grid)
        .bind(3, counts.zero)
        .bind(4, counts.anomaly)
        .bind(5, cats.dump())
        .exec();
}

namespace {

// Day statuses before the cutoff day become anonymous counts, in the same
// transaction. Inactive households count nowhere (as the live query has it).
int64_t purge_day_status(Db& db, const PurgeCutoffs& c, int limit) {
    struct Row {
        std::string day;
        int64_t household;
        std::string grid;  // "" : inactive, not counted
        int status;
        std::string categories;
    };
    std::vector<Row> rows;
    auto& q = db.prepare(
        "SELECT s.day, s.household_id, CASE WHEN h.active = 1 THEN n.code ELSE '' END, s.status, "
        "s.categories FROM day_status s JOIN households h ON h.id = s.household_id "
        "JOIN nodes n ON n.id = h.grid_id WHERE s.day < ? ORDER BY s.day LIMIT ?");
    q.bind(1, c.reports_day).bind(2, limit);
    while (q.step()) rows.push_back({q.text(0), q.i64(1), q.text(2), q.i32(3), q.text(4)});
    q.reset();
    // One day_counts write per grid and day of the batch.
    std::map<std::pair<std::string, std::string>, detail::AnonymousCounts> counts;
    for (const auto& r : rows) {
        if (!r.grid.empty()) counts[{r.day, r.grid}].add(r.status, r.categories);
    }
    for (const auto& [at, n] : counts) detail::add_to_day_counts(db, at.first, at.second, n);
    for (const auto& r : rows) {
        db.prepare("DELETE FROM day_status WHERE day = ? AND household_id = ?")
            .bind(1, r.day)
            .bind(2, r.household)
            .exec();
    }
    return static_cast<int64_t>(rows.size());
}

// Reports are appended in time order: the oldest are at the front. A report a
// day status still points at stays (and stops the batch). Leaders' corrections
// and clarifying questions (about a household's day) go with the reports of their day.
int64_t purge_reports(Db& db, const PurgeCutoffs& c, int limit) {
    // One literal per statement: Db::prepare caches by the literal's address.
    for (const char* sql :
         {"DELETE FROM corrections WHERE id IN (SELECT id FROM corrections WHERE day < ? ORDER BY "
          "id LIMIT ?)",
          "DELETE FROM clarifications WHERE id IN (SELECT id FROM clarifications WHERE day < ? "
          "ORDER BY id LIMIT ?)"}) {
        const int64_t n = db.prepare(sql).bind(1, c.reports_day).bind(2, limit).exec();
        if (n > 0) return n;
    }
    std::vector<std::pair<int64_t, std::string>> rows;
    auto& q = db.prepare("SELECT id, day FROM reports ORDER BY id LIMIT ?");
    q.bind(1, limit);
    while (q.step()) rows.emplace_back(q.i64(0), q.text(1));
    q.reset();
    int64_t n = 0;
    for (const auto& [id, day] : rows) {
        if (day >= c.reports_day) break;
        int gone = db.prepare(
                         "DELETE FROM reports WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                         "day_status s WHERE s.day = reports.day AND s.household_id = "
                         "reports.household_id AND s.report_id = ?1)")
                       .bind(1, id)
                       .exec();
        if (gone == 0) break;
        ++n;
    }
    return n;
}

// Rows appended in time order, deleted from the front while older than `cutoff`
// (and, for inbound, handled). `select` yields (id, time, done); `del` deletes id.
int64_t delete_front(Db& db, const char* select, const char* del, int64_t cutoff, int limit) {
    std::vector<int64_t> ids;
    auto& q = db.prepare(select);
    q.bind(1, limit);
    while (q.step()) {
        if (q.i64(1) >= cutoff || q.i64(2) == 0) break;
        ids.push_back(q.i64(0));
    }
    q.reset();
    for (int64_t id : ids) db.prepare(del).bind(1, id).exec();
    return static_cast<int64_t>(ids.size());
}

std::pair<int64_t, int64_t> mark(Db& db, std::string_view kind) {
    auto& q = db.prepare("SELECT a, b FROM purge_marks WHERE kind = ?");
    q.bind(1, kind);
    std::pair<int64_t, int64_t> out{0, 0};
    if (q.step()) out = {q.i64(0), q.i64(1)};
    q.reset();
    return out;
}

void set_mark(Db& db, std::string_view kind, int64_t a, int64_t b) {
    db.prepare(
          "INSERT INTO purge_marks(kind, a, b) VALUES (?1, ?2, ?3) "
          "ON CONFLICT(kind) DO UPDATE SET a = ?2, b = ?3")
        .bind(1, kind)
        .bind(2, a)
        .bind(3, b)
        .exec();
}

// Bodies of finished messages are blanked (the row, its key and state stay, so
// nothing is ever sent twice); a message still queued stops the batch.
int64_t purge_outbox(Db& db, const PurgeCutoffs& c, int limit) {
    int64_t last = mark(db, "outbox").first, n = 0;
    std::vector<int64_t> ids;
    auto& q =
        db.prepare("SELECT id, created_at, state FROM outbox WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(1, last).bind(2, limit);
    while (q.step()) {
        if (q.i64(1) >= c.outbox * 1000 || q.i32(2) < 2) break;
        ids.push_back(q.i64(0));
    }
    q.reset();
    for (int64_t id : ids) {
        db.prepare(
              "UPDATE outbox SET text = '', mentions = '[]', mention_phones = '[]' WHERE id = ?")
            .bind(1, id)
            .exec();
        last = id;
        ++n;
    }
    if (n) set_mark(db, "outbox", last, 0);
    return n;
}

// Notices' call lists (names and phones of phone-only households).
int64_t purge_calls(Db& db, const PurgeCutoffs& c, int limit) {
    auto [notice, household] = mark(db, "calls");
    std::vector<std::pair<int64_t, int64_t>> keys;
    auto& q = db.prepare(
        "SELECT c.notice_id, c.household_id FROM notice_calls c JOIN notices n ON n.id = "
        "c.notice_id WHERE (c.notice_id, c.household_id) > (?1, ?2) AND n.created_at < ?3 "
        "ORDER BY c.notice_id, c.household_id LIMIT ?4");
    q.bind(1, notice).bind(2, household).bind(3, c.outbox).bind(4, limit);
    while (q.step()) keys.emplace_back(q.i64(0), q.i64(1));
    q.reset();
    for (const auto& [n, h] : keys) {
        db.prepare(
              "UPDATE notice_calls SET contact = '', phone = '' WHERE notice_id = ? AND "
              "household_id = ?")
            .bind(1, n)
            .bind(2, h)
            .exec();
    }
    if (!keys.empty()) set_mark(db, "calls", keys.back().first, keys.back().second);
    return static_cast<int64_t>(keys.size());
}

// A resolved incident keeps its category, node, level and times (the counts);
// who it was about, who reported it and the remarks go.
int64_t purge_incidents(Db& db, const PurgeCutoffs& c, int limit) {
    std::vector<int64_t> ids;
    auto& q = db.prepare(
        "SELECT id FROM incidents WHERE state = 2 AND updated_at < ? AND (household_id IS NOT NULL "
        "OR reporter IS NOT NULL OR reporter_name IS NOT NULL OR report_text IS NOT NULL) LIMIT ?");
    q.bind(1, c.incidents).bind(2, limit);
    while (q.step()) ids.push_back(q.i64(0));
    q.reset();
    for (int64_t id : ids) {
        db.prepare(
              "UPDATE incidents SET household_id = NULL, reporter = NULL, reporter_name = NULL, "
              "report_text = NULL, stated_room = NULL WHERE id = ?")
            .bind(1, id)
            .exec();
        db.prepare("UPDATE incident_timeline SET remark = '' WHERE incident_id = ?")
            .bind(1, id)
            .exec();
    }
    return static_cast<int64_t>(ids.size());
}

}  // namespace

int64_t Purge::batch(PurgeKind kind, const PurgeCutoffs& c, int limit) {
    return store_.writer()
        .submit([kind, c, limit](Db& db) -> int64_t {
            switch (kind) {
                case PurgeKind::DayStatus:
                    return purge_day_status(db, c, limit);
                case PurgeKind::Reports:
                    return purge_reports(db, c, limit);
                case PurgeKind::Inbound:
                    return delete_front(db,
                                        "SELECT id, received_at, processed_at IS NOT NULL FROM "
                                        "inbound ORDER BY id LIMIT ?",
                                        "DELETE FROM inbound WHERE id = ?", c.inbound, limit);
                case PurgeKind::Outbox:
                    return purge_outbox(db, c, limit);
                case PurgeKind::Calls:
                    return purge_calls(db, c, limit);
                case PurgeKind::Incidents:
                    return purge_incidents(db, c, limit);
                case PurgeKind::Transcripts:
                    return delete_front(
                        db, "SELECT seq, time, 1 FROM sandbox_messages ORDER BY seq LIMIT ?",
                        "DELETE FROM sandbox_messages WHERE seq = ?", c.transcripts, limit);
                case PurgeKind::Audit:
                    return delete_front(db, "SELECT id, at, 1 FROM audit ORDER BY id LIMIT ?",
                                        "DELETE FROM audit WHERE id = ?", c.audit, limit);
            }
            return 0;
        })
        .get();
}

int64_t Purge::incremental_vacuum() {
    // PostgreSQL's autovacuum gives space back by itself.
    if (store_.engine() == Engine::postgresql) return 0;
    return store_.writer()
        .submit([](Db& db) {
            auto free_pages = [&db] {
                auto& q = db.prepare("PRAGMA freelist_count");
                int64_t n = q.step() ? q.i64(0) : 0;
                q.reset();
                return n;
            };
            int64_t before = free_pages();
            // A pragma takes no bound parameter: the step is a literal.
            db.exec_script("PRAGMA incremental_vacuum(1000)");
            return before - free_pages();
        })
        .get();
}

void Purge::full_vacuum() {
    auto db = detail::open_db(store_.location(), false);
    db->exec_script(store_.engine() == Engine::postgresql
                        ? "VACUUM"
                        : "PRAGMA auto_vacuum = INCREMENTAL; VACUUM;");
}

std::string Purge::last_day() {
    return store_.readers().with([](Db& db) -> std::string {
        auto& q = db.prepare("SELECT b FROM purge_marks WHERE kind = 'day'");
        if (!q.step()) return "";
        int64_t d = q.i64(0);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d / 10000),
                      static_cast<int>(d / 100 % 100), static_cast<int>(d % 100));
        return buf;
    });
}

void Purge::set_last_day(const std::string& day) {
    int64_t d = std::stoll(day.substr(0, 4)) * 10000 + std::stoll(day.substr(5, 2)) * 100 +
                std::stoll(day.substr(8, 2));
    store_.writer().submit([d](Db& db) { set_mark(db, "day", 0, d); }).get();
}

}  // namespace gridbot::store
