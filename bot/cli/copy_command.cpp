#include "bot/cli/copy_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "bot/core/clock.h"
#include "bot/store/copy.h"

namespace gridbot::cli {

namespace {

struct Args {
    std::string from, to;
    int batch = 500;
};

// A location flag's value: the engine it must name, and env:NAME (as in the
// configuration) read from the environment. Bad values are usage errors.
store::Location location_of(const std::string& flag, const std::string& text, store::Engine want) {
    auto where = store::parse_location(text);
    if (!where) throw CLI::ValidationError(flag, where.error().message);
    auto loc = where.value();
    if (loc.engine != want) {
        throw CLI::ValidationError(flag, std::string("expected ") + store::engine_name(want) +
                                             ":..., got \"" + text + "\"");
    }
    if (loc.target.rfind("env:", 0) == 0) {
        const char* value = std::getenv(loc.target.c_str() + 4);
        if (!value || !*value) {
            throw CLI::ValidationError(
                flag, "environment variable " + loc.target.substr(4) + " is not set");
        }
        loc.target = value;
    }
    return loc;
}

std::string row(const std::string& name, int64_t source, int64_t target, int64_t added,
                int64_t updated, const std::string& keys) {
    char line[160];
    std::snprintf(line, sizeof line, "%-20s %10lld %10lld %10lld %10lld  %s", name.c_str(),
                  static_cast<long long>(source), static_cast<long long>(target),
                  static_cast<long long>(added), static_cast<long long>(updated), keys.c_str());
    return line;
}

void print_table(const store::CopyReport& r) {
    char head[160];
    std::snprintf(head, sizeof head, "%-20s %10s %10s %10s %10s  %s", "table", "source", "target",
                  "new", "updated", "keys");
    std::cout << head << "\n";
    int64_t target = 0;
    for (const auto& t : r.tables) {
        std::string keys = t.source_key_sum.empty() ? "-" : "ok";
        if (!t.matches()) keys = "MISMATCH";
        std::cout << row(t.name, t.source_rows, t.target_rows, t.added, t.updated, keys) << "\n";
        target += t.target_rows;
    }
    std::cout << row("total", r.rows(), target, r.added(), r.updated(), "") << "\n";
}

int run_copy(const Args& a) {
    auto from = location_of("--from", a.from, store::Engine::sqlite);
    auto to = location_of("--to", a.to, store::Engine::postgresql);
    auto done =
        store::copy_store(from, to, unix_seconds(std::chrono::system_clock::now()), a.batch);
    if (!done) {
        std::cerr << done.error().to_string() << "\n";
        return 1;
    }
    const auto& r = done.value();
    print_table(r);
    for (const auto& t : r.tables) {
        if (t.matches()) continue;
        std::cerr << "[copy.verify] table " << t.name << ": source " << t.source_rows
                  << " rows (key sum " << t.source_key_sum << "), target " << t.target_rows
                  << " (key sum " << t.target_key_sum
                  << "): the target holds rows the source lacks; rolled back, nothing written\n";
    }
    if (!r.committed) return 1;
    double rate = r.seconds > 0 ? static_cast<double>(r.rows()) / r.seconds : 0;
    std::printf(
        "copied %lld rows (%lld new, %lld updated) at schema version %d in %.2f s "
        "(%.0f rows/s): verified\n",
        static_cast<long long>(r.rows()), static_cast<long long>(r.added()),
        static_cast<long long>(r.updated()), r.schema_version, r.seconds, rate);
    return 0;
}

}  // namespace

void add_copy_command(CLI::App& app, int& code) {
    auto args = std::make_shared<Args>();
    auto* copy = app.add_subcommand(
        "copy-store",
        "copy a SQLite store into PostgreSQL (may run beside the daemon; run again once it is "
        "stopped: idempotent, verified)");
    copy->add_option("--from", args->from, "the source: sqlite:PATH")->required();
    copy->add_option("--to", args->to, "the target: postgresql:CONNINFO (or postgresql:env:NAME)")
        ->required();
    copy->add_option("--batch", args->batch, "rows per INSERT (default 500)")
        ->check(CLI::Range(1, 2000));
    copy->callback([args, &code] { code = run_copy(*args); });
}

}  // namespace gridbot::cli
