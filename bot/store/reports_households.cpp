// Reports: a node's households with their status of a day, whole or a page at
// a time (the dashboard's and the API's households lists).
#include <string>
#include <vector>

#include "bot/store/db.h"
#include "bot/store/json_columns.h"
#include "bot/store/reports.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using detail::parse_list;

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
    h.temperature = q.opt_f64(9);
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

}  // namespace gridbot::store
