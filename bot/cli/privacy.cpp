#include "bot/cli/privacy.h"

#include <iostream>
#include <memory>

#include "bot/app/export_command.h"
#include "bot/app/imported_groups.h"
#include "bot/app/print_command.h"
#include "bot/app/privacy_commands.h"

namespace gridbot::cli {

void add_data_commands(CLI::App& app, int& code) {
    // CLI11 keeps references to the options' targets: they live as long as `app`.
    auto audit_req = std::make_shared<app::AuditRequest>();
    auto* audit = app.add_subcommand("audit", "who read or exported personal data, JSON lines");
    audit->add_option("--config", audit_req->config_path, "configuration file")->required();
    audit->add_option("--since", audit_req->since, "YYYY-MM-DD or RFC 3339");
    audit->add_option("--token", audit_req->token, "only this token's rows (its name)");
    audit->add_option("--node", audit_req->node, "only this node's subtree");
    audit->add_option("--limit", audit_req->limit, "at most this many rows (default 1000)");
    audit->callback(
        [&code, audit_req] { code = app::audit_command(*audit_req, std::cout, std::cerr); });

    auto req = std::make_shared<app::PrivacyRequest>();
    auto* privacy = app.add_subcommand("privacy", "a household's data: export, erase; the purge");
    privacy->require_subcommand(1);
    auto household = [&](CLI::App* c) {
        c->add_option("--config", req->config_path, "configuration file")->required();
        c->add_option("--household", req->household, "household id (as the API shows it)")
            ->required();
    };
    auto* exp = privacy->add_subcommand("export", "everything held about one household, JSON");
    household(exp);
    exp->callback([&code, req] { code = app::privacy_export(*req, std::cout, std::cerr); });
    auto* erase = privacy->add_subcommand("erase", "erase one household's personal data");
    household(erase);
    erase->add_flag("--yes", req->yes, "confirm: the data cannot be brought back");
    erase->callback([&code, req] { code = app::privacy_erase(*req, std::cout, std::cerr); });
    auto* purge = privacy->add_subcommand("purge", "purge what is older than [privacy] keep, now");
    purge->add_option("--config", req->config_path, "configuration file")->required();
    purge->add_flag("--vacuum", req->vacuum,
                    "then a full VACUUM (once, for a database made before incremental vacuum)");
    purge->callback([&code, req] { code = app::privacy_purge(*req, std::cout, std::cerr); });

    auto export_req = std::make_shared<app::ExportRequest>();
    auto* table_export =
        app.add_subcommand("export", "a node's or a notice's table as .xlsx or CSV (audited)");
    table_export
        ->add_option("kind", export_req->kind,
                     "summary, missing, incidents (--node); calls, notice-progress (--notice)")
        ->required();
    table_export->add_option("--config", export_req->config_path, "configuration file")->required();
    table_export->add_option("--node", export_req->node, "node code");
    table_export->add_option("--notice", export_req->notice,
                             "the notice's id (the dashboard's /notices/ID, GET /api/v1/notices)");
    table_export->add_option("--from", export_req->from,
                             "incidents opened on or after this local day YYYY-MM-DD");
    table_export->add_option("--to", export_req->to,
                             "incidents opened on or before this local day YYYY-MM-DD");
    table_export->add_option("--day", export_req->day, "local day YYYY-MM-DD (default: today)");
    table_export->add_option("--format", export_req->format, "xlsx (default) or csv");
    table_export->add_option("--out", export_req->out, "file to write")->required();
    table_export->add_option("--lang", export_req->lang,
                             "zh (default) or en: the header row's language");
    table_export->callback(
        [&code, export_req] { code = app::export_command(*export_req, std::cout, std::cerr); });

    auto print_req = std::make_shared<app::PrintRequest>();
    auto* print = app.add_subcommand("print", "supervision cards or door posters, HTML to print");
    print->add_option("kind", print_req->kind, "cards or posters")->required();
    print->add_option("--config", print_req->config_path, "configuration file")->required();
    print->add_option("--node", print_req->node, "node code (a grid, community, …)")->required();
    print->add_option("--day", print_req->day, "the cards' day YYYY-MM-DD (default: today)");
    print->add_option("--out", print_req->out, "HTML file to write")->required();
    print->callback(
        [&code, print_req] { code = app::print_command(*print_req, std::cout, std::cerr); });

    auto groups_req = std::make_shared<app::ImportGroupsRequest>();
    auto* groups = app.add_subcommand(
        "import-groups", "load chat groups and their leaders from a ledger (CSV or .xlsx)");
    groups->add_option("--config", groups_req->config_path, "configuration file")->required();
    groups->add_option("ledger", groups_req->file, "groups ledger: CSV or .xlsx")->required();
    groups->add_option("--sheet", groups_req->sheet, "the workbook's sheet (default: the first)");
    groups->add_flag("--prune", groups_req->prune, "remove imported groups absent from the file");
    groups->callback(
        [&code, groups_req] { code = app::import_groups(*groups_req, std::cout, std::cerr); });
}

}  // namespace gridbot::cli
