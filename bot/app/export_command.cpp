// `gridbot export summary|missing|calls|incidents|notice-progress`: the same
// tables the dashboard's downloads give, from the store, for the operator's
// scripts. The operator sees what a district administrator's token sees.
#include "bot/app/export_command.h"

#include <fstream>
#include <ostream>

#include "bot/app/command_store.h"
#include "bot/app/exports.h"
#include "bot/daily/summary.h"
#include "bot/notices/service.h"
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

// The arguments each kind needs, checked before the store is opened: a usage
// problem, or "" when they are complete.
std::string usage_problem(const ExportRequest& req, std::optional<ExportKind> kind) {
    if (!kind)
        return "expected summary, missing, calls, incidents or notice-progress, got \"" + req.kind +
               "\"";
    if (req.format != "csv" && req.format != "xlsx")
        return "--format: expected xlsx or csv, got \"" + req.format + "\"";
    if (notice_export(*kind) && req.notice <= 0)
        return "--notice: " + req.kind +
               " needs the notice's id (the number in the dashboard's /notices/ID, or GET "
               "/api/v1/notices)";
    if (!notice_export(*kind) && req.node.empty()) return "--node: " + req.kind + " needs a node";
    return "";
}

// The table of `kind` from the opened store; an error names the argument.
Result<exports::Table> build_table(Opened& o, const ExportRequest& req, ExportKind kind,
                                   const std::string& locale) {
    const auto& cfg = *o.cfg;
    auto operator_sees = [&](const std::string& grid) {
        return privacy::of_token(cfg, config::Role::Admin, cfg.district_code, grid);
    };
    if (notice_export(kind)) {
        store::Notices notices(*o.store);
        if (!notices.get(req.notice))
            return Error{"export.no_notice", "--notice: no notice " + std::to_string(req.notice)};
        if (kind == ExportKind::NoticeProgress)
            return notice_progress_table(notices::progress_of(*o.store, notices, cfg, req.notice),
                                         locale);
        return calls_table(
            notices.calls(req.notice),
            [&](const store::NoticeCall& c) { return operator_sees(c.grid); }, locale);
    }
    if (!o.store->node(req.node)) return Error{"export.no_node", "--node: no node " + req.node};
    std::string day = req.day.empty() ? o.zone.day(std::chrono::system_clock::now()) : req.day;
    if (!LocalTime::valid_day(day))
        return Error{"export.bad_day", "--day: expected YYYY-MM-DD, got \"" + day + "\""};
    if (kind == ExportKind::Summary) return summary_from_store(*o.store, req.node, day, locale);
    if (kind == ExportKind::Missing) {
        return missing_table(
            store::Reports(*o.store).households(req.node, day),
            [&](const store::HouseholdDay& h) { return operator_sees(h.grid_code); }, locale);
    }
    auto period = opened_between(o.zone, req.from, req.to, "--");
    if (!period) return period.error();
    return incidents_table(
        store::Incidents(*o.store).list(req.node, -1, 10000000, std::nullopt, period.value()),
        locale);
}

// Writes the file; false after saying why on `err`.
bool write_table(const exports::Table& t, const ExportRequest& req, std::ostream& err) {
    if (req.format == "csv") {
        std::ofstream file(req.out, std::ios::binary);
        exports::write_csv(t, file);
        if (file.good()) return true;
        err << "[export.write] cannot write " << req.out << "\n";
        return false;
    }
    if (auto w = exports::write_xlsx(t, req.out); !w) {
        err << w.error().to_string() << "\n";
        return false;
    }
    return true;
}

}  // namespace

int export_command(const ExportRequest& req, std::ostream& out, std::ostream& err) {
    auto kind = export_kind(req.kind);
    if (auto wrong = usage_problem(req, kind); !wrong.empty()) {
        err << "export: " << wrong << "\n";
        return 2;
    }
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    auto t = build_table(*o, req, *kind, req.lang == "en" ? "en" : "zh");
    if (!t) {
        err << "export: " << t.error().message << "\n";
        o->store->close();
        return 2;
    }
    if (!write_table(t.value(), req, err)) {
        o->store->close();
        return 1;
    }
    auto e = command_entry("export " + req.kind, 0);
    e.node = notice_export(*kind) ? "notice:" + std::to_string(req.notice) : req.node;
    e.rows = static_cast<int64_t>(t.value().rows.size());
    store::Audit(*o->store).append(e).get();
    o->store->close();
    out << req.out << ": " << t.value().rows.size() << " rows\n";
    return 0;
}

}  // namespace gridbot::app
