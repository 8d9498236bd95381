// `gridbot export summary|missing|incidents --node CODE`: the same tables the
// dashboard's downloads give, from the store, for the operator's scripts.
#include "bot/app/export_command.h"

#include <fstream>
#include <ostream>

#include "bot/app/command_store.h"
#include "bot/app/exports.h"
#include "bot/daily/summary.h"
#include "bot/privacy/audience.h"
#include "bot/store/incidents.h"

namespace gridbot::app {

namespace {

// The summary from the store's own counts (SQL), as `gridbot summary` prints it.
exports::Table summary_from_store(store::Store& st, const std::string& node, const std::string& day,
                                  const std::string& locale) {
    store::Reports reports(st);
    std::map<std::string, daily::Counts> grids;
    for (const auto& r : reports.grid_counts(node, day)) {
        daily::Counts& c = grids[r.grid_code];
        c.households = r.households;
        c.zero = r.zero;
        c.anomaly = r.anomaly;
        for (const auto& [k, v] : r.categories) c.categories[k] = v;
    }
    std::map<std::string, std::string> names;
    for (const auto& n : st.nodes()) names[n.code] = n.name;
    return summary_table(daily::node_summary(node, day, grids, names), locale);
}

}  // namespace

int export_command(const ExportRequest& req, std::ostream& out, std::ostream& err) {
    auto kind = export_kind(req.kind);
    if (!kind || *kind == ExportKind::NoticeProgress) {
        err << "export: expected summary, missing or incidents, got \"" << req.kind
            << "\" (a notice's progress: the dashboard or GET /api/v1/notices/<id>/export)\n";
        return 2;
    }
    if (req.format != "csv" && req.format != "xlsx") {
        err << "export: --format: expected xlsx or csv, got \"" << req.format << "\"\n";
        return 2;
    }
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    std::string day = req.day.empty() ? o->zone.day(std::chrono::system_clock::now()) : req.day;
    if (!LocalTime::valid_day(day) || !o->store->node(req.node)) {
        err << "export: "
            << (LocalTime::valid_day(day) ? "--node: no node " + req.node
                                          : "--day: expected YYYY-MM-DD")
            << "\n";
        o->store->close();
        return 2;
    }
    std::string locale = req.lang == "en" ? "en" : "zh";
    exports::Table t;
    if (*kind == ExportKind::Summary) {
        t = summary_from_store(*o->store, req.node, day, locale);
    } else if (*kind == ExportKind::Missing) {
        // The operator sees what a district administrator's token sees.
        const auto& cfg = *o->cfg;
        t = missing_table(
            store::Reports(*o->store).households(req.node, day),
            [&](const store::HouseholdDay& h) {
                return privacy::of_token(cfg, config::Role::Admin, cfg.district_code, h.grid_code);
            },
            locale);
    } else {
        t = incidents_table(store::Incidents(*o->store).list(req.node, -1, 1000000), locale);
    }
    if (req.format == "csv") {
        std::ofstream file(req.out, std::ios::binary);
        exports::write_csv(t, file);
        if (!file.good()) {
            err << "[export.write] cannot write " << req.out << "\n";
            o->store->close();
            return 1;
        }
    } else if (auto w = exports::write_xlsx(t, req.out); !w) {
        err << w.error().to_string() << "\n";
        o->store->close();
        return 1;
    }
    auto e = command_entry("export " + req.kind, 0);
    e.node = req.node;
    e.rows = static_cast<int64_t>(t.rows.size());
    store::Audit(*o->store).append(e).get();
    o->store->close();
    out << req.out << ": " << t.rows.size() << " rows\n";
    return 0;
}

}  // namespace gridbot::app
