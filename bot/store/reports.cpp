#include "bot/store/reports.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/store/json_columns.h"
#include "bot/store/messages.h"
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

detail::DayBefore day_before(Db& db, const std::string& day, int64_t household_id) {
    detail::DayBefore b;
    auto& q = db.prepare(
        "SELECT status, categories, temperature FROM day_status WHERE day = ? AND household_id = "
        "?");
    q.bind(1, day).bind(2, household_id);
    if (q.step()) {
        b.status = static_cast<DayStatus>(q.i32(0));
        b.categories = parse_list(q.text(1));
        b.temperature = q.opt_f64(2);
    }
    q.reset();
    return b;
}

}  // namespace

StatusChange detail::insert_report(Db& db, const ReportRecord& r) {
    return apply_report(db, r, day_before(db, r.day, r.household_id));
}

StatusChange detail::apply_report(Db& db, const ReportRecord& r, const DayBefore& before,
                                  bool inbound_sent) {
    // Both writes are sent to travel with the job's next statement
    // (Stmt::send); each row points at the one before it by the id that
    // INSERT just took.
    StatusChange c;
    c.before = before.status;
    c.categories_before = before.categories;
    const std::optional<double>& temperature_before = before.temperature;
    auto& insert =
        inbound_sent
            ? db.prepare(
                  "INSERT INTO reports(household_id, day, kind, categories, temperature, "
                  "inbound_id, reporter, by_leader, at) "
                  "VALUES (?, ?, ?, ?, ?, last_id('inbound'), ?, ?, ?)")
            : db.prepare(
                  "INSERT INTO reports(household_id, day, kind, categories, temperature, "
                  "reporter, by_leader, at, inbound_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, r.household_id)
        .bind(2, r.day)
        .bind(3, static_cast<int>(r.kind))
        .bind(4, json_list(r.categories))
        .bind(5, r.temperature)
        .bind(6, r.reporter)
        .bind(7, r.by_leader ? 1 : 0)
        .bind(8, r.at);
    if (!inbound_sent) insert.bind(9, r.inbound_id);
    insert.send();
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
          "updated_at) VALUES (?, ?, ?, ?, ?, last_id('reports'), ?) "
          "ON CONFLICT(day, household_id) DO UPDATE SET "
          "status = excluded.status, categories = excluded.categories, "
          "temperature = excluded.temperature, report_id = excluded.report_id, "
          "updated_at = excluded.updated_at")
        .bind(1, r.day)
        .bind(2, r.household_id)
        .bind(3, static_cast<int>(c.after))
        .bind(4, json(c.categories_after).dump())
        .bind(5, temperature)
        .bind(6, r.at)
        .send();
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

detail::ArrivalLookup detail::look_up_arrival(Db& db, const InboundMessage& m,
                                              const std::string& day) {
    // One row always: the repeat check, and the household columns NULL when
    // the sender is bound to none that is active (member_household's rule).
    auto& q = db.prepare(
        "SELECT EXISTS (SELECT 1 FROM inbound WHERE key_hash = ?1 AND channel = ?2 "
        "AND message_id = ?3), h.id, n.code, h.address, s.status, s.categories, s.temperature "
        "FROM (SELECT 1 AS one) AS arrival "
        "LEFT JOIN members m ON m.channel = ?2 AND m.user_id = ?4 "
        "LEFT JOIN households h ON h.id = m.household_id AND h.active = 1 "
        "LEFT JOIN nodes n ON n.id = h.grid_id "
        "LEFT JOIN day_status s ON s.day = ?5 AND s.household_id = h.id");
    q.bind(1, hash64(m.channel, m.message_id))
        .bind(2, m.channel)
        .bind(3, m.message_id)
        .bind(4, m.sender_id)
        .bind(5, day);
    ArrivalLookup out;
    if (q.step()) {
        out.repeat = q.i64(0) != 0;
        if (!q.is_null(1)) out.household = HouseholdRef{q.i64(1), q.text(2), q.text(3)};
        if (!q.is_null(4)) {
            out.before.status = static_cast<DayStatus>(q.i32(4));
            out.before.categories = parse_list(q.text(5));
            out.before.temperature = q.opt_f64(6);
        }
    }
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
