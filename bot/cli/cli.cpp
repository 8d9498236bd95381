#include "bot/cli/cli.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/app/check_config.h"
#include "bot/app/corrections_command.h"
#include "bot/app/daemon.h"
#include "bot/app/import.h"
#include "bot/app/systemd.h"
#include "bot/cli/backup_command.h"
#include "bot/cli/copy_command.h"
#include "bot/cli/notice_command.h"
#include "bot/cli/privacy.h"
#include "bot/config/config.h"
#include "bot/daily/summary_command.h"
#include "bot/http/auth.h"
#include "bot/http/signin_link.h"
#include "bot/parse/parse_command.h"

namespace gridbot::cli {

namespace {

// "%*": the syslog priority of the line's level as journald reads it.
class JournalPriority : public spdlog::custom_flag_formatter {
  public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const char* p = "<6>";
        switch (msg.level) {
            case spdlog::level::critical:
                p = "<2>";
                break;
            case spdlog::level::err:
                p = "<3>";
                break;
            case spdlog::level::warn:
                p = "<4>";
                break;
            case spdlog::level::info:
                p = "<6>";
                break;
            default:
                p = "<7>";
                break;
        }
        dest.append(p, p + 3);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JournalPriority>();
    }
};

// gridbot parse [TEXT | --jsonl], parse corrections, parse suggest.
void add_parse_commands(CLI::App& app, int& code) {
    struct Args {
        std::vector<std::string> words;
        bool jsonl = false;
        std::string lexicon;
        bool show_model = false;
        app::CorrectionsRequest corrections;
    };
    auto args = std::make_shared<Args>();
    auto* parse = app.add_subcommand("parse", "print the understanding of replies as JSON");
    parse->add_option("text", args->words, "the message (words are joined with spaces)");
    parse->add_flag("--jsonl", args->jsonl,
                    "read {\"text\": ...} objects, one per line, from stdin");
    parse->add_option("--lexicon", args->lexicon,
                      "lexicon file (default: config/lexicon/zh-CN.toml)");
    parse->add_flag(
        "--model", args->show_model,
        "also print the learned model's own opinion (\"model\": {kind, p, categories})");
    parse->callback([args, parse, &code] {
        if (!parse->get_subcommands().empty()) return;  // corrections, suggest: their own callbacks
        if (!args->jsonl && args->words.empty()) {
            std::cerr << "parse: give TEXT or --jsonl\n";
            code = 2;
            return;
        }
        code = parse::run_parse_command(
            args->words, args->jsonl,
            args->lexicon.empty() ? parse::default_lexicon_path() : args->lexicon, std::cin,
            std::cout, std::cerr, args->show_model);
    });
    auto* corrections = parse->add_subcommand(
        "corrections", "leaders' corrections (更正) as labelled examples, JSON lines, for review");
    corrections->add_option("--config", args->corrections.config_path, "configuration file")
        ->required();
    corrections->add_option("--since", args->corrections.since, "first local day YYYY-MM-DD")
        ->required();
    corrections->add_option("--until", args->corrections.until, "last local day (default: open)");
    corrections->callback([args, &code] {
        code = app::corrections_command(args->corrections, std::cout, std::cerr);
    });
    auto* suggest = parse->add_subcommand(
        "suggest",
        "lexicon entries proposed from the leaders' corrections, JSON lines, best first");
    suggest->add_option("--config", args->corrections.config_path, "configuration file")
        ->required();
    suggest->add_option("--since", args->corrections.since, "first local day (default: all)");
    suggest->add_option("--until", args->corrections.until, "last local day (default: open)");
    suggest->add_option("--limit", args->corrections.limit,
                        "at most this many proposals (default 20)");
    suggest->add_option("--lexicon", args->corrections.lexicon,
                        "lexicon to compare with (default: the configuration's)");
    suggest->callback(
        [args, &code] { code = app::suggest_command(args->corrections, std::cout, std::cerr); });
}

// gridbot token new: a token's [[tokens]] entry, and a one-time sign-in link.
void add_token_command(CLI::App& app, int& code) {
    struct Args {
        std::string role, node, name = "operator";
        bool link = false;
        std::string link_url = "http://127.0.0.1:8080";
    };
    auto args = std::make_shared<Args>();
    auto* token = app.add_subcommand("token", "API tokens");
    token->require_subcommand(1);
    auto* token_new = token->add_subcommand("new", "make a token and print the [[tokens]] entry");
    token_new->add_option("--role", args->role, "grid, community, street, district or admin")
        ->required();
    token_new->add_option("--node", args->node, "node code the token covers")->required();
    token_new->add_option("--name", args->name, "who holds it");
    token_new->add_flag("--link", args->link,
                        "also print a one-time dashboard sign-in link (24 h)");
    token_new->add_option("--url", args->link_url, "the dashboard's address for the link");
    token_new->callback([args, &code] {
        if (!config::role_from_name(args->role)) {
            std::cerr
                << "token new: --role: expected grid, community, street, district or admin, got \""
                << args->role << "\"\n";
            code = 2;
            return;
        }
        std::string t = http::new_token();
        std::cout << "token: " << t
                  << "\n\n# paste into the configuration; the token itself is not stored\n"
                  << "[[tokens]]\nname = \"" << args->name << "\"\nsha256 = \""
                  << http::token_hash(t) << "\"\nrole = \"" << args->role << "\"\nnode = \""
                  << args->node << "\"\n";
        if (args->link) {
            auto expires = unix_seconds(SystemClock().now()) + http::kSigninLinkSeconds;
            while (!args->link_url.empty() && args->link_url.back() == '/')
                args->link_url.pop_back();
            std::cout << "\n# one-time dashboard sign-in link, valid for 24 h once the entry "
                         "above is\n"
                      << "# in the configuration and gridbot has reloaded (docs/dashboard.md):\n"
                      << args->link_url
                      << "/signin#code=" << http::make_signin_code(http::token_hash(t), expires)
                      << "\n";
        }
    });
}

// gridbot notice send | speak | status: through the daemon's API.
void add_notice_commands(CLI::App& app, int& code) {
    struct Args {
        NoticeRequest req;
        int64_t id = 0;
        bool json = false;
        std::string speak_out;
    };
    auto args = std::make_shared<Args>();
    auto* notice = app.add_subcommand("notice", "official notices: send one, follow its progress");
    notice->require_subcommand(1);
    auto common = [args](CLI::App* c) {
        c->add_option("--config", args->req.config_path,
                      "configuration file for server.public_url (default: config/example.toml)");
        c->add_option("--url", args->req.url, "the daemon's address (default: server.public_url)");
        c->add_option("--token", args->req.token, "API token (default: $GRIDBOT_TOKEN)");
    };
    auto* notice_send_cmd =
        notice->add_subcommand("send", "issue a notice and follow its delivery");
    common(notice_send_cmd);
    notice_send_cmd->add_option("--node", args->req.node,
                                "root of the target subtree (default: the token's node)");
    notice_send_cmd->add_option("--title", args->req.title, "title")->required();
    notice_send_cmd->add_option("--body-file", args->req.body_file, "Markdown body");
    notice_send_cmd->add_flag(
        "--ack", args->req.ack,
        "leaders must acknowledge (收到); unacknowledged groups are reminded");
    notice_send_cmd->add_flag("--exercise", args->req.exercise,
                              "a drill: every message is marked 【演练】");
    notice_send_cmd->add_option("--audience", args->req.audience, "residents, staff or both");
    notice_send_cmd->add_option("--kind", args->req.kind, "alert, update or cancel");
    notice_send_cmd->add_option("--ref", args->req.reference,
                                "id of the notice an update or cancel refers to");
    notice_send_cmd->add_option("--number", args->req.number,
                                "the notice number (default: the next one)");
    notice_send_cmd->add_option("--expires-in", args->req.expires_in, "validity, e.g. 1d");
    notice_send_cmd->add_flag("--no-wait", args->req.no_wait, "queue it and return");
    notice_send_cmd->add_option("--timeout", args->req.timeout_seconds,
                                "seconds to follow the progress");
    notice_send_cmd->callback(
        [args, &code] { code = notice_send(args->req, std::cout, std::cerr); });
    auto* notice_speak_cmd =
        notice->add_subcommand("speak", "the notice spoken in Mandarin, a WAV file");
    common(notice_speak_cmd);
    notice_speak_cmd->add_option("id", args->id, "notice id")->required();
    notice_speak_cmd->add_option("--out", args->speak_out, "WAV file to write")->required();
    notice_speak_cmd->callback([args, &code] {
        code = notice_speak(args->req, args->id, args->speak_out, std::cout, std::cerr);
    });

    auto* notice_status_cmd = notice->add_subcommand("status", "a notice's progress by street");
    common(notice_status_cmd);
    notice_status_cmd->add_option("id", args->id, "notice id")->required();
    notice_status_cmd->add_flag("--json", args->json, "print the API's JSON");
    notice_status_cmd->callback([args, &code] {
        code = notice_status(args->req, args->id, args->json, std::cout, std::cerr);
    });
}

// Logs go to stderr, one line per event with key=value context; stdout is
// for what a command prints (JSON, summaries).
void log_to_stderr() {
    auto logger = spdlog::stderr_color_mt("gridbot");
    if (app::systemd::stderr_is_journal()) {
        // The journal stamps each line itself and reads its priority from a
        // "<N>" prefix (sd-daemon(3)).
        auto f = std::make_unique<spdlog::pattern_formatter>();
        f->add_flag<JournalPriority>('*').set_pattern("%*%v");
        logger->set_formatter(std::move(f));
    } else {
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
    }
    spdlog::set_default_logger(logger);
}

}  // namespace

int run(int argc, char** argv, delivery::AdapterRegistry adapters) {
    // The database, its -wal and -shm, exports: every file gridbot creates is 0600.
    ::umask(077);
    log_to_stderr();
    CLI::App app{"gridbot: daily reports, incidents and notices for a community grid"};
    app.require_subcommand(1);
    int code = 0;
    std::string config_path;

    auto* serve = app.add_subcommand("serve", "run the daemon");
    serve->add_option("--config", config_path, "configuration file")->required();
    serve->callback([&] { code = app::serve(config_path, std::move(adapters)); });

    bool effective = false, options = false;
    auto* check =
        app.add_subcommand("check-config", "validate the configuration and print a summary");
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
    auto* import_cmd =
        app.add_subcommand("import", "load the household ledger (CSV or .xlsx) into the store");
    import_cmd->add_option("--config", import_req.config_path, "configuration file")->required();
    import_cmd->add_option("ledger", import_req.ledger_path, "ledger: CSV (UTF-8 or GBK) or .xlsx")
        ->required();
    import_cmd->add_option("--sheet", import_req.sheet,
                           "the .xlsx workbook's sheet (default: the first)");
    import_cmd->add_flag("--prune", import_req.prune, "deactivate households absent from the file");
    import_cmd->add_flag("--dry-run", import_req.dry_run, "validate and report, write nothing");
    import_cmd->add_flag(
        "--clear-missing-columns", import_req.clear_missing_columns,
        "a column the file lacks (标签, 电话, 联系人, 人数) clears the stored values");
    import_cmd->callback([&] { code = app::import_ledger(import_req, std::cout, std::cerr); });

    add_parse_commands(app, code);
    add_token_command(app, code);

    std::string summary_node, summary_day;
    auto* summary = app.add_subcommand("summary", "the day's rollup of a node's subtree, JSON");
    summary->add_option("--config", config_path, "configuration file")->required();
    summary->add_option("--node", summary_node, "node code")->required();
    summary->add_option("--day", summary_day, "local day YYYY-MM-DD (default: today)");
    summary->callback([&] {
        code = daily::summary_command(config_path, summary_node, summary_day, std::cout, std::cerr);
    });

    add_notice_commands(app, code);

    add_backup_commands(app, code);
    add_copy_command(app, code);
    add_data_commands(app, code);

    auto* version = app.add_subcommand("version", "print the version");
    version->callback([] { std::cout << "gridbot " << GRIDBOT_VERSION << "\n"; });

    app.set_version_flag("--version", std::string("gridbot ") + GRIDBOT_VERSION);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with exit code 0; every other parse
        // error is a usage error, and usage errors exit 2 (not CLI11's 106, 109 ...).
        return app.exit(e) == 0 ? 0 : 2;
    }
    return code;
}

}  // namespace gridbot::cli
