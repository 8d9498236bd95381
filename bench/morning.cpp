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
//   ./build/bench_morning [households] [grids] [connections]
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

#include "bot/core/crypto.h"
#include "bot/http/auth.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kSecret = "bench-morning-secret";
const std::string kToken = "gb_bench-morning-admin";

struct Household {
    std::string grid, group, address, sender;
};

std::string grid_code(int g) {
    char buf[64];
    int community = g % 250, street = community % 20;  // 20 streets, 250 communities
    std::snprintf(buf, sizeof buf, "bench/s%02d/c%03d/g%04d", street + 1, community + 1, g + 1);
    return buf;
}

std::string read_file(const std::string& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string utc_now() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// User + system CPU seconds a process has used so far (/proc/<pid>/stat).
double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long peak_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

struct LoadResult {
    double seconds = 0;
    size_t ok = 0, failed = 0;
    double p50_ms = 0, p99_ms = 0;
};

// One thread per connection; request i goes to connection i % connections.
LoadResult run_load(int port, const std::vector<Household>& hh, int connections, bool sign) {
    std::vector<std::vector<double>> lat(connections);
    std::atomic<size_t> ok{0}, failed{0};
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            httplib::Client cli("127.0.0.1", port);
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
                if (sign) {
                    std::string ts =
                        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
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
    auto r = run_load(port, hh, connections, true);
    srv.stop();
    t.join();
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const int households = argc > 1 ? std::stoi(argv[1]) : 640000;
    const int grids = argc > 2 ? std::stoi(argv[2]) : 6747;
    const int connections = argc > 3 ? std::stoi(argv[3]) : 64;
    std::string binary = (std::filesystem::path(argv[0]).parent_path() / "gridbot").string();
    std::string work = "/tmp/gridbot-bench-morning-" + std::to_string(getpid());
    std::filesystem::create_directories(work);

    // The district: ledger, configuration (one webhook group per grid), import.
    std::vector<Household> hh;
    hh.reserve(static_cast<size_t>(households));
    {
        std::ofstream csv(work + "/ledger.csv");
        csv << "district,street,community,grid,room\n";
        for (int i = 0; i < households; ++i) {
            int g = i % grids, k = i / grids;
            std::string code = grid_code(g);
            char addr[32];
            std::snprintf(addr, sizeof addr, "%d-%d-%d", k / 20 + 1, (k / 10) % 2 + 1,
                          101 + k % 10);
            auto p1 = code.find('/'), p2 = code.find('/', p1 + 1), p3 = code.find('/', p2 + 1);
            csv << "bench," << code.substr(p1 + 1, p2 - p1 - 1) << ","
                << code.substr(p2 + 1, p3 - p2 - 1) << "," << code.substr(p3 + 1) << "," << addr
                << "\n";
            hh.push_back({code, "grp" + std::to_string(g + 1), addr, "u" + std::to_string(i)});
        }
        std::ofstream cfg(work + "/gridbot.toml");
        cfg << "[server]\nbind = \"127.0.0.1\"\nport = 0\nthreads = " << connections
            << "\n[store]\npath = \"" << work
            << "/g.db\"\n[district]\ncode = \"bench\"\nname = \"bench\"\n"
            << "templates = \"" << GRIDBOT_SOURCE_DIR << "/templates\"\n"
            << "[parser]\nlexicon = \"" << GRIDBOT_SOURCE_DIR << "/config/lexicon/zh-CN.toml\"\n"
            << "[[tokens]]\nname = \"bench\"\nsha256 = \"" << gridbot::http::token_hash(kToken)
            << "\"\nrole = \"admin\"\nnode = \"bench\"\n"
            << "[[channels]]\nname = \"hook\"\nplatform = \"webhook\"\nsettings = { secret = \""
            << kSecret
            << "\", url = \"http://127.0.0.1:9/{group}\" }\n"
            // A manual clock frozen at the start: no scheduled slot fires during the
            // burst, and the webhook's timestamps (checked against it) stay within 300 s.
            << "[debug]\nmanual_clock = true\nstart_time = \"" << utc_now() << "\"\n";
        for (int g = 0; g < grids; ++g) {
            cfg << "[[groups]]\nnode = \"" << grid_code(g) << "\"\nchannel = \"hook\"\nid = \"grp"
                << g + 1 << "\"\n";
        }
    }
    auto t0 = Clock::now();
    std::string import = binary + " import --config " + work + "/gridbot.toml " + work +
                         "/ledger.csv > " + work + "/import.log 2>&1";
    if (std::system(import.c_str()) != 0) {
        std::fprintf(stderr, "import failed: %s\n", read_file(work + "/import.log").c_str());
        return 1;
    }
    std::printf("district: %d households in %d grids, imported in %.1f s\n", households, grids,
                std::chrono::duration<double>(Clock::now() - t0).count());
    // Everyone registered yesterday: bind each sender to their household.
    {
        sqlite3* db = nullptr;
        sqlite3_open((work + "/g.db").c_str(), &db);
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

    // The bare side first, then gridbot, in the same run.
    auto b = bare(hh, connections);
    std::printf(
        "bare tuned cpp-httplib + JSON: %.0f req/s, p50 %.2f ms, p99 %.2f ms (%zu failed)\n",
        static_cast<double>(b.ok) / b.seconds, b.p50_ms, b.p99_ms, b.failed);

    std::string log = work + "/gridbot.log";
    pid_t pid = fork();
    if (pid == 0) {
        FILE* f = freopen(log.c_str(), "w", stderr);
        (void)f;
        dup2(fileno(stderr), fileno(stdout));
        execl(binary.c_str(), "gridbot", "serve", "--config", (work + "/gridbot.toml").c_str(),
              nullptr);
        _exit(127);
    }
    int port = 0;
    std::regex running("event=running url=http://[0-9.]+:([0-9]+)");
    for (int i = 0; i < 6000 && !port; ++i) {
        std::smatch m;
        std::string text = read_file(log);
        if (std::regex_search(text, m, running)) port = std::stoi(m[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!port) {
        std::fprintf(stderr, "gridbot did not start: %s\n", read_file(log).c_str());
        kill(pid, SIGKILL);
        return 1;
    }
    httplib::Client api("127.0.0.1", port);
    httplib::Headers auth = {{"Authorization", "Bearer " + kToken}};
    auto morning_start = Clock::now();
    double cpu_before = cpu_seconds(pid);
    auto g = run_load(port, hh, connections, true);
    double cpu_load = cpu_seconds(pid) - cpu_before;
    std::printf(
        "gridbot acknowledged (verified + durably recorded): %.0f reports/s = %.0f %% of bare, "
        "p50 %.2f ms, p99 %.2f ms (%zu failed)\n",
        static_cast<double>(g.ok) / g.seconds,
        100.0 * (static_cast<double>(g.ok) / g.seconds) / (static_cast<double>(b.ok) / b.seconds),
        g.p50_ms, g.p99_ms, g.failed);
    std::printf(
        "gridbot CPU during the burst: %.1f s = %.0f us per report (%.2f of the machine's 2 "
        "cores)\n",
        cpu_load, 1e6 * cpu_load / static_cast<double>(std::max<size_t>(g.ok, 1)),
        cpu_load / g.seconds);
    // Until every report is understood and stored (the day's counters).
    int64_t reported = 0, before = -1;
    auto progress_at = Clock::now();
    while (reported < households && Clock::now() - progress_at < std::chrono::seconds(20)) {
        auto r = api.Get("/api/v1/nodes/bench/summary", auth);
        if (r && r->status == 200) reported = json::parse(r->body).value("reported", int64_t{0});
        if (reported != before) progress_at = Clock::now();
        before = reported;
        if (reported < households) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    double morning = std::chrono::duration<double>(Clock::now() - morning_start).count();
    std::printf(
        "whole morning: %lld of %d reports understood and stored in %.1f s = %.0f reports/s end to "
        "end\n",
        static_cast<long long>(reported), households, morning,
        static_cast<double>(reported) / morning);
    std::vector<double> rollup;
    for (int i = 0; i < 5; ++i) {
        auto t = Clock::now();
        auto r = api.Get("/api/v1/nodes/bench/summary", auth);
        rollup.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        (void)r;
    }
    std::sort(rollup.begin(), rollup.end());
    std::printf("district rollup (GET /api/v1/nodes/bench/summary, day counters): median %.1f ms\n",
                rollup[2]);
    std::printf("gridbot peak RSS: %ld KiB\n", peak_rss_kib(pid));
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    std::filesystem::remove_all(work);
    return 0;
}
