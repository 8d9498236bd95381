// The district's morning (issue 6): every household of a generated district
// (640,000 in 6,747 grids by default), already registered, sends one signed
// report through the webhook platform's inbound route in one burst over 64
// concurrent keep-alive connections. Measures, against the real gridbot binary
// (a child process, manual clock, its own database):
//   - acknowledged reports/s (verified + durably recorded before the answer),
//     p50/p99 latency, and the same load against a bare tuned cpp-httplib
//     handler in this process (PERFORMANCE.md: measure the bare side in the same run);
//   - the whole morning: time until every report is understood and stored
//     (the day's counters say reported == households);
//   - the district rollup (GET /api/v1/nodes/<root>/summary) latency;
//   - gridbot's peak RSS (VmHWM).
//   ./build/bench_morning [households] [grids] [connections] [--store postgresql] [--daemons N]
// --store postgresql: a private PostgreSQL cluster (tests/pg/cluster.sh) in
// the work folder, or the empty database GRIDBOT_PG_URL names; --daemons N:
// N daemons on that database, connection c posting to daemon c % N, and the
// morning is over when every daemon's summary counts every report.
#include <httplib.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/district.h"
#include "bench/pg_cluster.h"
#include "bot/core/crypto.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace gridbot::bench;

namespace {

struct LoadResult {
    double seconds = 0;
    size_t ok = 0, failed = 0;
    double p50_ms = 0, p99_ms = 0;
};

// One thread per connection; request i goes to connection i % connections,
// connection c to ports[c % ports.size()].
LoadResult run_load(const std::vector<int>& ports, const std::vector<Household>& hh,
                    int connections, int64_t signed_at) {
    std::vector<std::vector<double>> lat(connections);
    std::atomic<size_t> ok{0}, failed{0};
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            httplib::Client cli("127.0.0.1", ports[static_cast<size_t>(c) % ports.size()]);
            cli.set_keep_alive(true);
            cli.set_tcp_nodelay(true);
            cli.set_read_timeout(30, 0);
            for (size_t i = static_cast<size_t>(c); i < hh.size();
                 i += static_cast<size_t>(connections)) {
                const auto& h = hh[i];
                json body = {{"group", h.group},
                             {"sender", {{"id", h.sender}, {"name", h.sender}}},
                             {"text", h.address + " 零报告"},
                             {"message_id", "m" + std::to_string(i)},
                             {"time", 1795305600}};
                std::string b = body.dump();
                httplib::Headers headers;
                if (signed_at > 0) {
                    // The daemon's manual clock stands at its start: signed at that
                    // time, a burst longer than the 300 s window is still accepted.
                    std::string ts = std::to_string(signed_at);
                    headers = {{"X-Gridbot-Timestamp", ts},
                               {"X-Gridbot-Signature",
                                "sha256=" + gridbot::crypto::hex(gridbot::crypto::hmac_sha256(
                                                kSecret, ts + "." + b))}};
                }
                auto t0 = Clock::now();
                auto r = cli.Post("/hooks/hook", headers, b, "application/json");
                lat[c].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (r && r->status == 200) {
                    ++ok;
                } else {
                    ++failed;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    LoadResult res;
    res.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    res.ok = ok;
    res.failed = failed;
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    if (!all.empty()) {
        res.p50_ms = all[all.size() / 2];
        res.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
    }
    return res;
}

// The bare side: a tuned cpp-httplib server whose handler parses the JSON body and answers.
LoadResult bare(const std::vector<Household>& hh, int connections) {
    httplib::Server srv;
    srv.set_tcp_nodelay(true);
    srv.set_keep_alive_max_count(100000);
    srv.new_task_queue = [connections] {
        return new httplib::ThreadPool(static_cast<size_t>(connections));
    };
    int listen_fd = -1;
    srv.set_socket_options([&](socket_t fd) {
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listen_fd = fd;
    });
    srv.Post("/hooks/hook", [](const httplib::Request& req, httplib::Response& res) {
        json j = json::parse(req.body, nullptr, false);
        res.set_content(j.is_discarded() ? "{\"error\":\"bad\"}" : "{\"ok\":true}",
                        "application/json");
    });
    int port = srv.bind_to_any_port("127.0.0.1");
    if (listen_fd >= 0) ::listen(listen_fd, 4096);  // Debian's build listens with a backlog of 5
    std::thread t([&] { srv.listen_after_bind(); });
    while (!srv.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto r = run_load({port}, hh, connections, std::time(nullptr));
    srv.stop();
    t.join();
    return r;
}

}  // namespace

// Everyone registered yesterday: bind each sender to their household.
void bind_members_sqlite(const std::string& path, const std::vector<Household>& hh) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO members(channel, user_id, name, household_id, bound_at) "
                       "SELECT 'hook', ?1, ?1, "
                       "h.id, 0 FROM households h JOIN nodes n ON n.id = h.grid_id WHERE "
                       "n.code = ?2 AND h.address = ?3",
                       -1, &st, nullptr);
    for (const auto& h : hh) {
        sqlite3_bind_text(st, 1, h.sender.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, h.grid.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, h.address.c_str(), -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

// The same on PostgreSQL, with psql: the senders copied in, one INSERT … SELECT.
bool bind_members_pg(const std::string& work, const std::string& conninfo,
                     const std::vector<Household>& hh) {
    {
        std::ofstream csv(work + "/members.csv");
        for (const auto& h : hh) csv << h.sender << "," << h.grid << "," << h.address << "\n";
    }
    std::ofstream sql(work + "/members.sql");
    sql << "CREATE TEMP TABLE m (user_id TEXT, grid TEXT, address TEXT);\n"
        << "\\copy m FROM '" << work << "/members.csv' WITH (FORMAT csv)\n"
        << "INSERT INTO members(channel, user_id, name, household_id, bound_at) SELECT 'hook', "
           "m.user_id, m.user_id, h.id, 0 FROM m JOIN nodes n ON n.code = m.grid JOIN households "
           "h ON h.grid_id = n.id AND h.address = m.address;\n";
    sql.close();
    std::string cmd = "psql -q -v ON_ERROR_STOP=1 '" + conninfo + "' -f " + work +
                      "/members.sql > " + work + "/members.log 2>&1";
    if (std::system(cmd.c_str()) == 0) return true;
    std::fprintf(stderr, "binding members failed: %s\n", read_file(work + "/members.log").c_str());
    return false;
}

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    std::vector<std::string> positional;
    std::string engine = "sqlite";
    int daemons = 1;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--store" && i + 1 < argc) {
            engine = argv[++i];
        } else if (a == "--daemons" && i + 1 < argc) {
            daemons = std::max(1, std::stoi(argv[++i]));
        } else {
            positional.push_back(a);
        }
    }
    if (engine != "sqlite" && engine != "postgresql") {
        std::fprintf(stderr, "--store: expected sqlite or postgresql\n");
        return 2;
    }
    if (engine == "sqlite" && daemons > 1) {
        std::fprintf(stderr, "--daemons: several daemons need --store postgresql\n");
        return 2;
    }
    const int households = positional.size() > 0 ? std::stoi(positional[0]) : 640000;
    const int grids = positional.size() > 1 ? std::stoi(positional[1]) : 6747;
    const int connections = positional.size() > 2 ? std::stoi(positional[2]) : 64;
    std::string binary = (std::filesystem::path(argv[0]).parent_path() / "gridbot").string();
    std::string work = "/tmp/gridbot-bench-morning-" + std::to_string(getpid());
    std::filesystem::create_directories(work);

    std::string store_toml;
    gridbot::bench::PgForBench pg;
    if (engine == "postgresql") {
        if (!pg.start(work + "/pg")) return 1;
        store_toml = "engine = \"postgresql\"\nurl = \"" + pg.conninfo() + "\"";
    }
    auto stop_cluster = [&] { pg.stop(); };

    // The district: ledger, configuration (one webhook group per grid), import.
    auto t0 = Clock::now();
    const std::time_t clock_start = std::time(nullptr);  // the daemons' manual clock
    std::vector<Household> hh =
        write_district(work, households, grids, connections, utc_at(clock_start), store_toml);
    if (engine == "postgresql" && std::system((binary + " migrate --config " + work +
                                               "/gridbot.toml > " + work + "/migrate.log 2>&1")
                                                  .c_str()) != 0) {
        std::fprintf(stderr, "migrate failed: %s\n", read_file(work + "/migrate.log").c_str());
        stop_cluster();
        return 1;
    }
    if (!import_district(binary, work)) {
        stop_cluster();
        return 1;
    }
    std::printf(
        "district: %d households in %d grids, imported in %.1f s (store: %s, %d daemon%s)\n",
        households, grids, std::chrono::duration<double>(Clock::now() - t0).count(), engine.c_str(),
        daemons, daemons > 1 ? "s" : "");
    if (engine == "sqlite") {
        bind_members_sqlite(work + "/g.db", hh);
    } else if (!bind_members_pg(work, pg.conninfo(), hh)) {
        stop_cluster();
        return 1;
    }

    // The bare side first, then gridbot, in the same run.
    auto b = bare(hh, connections);
    std::printf(
        "bare tuned cpp-httplib + JSON: %.0f req/s, p50 %.2f ms, p99 %.2f ms (%zu failed)\n",
        static_cast<double>(b.ok) / b.seconds, b.p50_ms, b.p99_ms, b.failed);

    std::vector<Daemon> running;
    std::vector<int> ports;
    for (int i = 0; i < daemons; ++i) {
        auto d = start_gridbot(binary, work, "gridbot-" + std::to_string(i) + ".log");
        if (!d.port) {
            for (auto& r : running) stop_gridbot(r);
            stop_cluster();
            return 1;
        }
        running.push_back(d);
        ports.push_back(d.port);
    }
    httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
    auto morning_start = Clock::now();
    auto cpu_all = [&] {
        double s = 0;
        for (const auto& d : running) s += cpu_seconds(d.pid);
        return s;
    };
    double cpu_before = cpu_all();
    auto g = run_load(ports, hh, connections, clock_start);
    double cpu_load = cpu_all() - cpu_before;
    std::printf(
        "gridbot acknowledged (verified + durably recorded): %.0f reports/s = %.0f %% of bare, "
        "p50 %.2f ms, p99 %.2f ms (%zu failed)\n",
        static_cast<double>(g.ok) / g.seconds,
        100.0 * (static_cast<double>(g.ok) / g.seconds) / (static_cast<double>(b.ok) / b.seconds),
        g.p50_ms, g.p99_ms, g.failed);
    std::printf(
        "gridbot CPU during the burst (all daemons): %.1f s = %.0f us per report (%.2f of the "
        "machine's 2 cores)\n",
        cpu_load, 1e6 * cpu_load / static_cast<double>(std::max<size_t>(g.ok, 1)),
        cpu_load / g.seconds);
    // Until every report is understood and stored, as every daemon's day counters say.
    int64_t reported = 0, before = -1;
    auto progress_at = Clock::now();
    while (reported < households && Clock::now() - progress_at < std::chrono::seconds(20)) {
        int64_t least = households;
        for (int port : ports) {
            httplib::Client api("127.0.0.1", port);
            auto r = api.Get("/api/v1/nodes/bench/summary", auth);
            int64_t n =
                r && r->status == 200 ? json::parse(r->body).value("reported", int64_t{0}) : 0;
            least = std::min(least, n);
        }
        reported = least;
        if (reported != before) progress_at = Clock::now();
        before = reported;
        if (reported < households) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    double morning = std::chrono::duration<double>(Clock::now() - morning_start).count();
    std::printf(
        "whole morning: %lld of %d reports understood and stored (in every daemon's counters) in "
        "%.1f s = %.0f reports/s end to end\n",
        static_cast<long long>(reported), households, morning,
        static_cast<double>(reported) / morning);
    for (size_t i = 0; i < running.size(); ++i) {
        httplib::Client api("127.0.0.1", ports[i]);
        std::vector<double> rollup;
        for (int k = 0; k < 5; ++k) {
            auto t = Clock::now();
            auto r = api.Get("/api/v1/nodes/bench/summary", auth);
            rollup.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
            (void)r;
        }
        std::sort(rollup.begin(), rollup.end());
        std::printf(
            "daemon %zu: district rollup (GET /api/v1/nodes/bench/summary, day counters) median "
            "%.1f ms; peak RSS %ld KiB\n",
            i, rollup[2], peak_rss_kib(running[i].pid));
        // The writer's group commit over the whole run (/metrics): small
        // batches mean each job paid the transaction's own round trips.
        auto m = api.Get("/metrics", auth);
        std::string text = m && m->status == 200 ? "\n" + m->body : "";
        auto sample = [&](const std::string& series) {
            auto at = text.find("\n" + series + " ");
            return at == std::string::npos ? 0.0 : std::stod(text.substr(at + series.size() + 2));
        };
        const double batches = sample("gridbot_store_batch_jobs_count");
        if (batches > 0) {
            std::printf(
                "daemon %zu: writer %.0f transactions, %.1f jobs each on average, %.0f %% of them "
                "a single job, %.2f ms each on average\n",
                i, batches, sample("gridbot_store_batch_jobs_sum") / batches,
                100.0 * sample("gridbot_store_batch_jobs_bucket{le=\"1\"}") / batches,
                1e3 * sample("gridbot_store_batch_seconds_sum") / batches);
        }
    }
    for (auto& d : running) stop_gridbot(d);
    stop_cluster();
    std::filesystem::remove_all(work);
    return 0;
}
