#include "bot/app/privacy_commands.h"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "bot/app/audit_view.h"
#include "bot/app/command_store.h"
#include "bot/app/retention.h"
#include "bot/config/config.h"
#include "bot/store/household_data.h"

namespace gridbot::app {

using nlohmann::json;

int audit_command(const AuditRequest& req, std::ostream& out, std::ostream& err) {
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    auto since = parse_since(req.since, o->zone);
    if (!since) {
        err << "audit: --since: expected YYYY-MM-DD or RFC 3339, got \"" << req.since << "\"\n";
        return 2;
    }
    store::Audit audit(*o->store);
    store::AuditQuery q{*since, req.token, req.node, 0, req.limit};
    for (const auto& e : audit.list(q)) out << audit_json(e).dump() << "\n";
    o->store->close();
    return 0;
}

int privacy_export(const PrivacyRequest& req, std::ostream& out, std::ostream& err) {
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    store::HouseholdData data(*o->store);
    auto held = data.collect(req.household);
    if (!held) {
        err << "privacy export: --household: no household " << req.household << "\n";
        return 2;
    }
    auto e = command_entry("privacy export", req.household);
    e.node = (*held)["household"].value("grid", "");
    for (const auto& [section, rows] : held->items())
        e.rows += rows.is_array() ? static_cast<int64_t>(rows.size()) : 1;
    store::Audit(*o->store).append(e).get();
    out << held->dump(2) << "\n";
    o->store->close();
    return 0;
}

int privacy_erase(const PrivacyRequest& req, std::ostream& out, std::ostream& err) {
    if (!req.yes) {
        err << "privacy erase: this removes household " << req.household
            << "'s personal data for good; add --yes to confirm\n";
        return 2;
    }
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    store::HouseholdData data(*o->store);
    auto touched = data.erase(req.household, o->zone.day(std::chrono::system_clock::now()),
                              command_entry("privacy erase", req.household));
    if (!touched) {
        err << "privacy erase: --household: no household " << req.household << "\n";
        return 2;
    }
    out << json({{"household", req.household}, {"erased", *touched}}).dump() << "\n";
    o->store->close();
    return 0;
}

int privacy_purge(const PrivacyRequest& req, std::ostream& out, std::ostream& err) {
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    auto now = std::chrono::system_clock::now();
    store::Purge purge(*o->store);
    std::atomic<bool> never{false};
    auto run = run_purge(purge, purge_cutoffs(o->cfg->privacy, o->zone, now),
                         o->cfg->privacy.purge_batch, never);
    auto e = command_entry("privacy purge", 0);
    e.rows = run.total();
    store::Audit(*o->store).append(e).get();
    if (req.vacuum) purge.full_vacuum();  // the writer's connection is idle: VACUUM may run
    o->store->close();
    out << json({{"purged", run.rows},
                 {"batches", run.batches},
                 {"longest_batch_ms", run.longest_batch_ms}})
               .dump()
        << "\n";
    return 0;
}

}  // namespace gridbot::app
