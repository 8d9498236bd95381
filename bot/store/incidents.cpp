#include "bot/store/incidents.h"

#include <limits>

#include "bot/store/sql_dialect.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::Stmt;
using detail::subtree_pattern;

namespace {

#define INCIDENT_COLUMNS                                                                  \
    "id, household_id, node, category, severity, state, level, cluster, green, machine, " \
    "opened_at, next_due, updated_at, categories, reporter, reporter_name, report_text, " \
    "stated_room"

std::string join_categories(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& c : v) out += (out.empty() ? "" : ",") + c;
    return out;
}

std::vector<std::string> split_categories(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        size_t comma = s.find(',', start);
        if (comma == std::string::npos) comma = s.size();
        if (comma > start) out.push_back(s.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

IncidentRow read_row(const Stmt& q) {
    IncidentRow r;
    r.id = q.i64(0);
    r.household_id = q.opt_i64(1);
    r.node = q.text(2);
    r.category = q.text(3);
    r.severity = q.text(4);
    r.state = q.i32(5);
    r.level = q.i32(6);
    r.cluster = q.i32(7) != 0;
    r.green = q.i32(8) != 0;
    r.machine = q.text(9);
    r.opened_at = q.i64(10);
    r.next_due = q.opt_i64(11);
    r.updated_at = q.i64(12);
    r.categories = split_categories(q.text(13));
    if (r.categories.empty()) r.categories.push_back(r.category);
    if (!q.is_null(14)) {
        r.reporter = Reporter{q.text(14), q.text(15), q.text(16), std::nullopt};
        if (!q.is_null(17)) r.reporter->room = q.text(17);
    }
    return r;
}

void append_timeline(Db& db, int64_t id, const std::vector<TimelineRow>& timeline) {
    auto& last =
        db.prepare("SELECT COALESCE(MAX(seq), 0) FROM incident_timeline WHERE incident_id = ?");
    last.bind(1, id);
    last.step();
    int64_t seq = last.i64(0);
    last.reset();
    for (const auto& t : timeline) {
        db.prepare(
              "INSERT INTO incident_timeline(incident_id, seq, at, from_state, to_state, action, "
              "actor, "
              "via, remark, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, ++seq)
            .bind(3, t.at)
            .bind(4, t.from)
            .bind(5, t.to)
            .bind(6, t.action)
            .bind(7, t.actor)
            .bind(8, t.via)
            .bind(9, t.remark)
            .bind(10, t.level)
            .exec();
    }
}

}  // namespace

std::future<int64_t> Incidents::create(IncidentRow row, std::vector<TimelineRow> timeline,
                                       std::vector<int64_t> members) {
    return store_.writer().submit([row = std::move(row), timeline = std::move(timeline),
                                   members = std::move(members)](Db& db) {
        const std::optional<Reporter>& by = row.reporter;
        int64_t id =
            db.prepare(
                  "INSERT INTO incidents(household_id, node, category, severity, state, level, "
                  "cluster, "
                  "green, machine, opened_at, next_due, updated_at, categories, reporter, "
                  "reporter_name, "
                  "report_text, stated_room) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, "
                  "?) RETURNING id")
                .bind(1, row.household_id)
                .bind(2, row.node)
                .bind(3, row.category)
                .bind(4, row.severity)
                .bind(5, row.state)
                .bind(6, row.level)
                .bind(7, row.cluster ? 1 : 0)
                .bind(8, row.green ? 1 : 0)
                .bind(9, row.machine)
                .bind(10, row.opened_at)
                .bind(11, row.next_due)
                .bind(12, row.updated_at)
                .bind(13, join_categories(row.categories))
                .bind(14, by ? std::optional<std::string>(by->key) : std::nullopt)
                .bind(15, by ? std::optional<std::string>(by->name) : std::nullopt)
                .bind(16, by ? std::optional<std::string>(by->text) : std::nullopt)
                .bind(17, by ? by->room : std::nullopt)
                .exec_returning_id();
        append_timeline(db, id, timeline);
        for (int64_t m : members) {
            db.prepare(
                  "INSERT INTO incident_members(cluster_id, incident_id) VALUES (?, ?) "
                  "ON CONFLICT DO NOTHING")
                .bind(1, id)
                .bind(2, m)
                .exec();
        }
        return id;
    });
}

std::future<void> Incidents::update(IncidentRow row, std::vector<TimelineRow> timeline) {
    return store_.writer().submit([row = std::move(row), timeline = std::move(timeline)](Db& db) {
        db.prepare(
              "UPDATE incidents SET state = ?, level = ?, machine = ?, opened_at = ?, next_due = "
              "?, "
              "updated_at = ?, household_id = ?, categories = ?, severity = ?, green = ? WHERE id "
              "= ?")
            .bind(1, row.state)
            .bind(2, row.level)
            .bind(3, row.machine)
            .bind(4, row.opened_at)
            .bind(5, row.next_due)
            .bind(6, row.updated_at)
            .bind(7, row.household_id)
            .bind(8, join_categories(row.categories))
            .bind(9, row.severity)
            .bind(10, row.green ? 1 : 0)
            .bind(11, row.id)
            .exec();
        append_timeline(db, row.id, timeline);
    });
}

std::future<void> Incidents::add_member(int64_t cluster_id, int64_t incident_id) {
    return store_.writer().submit([cluster_id, incident_id](Db& db) {
        db.prepare(
              "INSERT INTO incident_members(cluster_id, incident_id) VALUES (?, ?) "
              "ON CONFLICT DO NOTHING")
            .bind(1, cluster_id)
            .bind(2, incident_id)
            .exec();
    });
}

std::optional<IncidentRow> Incidents::get(int64_t id) {
    return store_.readers().with([id](Db& db) -> std::optional<IncidentRow> {
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS " FROM incidents WHERE id = ?");
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return read_row(q);
    });
}

std::vector<TimelineRow> Incidents::timeline(int64_t id) {
    return store_.readers().with([id](Db& db) {
        auto& q = db.prepare(
            "SELECT at, from_state, to_state, action, actor, via, remark, level "
            "FROM incident_timeline WHERE incident_id = ? ORDER BY seq");
        q.bind(1, id);
        std::vector<TimelineRow> out;
        while (q.step()) {
            out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5),
                           q.text(6), q.i32(7)});
        }
        return out;
    });
}

std::vector<int64_t> Incidents::members(int64_t cluster_id) {
    return store_.readers().with([cluster_id](Db& db) {
        auto& q = db.prepare(
            "SELECT incident_id FROM incident_members WHERE cluster_id = ? ORDER BY incident_id");
        q.bind(1, cluster_id);
        std::vector<int64_t> out;
        while (q.step()) out.push_back(q.i64(0));
        return out;
    });
}

std::vector<IncidentRow> Incidents::due(int64_t t, size_t limit) {
    return store_.readers().with([t, limit](Db& db) {
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS
                             " FROM incidents WHERE next_due IS NOT NULL "
                             "AND next_due <= ? ORDER BY next_due, id LIMIT ?");
        q.bind(1, t).bind(2, static_cast<int64_t>(limit));
        std::vector<IncidentRow> out;
        while (q.step()) out.push_back(read_row(q));
        return out;
    });
}

std::optional<IncidentRow> Incidents::latest(int64_t household_id) {
    return store_.readers().with([&](Db& db) -> std::optional<IncidentRow> {
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS
                             " FROM incidents WHERE household_id = ? "
                             "AND cluster = 0 ORDER BY id DESC LIMIT 1");
        q.bind(1, household_id);
        if (!q.step()) return std::nullopt;
        return read_row(q);
    });
}

std::vector<IncidentRow> Incidents::active_unattributed(const std::string& reporter) {
    return store_.readers().with([&](Db& db) {
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS
                             " FROM incidents WHERE reporter = ? "
                             "AND household_id IS NULL AND state < 2 ORDER BY id");
        q.bind(1, reporter);
        std::vector<IncidentRow> out;
        while (q.step()) out.push_back(read_row(q));
        return out;
    });
}

std::optional<IncidentRow> Incidents::active_cluster(const std::string& node,
                                                     const std::string& category) {
    return store_.readers().with([&](Db& db) -> std::optional<IncidentRow> {
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS
                             " FROM incidents WHERE node = ? AND category = ? "
                             "AND cluster = 1 AND state < 2 ORDER BY id DESC LIMIT 1");
        q.bind(1, node).bind(2, category);
        if (!q.step()) return std::nullopt;
        return read_row(q);
    });
}

std::vector<int64_t> Incidents::opened_since(const std::string& node, const std::string& category,
                                             int64_t since) {
    return store_.readers().with([&](Db& db) {
        auto& q = db.prepare(
            "SELECT id FROM incidents WHERE (node = ? OR node LIKE ? ESCAPE '\\') "
            "AND ',' || categories || ',' LIKE '%,' || ? || ',%' AND cluster = 0 "
            "AND opened_at >= ? ORDER BY id");
        q.bind(1, node).bind(2, subtree_pattern(node)).bind(3, category).bind(4, since);
        std::vector<int64_t> out;
        while (q.step()) out.push_back(q.i64(0));
        return out;
    });
}

std::vector<IncidentRow> Incidents::list(const std::string& node, int state, size_t limit,
                                         std::optional<int64_t> before, OpenedBetween opened) {
    return store_.readers().with([&](Db& db) {
        // Keyset paging on the primary key: the page starts right below `before`.
        auto& q = db.prepare("SELECT " INCIDENT_COLUMNS
                             " FROM incidents WHERE id < ? AND (node = ? OR node LIKE ? "
                             "ESCAPE '\\') AND (? < 0 OR state = ?) AND opened_at >= ? AND "
                             "opened_at < ? ORDER BY id DESC LIMIT ?");
        q.bind(1, before.value_or(std::numeric_limits<int64_t>::max()))
            .bind(2, node)
            .bind(3, subtree_pattern(node))
            .bind(4, state)
            .bind(5, state)
            .bind(6, opened.from)
            .bind(7, opened.to)
            .bind(8, static_cast<int64_t>(limit));
        std::vector<IncidentRow> out;
        while (q.step()) out.push_back(read_row(q));
        return out;
    });
}

std::optional<HouseholdContact> Incidents::household(int64_t id) {
    return store_.readers().with([id](Db& db) -> std::optional<HouseholdContact> {
        auto& q = db.prepare(
            "SELECT h.id, n.code, h.address, h.contact, h.phone, h.tags FROM households h "
            "JOIN nodes n ON n.id = h.grid_id WHERE h.id = ?");
        q.bind(1, id);
        if (!q.step()) return std::nullopt;
        return HouseholdContact{q.i64(0),  q.text(1), q.text(2),
                                q.text(3), q.text(4), static_cast<uint16_t>(q.i64(5))};
    });
}

}  // namespace gridbot::store
