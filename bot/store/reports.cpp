#include "bot/store/reports.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/store/json_columns.h"
#include "bot/store/rows.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::json_list;
using detail::parse_list;
using nlohmann::json;

std::string_view day_status_name(DayStatus s) {
    switch (s) {
        case DayStatus::Missing:
            return "missing";
        case DayStatus::Zero:
            return "zero";
        case DayStatus::Anomaly:
            return "anomaly";
    }
    return "?";
}

std::optional<DayStatus> day_status_from_name(std::string_view s) {
    if (s == "missing") return DayStatus::Missing;
    if (s == "zero") return DayStatus::Zero;
    if (s == "anomaly") return DayStatus::Anomaly;
    return std::nullopt;
}

namespace {

std::optional<double> opt_f64(const detail::Stmt& q, int col) {
    if (q.is_null(col)) return std::nullopt;
    return q.f64(col);
}

}  // namespace

StatusChange detail::insert_report(Db& db, const ReportRecord& r) {
    int64_t report_id =
        db.prepare(
              "INSERT INTO reports(household_id, day, kind, categories, temperature, inbound_id, "
              "reporter, by_leader, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
            .bind(1, r.household_id)
            .bind(2, r.day)
            .bind(3, static_cast<int>(r.kind))
            .bind(4, json_list(r.categories))
            .bind(5, r.temperature)
            .bind(6, r.inbound_id)
            .bind(7, r.reporter)
            .bind(8, r.by_leader ? 1 : 0)
            .bind(9, r.at)
            .exec_returning_id();

    StatusChange c;
    std::optional<double> temperature_before;
    auto& q = db.prepare(
        "SELECT status, categories, temperature FROM day_status WHERE day = ? AND household_id = "
        "?");
    q.bind(1, r.day).bind(2, r.household_id);
    if (q.step()) {
        c.before = static_cast<DayStatus>(q.i32(0));
        c.categories_before = parse_list(q.text(1));
        temperature_before = opt_f64(q, 2);
    }
    q.reset();
    c.after = r.kind;
    c.categories_after = r.categories;
    std::optional<double> temperature = r.temperature;
    if (c.before == DayStatus::Anomaly && !r.by_leader) {
        // An anomaly stays visible for the day: only a leader's report clears it.
        c.after = DayStatus::Anomaly;
        c.categories_after = c.categories_before;
        if (r.kind == DayStatus::Anomaly) {
            for (const auto& cat : r.categories) c.categories_after.push_back(cat);
            std::sort(c.categories_after.begin(), c.categories_after.end());
            c.categories_after.erase(
                std::unique(c.categories_after.begin(), c.categories_after.end()),
                c.categories_after.end());
        }
        if (!temperature) temperature = temperature_before;
    }
    if (c.after == DayStatus::Zero) c.categories_after.clear();
    db.prepare(
          "INSERT INTO day_status(day, household_id, status, categories, temperature, report_id, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(day, household_id) DO UPDATE SET "
          "status = excluded.status, categories = excluded.categories, "
          "temperature = excluded.temperature, report_id = excluded.report_id, "
          "updated_at = excluded.updated_at")
        .bind(1, r.day)
        .bind(2, r.household_id)
        .bind(3, static_cast<int>(c.after))
        .bind(4, json(c.categories_after).dump())
        .bind(5, temperature)
        .bind(6, report_id)
        .bind(7, r.at)
        .exec();
    return c;
}

namespace {
std::atomic<uint64_t> applied{0};  // StatusChange::seq, counted in the writer's thread
}  // namespace

std::future<StatusChange> Reports::record(ReportRecord r) {
    return store_.writer().submit([r = std::move(r)](Db& db) {
        const uint64_t seq = ++applied;
        // A message processed again after a crash is not stored twice.
        bool seen = false;
        if (r.inbound_id) {
            auto& dup = db.prepare(
                "SELECT 1 FROM reports WHERE inbound_id = ? AND household_id = ? AND day = ?");
            dup.bind(1, *r.inbound_id).bind(2, r.household_id).bind(3, r.day);
            seen = dup.step();
            dup.reset();
        }
        if (seen) {
            StatusChange same;
            auto& q = db.prepare(
                "SELECT status, categories FROM day_status WHERE day = ? AND household_id = ?");
            q.bind(1, r.day).bind(2, r.household_id);
            if (q.step()) {
                same.before = same.after = static_cast<DayStatus>(q.i32(0));
                same.categories_before = same.categories_after = parse_list(q.text(1));
            }
            q.reset();
            same.seq = seq;
            return same;
        }
        StatusChange change = detail::insert_report(db, r);
        change.seq = seq;
        return change;
    });
}

namespace {

// The households list's order: grid, then building, unit and room as numbers
// where they are numbers, then as text; the id last, so the order is total and
// a cursor names one place in it. Over `h` (households) joined with `n` (nodes).
#define HOUSEHOLD_ORDER                                                                  \
    "n.code, CAST(h.building AS INTEGER), h.building, CAST(h.unit AS INTEGER), h.unit, " \
    "CAST(h.room AS INTEGER), h.room, h.id"

// Columns 0-10 of a households list query, in order: id, grid code, address,
// contact, phone, tags, members, status, categories, temperature, bound members.
HouseholdDay read_household_day(const detail::Stmt& q) {
    HouseholdDay h;
    h.id = q.i64(0);
    h.grid_code = q.text(1);
    h.address = q.text(2);
    h.contact = q.text(3);
    h.phone = q.text(4);
    h.tags = static_cast<uint16_t>(q.i64(5));
    h.members = q.i32(6);
    h.status = static_cast<DayStatus>(q.i32(7));
    h.categories = parse_list(q.text(8));
    h.temperature = opt_f64(q, 9);
    h.bound_members = q.i32(10);
    return h;
}

}  // namespace

std::vector<HouseholdDay> Reports::households(const std::string& node, const std::string& day) {
    return store_.readers().with([&](Db& db) {
        std::vector<HouseholdDay> out;
        auto& q = db.prepare(
            "SELECT h.id, n.code, h.address, h.contact, h.phone, h.tags, h.members, "
            "COALESCE(s.status, 0), COALESCE(s.categories, '[]'), s.temperature, "
            "(SELECT COUNT(*) FROM members m WHERE m.household_id = h.id) "
            "FROM households h JOIN nodes n ON n.id = h.grid_id "
            "LEFT JOIN day_status s ON s.household_id = h.id AND s.day = ?1 "
            // The range on the indexed code finds the subtree's grids first (a
            // grid's list reads its own households, not the district's); the
            // exact test then drops codes like "a/b-c" that sort inside "a/b".
            "WHERE h.active = 1 AND n.code >= ?2 AND n.code < ?2 || '0' "
            "AND (n.code = ?2 OR substr(n.code, 1, length(?2) + 1) = ?2 || '/') "
            "ORDER BY " HOUSEHOLD_ORDER);
        q.bind(1, day).bind(2, node);
        while (q.step()) out.push_back(read_household_day(q));
        return out;
    });
}

std::optional<std::vector<HouseholdDay>> Reports::households(const std::string& node,
                                                             const std::string& day,
                                                             const HouseholdPage& page) {
    return store_.readers().with([&](Db& db) -> std::optional<std::vector<HouseholdDay>> {
        // The list is in grid order first, so a page walks the subtree's grids
        // from the cursor's one in runs of consecutive codes (1, 2, 4, … grids,
        // up to 1,024), sorting only a run's households: a district's first page
        // reads one grid, not 640,000 households, whatever the engine's planner
        // does; a filter that matches nothing is a dozen queries, not thousands.
        std::string first_grid;
        if (page.after) {
            auto& known = db.prepare(
                "SELECT n.code FROM households h JOIN nodes n ON n.id = h.grid_id WHERE h.id = ?");
            known.bind(1, *page.after);
            bool found = known.step();
            if (found) first_grid = known.text(0);
            known.reset();
            if (!found) return std::nullopt;
        }
        std::vector<std::string> grids;
        auto& g = db.prepare(
            "SELECT code FROM nodes WHERE level = 3 AND code >= ?1 AND code < ?1 || '0' "
            "AND (code = ?1 OR substr(code, 1, length(?1) + 1) = ?1 || '/') AND code >= ?2 "
            "ORDER BY code");
        g.bind(1, node).bind(2, first_grid);
        while (g.step()) grids.push_back(g.text(0));
        g.reset();
        // The codes between two of the subtree's grids are all in the subtree
        // (they share its prefix), so a run is a range of codes. The outer query
        // counts bound members for the page's rows alone.
        auto& q = db.prepare(
            "SELECT id, code, address, contact, phone, tags, members, status, categories, "
            "temperature, (SELECT COUNT(*) FROM members m WHERE m.household_id = p.id) FROM ("
            "SELECT h.id, n.code, h.address, h.contact, h.phone, h.tags, h.members, "
            "COALESCE(s.status, 0) AS status, COALESCE(s.categories, '[]') AS categories, "
            "s.temperature, CAST(h.building AS INTEGER) AS b, h.building AS bt, "
            "CAST(h.unit AS INTEGER) AS u, h.unit AS ut, CAST(h.room AS INTEGER) AS r, h.room AS "
            "rt "
            "FROM nodes n JOIN households h ON h.grid_id = n.id "
            "LEFT JOIN day_status s ON s.household_id = h.id AND s.day = ?1 "
            "WHERE n.level = 3 AND n.code >= ?2 AND n.code <= ?6 AND h.active = 1 "
            "AND (?3 < 0 OR COALESCE(s.status, 0) = ?3) "
            "AND (CAST(?4 AS BIGINT) IS NULL OR (" HOUSEHOLD_ORDER ") > (SELECT " HOUSEHOLD_ORDER
            " FROM households h JOIN nodes n ON n.id = h.grid_id WHERE h.id = ?4)) "
            "ORDER BY " HOUSEHOLD_ORDER " LIMIT ?5) p ORDER BY code, b, bt, u, ut, r, rt, id");
        std::vector<HouseholdDay> out;
        for (size_t i = 0, run = 1; i < grids.size() && out.size() < page.limit;
             i += run, run = std::min<size_t>(run * 2, 1024)) {
            size_t last = std::min(i + run, grids.size()) - 1;
            q.bind(1, day).bind(2, grids[i]).bind(6, grids[last]);
            q.bind(3, page.status ? static_cast<int64_t>(*page.status) : -1);
            q.bind(4, i == 0 ? page.after : std::nullopt);
            q.bind(5, static_cast<int64_t>(page.limit - out.size()));
            while (q.step()) out.push_back(read_household_day(q));
            q.reset();
        }
        return out;
    });
}

std::vector<GridDayCount> Reports::grid_counts(const std::string& node, const std::string& day) {
    return store_.readers().with([&](Db& db) {
        std::map<std::string, GridDayCount> by_grid;
        auto& q = db.prepare(
            "SELECT n.code, COUNT(h.id), SUM(CASE WHEN s.status = 1 THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.status = 2 THEN 1 ELSE 0 END) "
            "FROM nodes n LEFT JOIN households h ON h.grid_id = n.id AND h.active = 1 "
            "LEFT JOIN day_status s ON s.household_id = h.id AND s.day = ? "
            "WHERE n.level = 3 AND (?2 = '' OR n.code = ?2 OR substr(n.code, 1, length(?2) + 1) = "
            "?2 || '/') "
            "GROUP BY n.code");
        q.bind(1, day).bind(2, node);
        while (q.step()) {
            auto& g = by_grid[q.text(0)];
            g.grid_code = q.text(0);
            g.households = q.i64(1);
            g.zero = q.is_null(2) ? 0 : q.i64(2);
            g.anomaly = q.is_null(3) ? 0 : q.i64(3);
        }
        q.reset();
        auto& c = db.prepare(
            "SELECT n.code, s.categories FROM day_status s JOIN households h ON h.id = "
            "s.household_id "
            "JOIN nodes n ON n.id = h.grid_id WHERE s.day = ? AND s.status = 2 AND h.active = 1 "
            "AND (?2 = '' OR n.code = ?2 OR substr(n.code, 1, length(?2) + 1) = ?2 || '/')");
        c.bind(1, day).bind(2, node);
        std::map<std::string, std::map<std::string, int64_t>> cats;
        while (c.step()) {
            for (const auto& cat : parse_list(c.text(1))) cats[c.text(0)][cat]++;
        }
        c.reset();
        // Statuses the purge or an erasure turned into anonymous counts (purge.h).
        auto& a = db.prepare(
            "SELECT grid, zero, anomaly, categories FROM day_counts WHERE day = ? "
            "AND (?2 = '' OR grid = ?2 OR substr(grid, 1, length(?2) + 1) = ?2 || '/')");
        a.bind(1, day).bind(2, node);
        while (a.step()) {
            auto it = by_grid.find(a.text(0));
            if (it == by_grid.end()) continue;
            it->second.zero += a.i64(1);
            it->second.anomaly += a.i64(2);
            json counts = json::parse(a.text(3), nullptr, false);
            if (!counts.is_object()) continue;
            for (auto& [cat, n] : counts.items()) {
                if (n.is_number_integer()) cats[a.text(0)][cat] += n.get<int64_t>();
            }
        }
        std::vector<GridDayCount> out;
        for (auto& [code, g] : by_grid) {
            for (auto& [cat, n] : cats[code]) g.categories.emplace_back(cat, n);
            out.push_back(std::move(g));
        }
        return out;
    });
}

std::vector<Reports::Status> Reports::statuses(const std::string& day) {
    return store_.readers().with([&](Db& db) {
        std::vector<Status> out;
        auto& q = db.prepare(
            "SELECT s.household_id, s.status, s.categories FROM day_status s "
            "JOIN households h ON h.id = s.household_id WHERE s.day = ? AND h.active = 1");
        q.bind(1, day);
        while (q.step())
            out.push_back({q.i64(0), static_cast<DayStatus>(q.i32(1)), parse_list(q.text(2))});
        return out;
    });
}

std::vector<Reports::Changed> Reports::changed_since(const std::string& day,
                                                     int64_t after_report_id) {
    return store_.readers().with([&](Db& db) {
        std::vector<Changed> out;
        // day_status.report_id is the household's latest report of the day (every
        // report sets it): a range of day_status_by_report.
        auto& q = db.prepare(
            "SELECT s.report_id, n.code, s.household_id, s.status, s.categories FROM day_status s "
            "JOIN households h ON h.id = s.household_id JOIN nodes n ON n.id = h.grid_id "
            "WHERE s.day = ? AND s.report_id > ? AND h.active = 1");
        q.bind(1, day).bind(2, after_report_id);
        while (q.step()) {
            out.push_back({q.i64(0),
                           q.text(1),
                           {q.i64(2), static_cast<DayStatus>(q.i32(3)), parse_list(q.text(4))}});
        }
        return out;
    });
}

int64_t Reports::last_report_id() {
    return store_.readers().with([](Db& db) {
        auto& q = db.prepare("SELECT COALESCE(MAX(id), 0) FROM reports");
        q.step();
        return q.i64(0);
    });
}

std::vector<BoundMember> Reports::bound_members(const std::string& grid_code,
                                                const std::string& channel) {
    return store_.readers().with([&](Db& db) {
        std::vector<BoundMember> out;
        auto& q = db.prepare(
            "SELECT m.household_id, m.user_id, m.name FROM members m "
            "JOIN households h ON h.id = m.household_id JOIN nodes n ON n.id = h.grid_id "
            "WHERE n.code = ? AND m.channel = ? AND h.active = 1 ORDER BY m.household_id, "
            "m.user_id");
        q.bind(1, grid_code).bind(2, channel);
        while (q.step()) out.push_back({q.i64(0), q.text(1), q.text(2)});
        return out;
    });
}

std::optional<HouseholdRef> detail::member_household(Db& db, const std::string& channel,
                                                     const std::string& user_id) {
    auto& q = db.prepare(
        "SELECT h.id, n.code, h.address FROM members m JOIN households h ON h.id = m.household_id "
        "JOIN nodes n ON n.id = h.grid_id WHERE m.channel = ? AND m.user_id = ? AND h.active = 1");
    q.bind(1, channel).bind(2, user_id);
    std::optional<HouseholdRef> out;
    if (q.step()) out = HouseholdRef{q.i64(0), q.text(1), q.text(2)};
    q.reset();
    return out;
}

std::optional<HouseholdRef> Reports::member_household(const std::string& channel,
                                                      const std::string& user_id) {
    return store_.readers().with(
        [&](Db& db) { return detail::member_household(db, channel, user_id); });
}

int64_t Reports::report_count(const std::string& day) {
    return store_.readers().with([&](Db& db) {
        auto& q = db.prepare("SELECT COUNT(*) FROM reports WHERE day = ?");
        q.bind(1, day);
        q.step();
        return q.i64(0);
    });
}

std::optional<int64_t> Reports::scheduler_done_through() {
    return store_.readers().with([](Db& db) -> std::optional<int64_t> {
        auto& q = db.prepare("SELECT done_through FROM scheduler_state WHERE id = 1");
        if (!q.step()) return std::nullopt;
        return q.i64(0);
    });
}

std::future<void> Reports::set_scheduler_done_through(int64_t t) {
    return store_.writer().submit([t](Db& db) {
        db.prepare(
              "INSERT INTO scheduler_state(id, done_through) VALUES (1, ?) "
              "ON CONFLICT(id) DO UPDATE SET done_through = CASE WHEN excluded.done_through > "
              "scheduler_state.done_through THEN excluded.done_through ELSE "
              "scheduler_state.done_through END")
            .bind(1, t)
            .exec();
    });
}

}  // namespace gridbot::store
