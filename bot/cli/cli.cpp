#include "bot/cli/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "bot/app/check_config.h"
#include "bot/app/daemon.h"
#include "bot/app/import.h"
#include "bot/config/config.h"
#include "bot/daily/summary_command.h"
#include "bot/http/auth.h"
#include "bot/parse/parse_command.h"

namespace gridbot::cli {

int run(int argc, char** argv, delivery::AdapterRegistry adapters) {
    // Logs go to stderr, one line per event with key=value context; stdout is
    // for what a command prints (JSON, summaries).
    auto logger = spdlog::stderr_color_mt("gridbot");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
    spdlog::set_default_logger(logger);
    CLI::App app{"gridbot: daily reports, incidents and notices for a community grid"};
    app.require_subcommand(1);
    int code = 0;
    std::string config_path;

    auto* serve = app.add_subcommand("serve", "run the daemon");
    serve->add_option("--config", config_path, "configuration file")->required();
    serve->callback([&] { code = app::serve(config_path, std::move(adapters)); });

    bool effective = false, options = false;
    auto* check = app.add_subcommand("check-config", "validate the configuration and print a summary");
    check->add_option("--config", config_path, "configuration file");
    check->add_flag("--effective", effective, "print the effective configuration, secrets masked");
    check->add_flag("--options", options, "list every configuration option");
    check->callback([&] {
        if (options) {
            std::cout << config::option_reference();
            return;
        }
        if (config_path.empty()) {
            std::cerr << "check-config: --config is required\n";
            code = 2;
            return;
        }
        code = app::check_config(config_path, adapters, effective, std::cout, std::cerr);
    });

    app::ImportRequest import_req;
    auto* import = app.add_subcommand("import", "load the household ledger (CSV) into the store");
    import->add_option("--config", import_req.config_path, "configuration file")->required();
    import->add_option("ledger", import_req.ledger_path, "ledger CSV (UTF-8 or GBK)")->required();
    import->add_flag("--prune", import_req.prune, "deactivate households absent from the file");
    import->add_flag("--dry-run", import_req.dry_run, "validate and report, write nothing");
    import->callback([&] { code = app::import_ledger(import_req, std::cout, std::cerr); });

    std::vector<std::string> parse_words;
    bool jsonl = false;
    std::string lexicon;
    auto* parse = app.add_subcommand("parse", "print the understanding of replies as JSON");
    parse->add_option("text", parse_words, "the message (words are joined with spaces)");
    parse->add_flag("--jsonl", jsonl, "read {\"text\": ...} objects, one per line, from stdin");
    parse->add_option("--lexicon", lexicon, "lexicon file (default: config/lexicon/zh-CN.toml)");
    parse->callback([&] {
        if (!jsonl && parse_words.empty()) {
            std::cerr << "parse: give TEXT or --jsonl\n";
            code = 2;
            return;
        }
        code = parse::run_parse_command(parse_words, jsonl,
                                        lexicon.empty() ? parse::default_lexicon_path() : lexicon,
                                        std::cin, std::cout, std::cerr);
    });

    std::string role, node, name = "operator";
    auto* token = app.add_subcommand("token", "API tokens");
    token->require_subcommand(1);
    auto* token_new = token->add_subcommand("new", "make a token and print the [[tokens]] entry");
    token_new->add_option("--role", role, "grid, community, street, district or admin")->required();
    token_new->add_option("--node", node, "node code the token covers")->required();
    token_new->add_option("--name", name, "who holds it");
    token_new->callback([&] {
        if (!config::role_from_name(role)) {
            std::cerr << "token new: --role: expected grid, community, street, district or admin, got \""
                      << role << "\"\n";
            code = 2;
            return;
        }
        std::string t = http::new_token();
        std::cout << "token: " << t << "\n\n# paste into the configuration; the token itself is not stored\n"
                  << "[[tokens]]\nname = \"" << name << "\"\nsha256 = \"" << http::token_hash(t)
                  << "\"\nrole = \"" << role << "\"\nnode = \"" << node << "\"\n";
    });

    std::string summary_node, summary_day;
    auto* summary = app.add_subcommand("summary", "the day's rollup of a node's subtree, JSON");
    summary->add_option("--config", config_path, "configuration file")->required();
    summary->add_option("--node", summary_node, "node code")->required();
    summary->add_option("--day", summary_day, "local day YYYY-MM-DD (default: today)");
    summary->callback([&] {
        code = daily::summary_command(config_path, summary_node, summary_day, std::cout, std::cerr);
    });

    auto* version = app.add_subcommand("version", "print the version");
    version->callback([] { std::cout << "gridbot " << GRIDBOT_VERSION << "\n"; });

    CLI11_PARSE(app, argc, argv);
    return code;
}

}  // namespace gridbot::cli
