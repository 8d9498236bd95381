#include "bot/cli/backup_command.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/store/backup.h"
#include "bot/store/store.h"

namespace gridbot::cli {

namespace {

nlohmann::json to_json(const store::BackupInfo& b) {
    return {{"path", b.path},       {"schema_version", b.schema_version},
            {"bytes", b.bytes},     {"households", b.households},
            {"reports", b.reports}, {"outbox", b.outbox}};
}

struct Args {
    std::string config_path;
    std::string file;
    bool check_only = false;
};

// The database path of the configuration; prints the error and returns
// nullopt when the configuration does not load.
std::optional<std::string> store_path(const std::string& config_path) {
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        std::cerr << cfg.error().to_string() << "\n";
        return std::nullopt;
    }
    if (cfg.value()->store_engine == "postgresql") {
        // Stable id: operators back a PostgreSQL store up with its own tools.
        std::cerr << "[store.sqlite_only] " << config_path
                  << ": store.engine is postgresql; backup and restore work on the SQLite file "
                     "only: use pg_dump / pg_restore or pg_basebackup (docs/scaling.md)\n";
        return std::nullopt;
    }
    return cfg.value()->store_path;
}

int run_backup(const Args& a) {
    auto db = store_path(a.config_path);
    if (!db) return 1;
    auto done = store::backup_database(*db, a.file);
    if (!done) {
        std::cerr << done.error().to_string() << "\n";
        return 1;
    }
    auto out = to_json(done.value());
    out["seconds"] = done.value().seconds;
    std::cout << out.dump(2) << "\n";
    return 0;
}

int run_restore(const Args& a) {
    if (a.check_only) {
        auto checked = store::check_backup(a.file);
        if (!checked) {
            std::cerr << checked.error().to_string() << "\n";
            return 1;
        }
        std::cout << to_json(checked.value()).dump(2) << "\n";
        return 0;
    }
    auto db = store_path(a.config_path);
    if (!db) return 1;
    auto done =
        store::restore_database(a.file, *db, unix_seconds(std::chrono::system_clock::now()));
    if (!done) {
        std::cerr << done.error().to_string() << "\n";
        return 1;
    }
    auto out = to_json(done.value().restored);
    out["previous"] = done.value().previous;
    std::cout << out.dump(2) << "\n";
    return 0;
}

// Brings the configured store's schema to this build's version. The daemon
// does it at start on SQLite; on PostgreSQL only this command does.
int run_migrate(const std::string& config_path) {
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        std::cerr << cfg.error().to_string() << "\n";
        return 1;
    }
    const auto& c = *cfg.value();
    auto where = store::configured_location(c.store_engine, c.store_path, c.store_url);
    auto st = store::Store::open(where, unix_seconds(std::chrono::system_clock::now()), 0,
                                 store::Schema::migrate);
    if (!st) {
        std::cerr << st.error().to_string() << "\n";
        return 1;
    }
    nlohmann::json out = {{"engine", store::engine_name(where.engine)},
                          {"schema_version", st.value()->schema_version()}};
    st.value()->close();
    std::cout << out.dump(2) << "\n";
    return 0;
}

}  // namespace

void add_backup_commands(CLI::App& app, int& code) {
    auto args = std::make_shared<Args>();
    auto* backup = app.add_subcommand(
        "backup",
        "copy the database while the daemon runs (consistent, checked, never overwrites)");
    backup->add_option("--config", args->config_path, "configuration file")->required();
    backup->add_option("dest", args->file, "the backup file to write (must not exist)")->required();
    backup->callback([args, &code] { code = run_backup(*args); });

    auto* restore = app.add_subcommand(
        "restore", "replace the database with a backup (daemon stopped; the old one is kept)");
    restore->add_option("--config", args->config_path, "configuration file");
    restore->add_option("backup", args->file, "the backup file")->required();
    restore->add_flag("--check", args->check_only,
                      "only check the backup (integrity, schema version); change nothing");
    restore->callback([args, &code] {
        if (!args->check_only && args->config_path.empty()) {
            throw CLI::RequiredError("--config");
        }
        code = run_restore(*args);
    });

    auto* migrate = app.add_subcommand(
        "migrate", "bring the store's schema up to date (required first on PostgreSQL)");
    migrate->add_option("--config", args->config_path, "configuration file")->required();
    migrate->callback([args, &code] { code = run_migrate(args->config_path); });
}

}  // namespace gridbot::cli
