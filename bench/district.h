#pragma once
// A generated district for the benchmarks that run the real gridbot binary
// (bench_morning, bench_dashboard): the ledger (640,000 households in 6,747
// grids by default, 20 streets, 250 communities), a configuration with one
// webhook group per grid and an admin token, the import, and the daemon as a
// child process on the manual clock.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/auth.h"

namespace gridbot::bench {

inline const std::string kSecret = "bench-morning-secret";
inline const std::string kToken = "gb_bench-morning-admin";

struct Household {
    std::string grid, group, address, sender;
};

inline std::string grid_code(int g) {
    char buf[64];
    int community = g % 250, street = community % 20;  // 20 streets, 250 communities
    std::snprintf(buf, sizeof buf, "bench/s%02d/c%03d/g%04d", street + 1, community + 1, g + 1);
    return buf;
}

inline std::string read_file(const std::string& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string utc_at(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

inline std::string utc_now() { return utc_at(std::time(nullptr)); }

// User plus system CPU seconds of process `pid` so far.
inline double cpu_seconds(pid_t pid) {
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

inline long peak_rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

// Writes work/ledger.csv and work/gridbot.toml; returns every household.
// `start_time`: the manual clock's start (RFC 3339).
// `store`: the [store] table's lines; empty: SQLite in work/g.db.
inline std::vector<Household> write_district(const std::string& work, int households, int grids,
                                             int threads, const std::string& start_time,
                                             const std::string& store = "") {
    std::vector<Household> hh;
    hh.reserve(static_cast<size_t>(households));
    std::ofstream csv(work + "/ledger.csv");
    csv << "district,street,community,grid,room\n";
    for (int i = 0; i < households; ++i) {
        int g = i % grids, k = i / grids;
        std::string code = grid_code(g);
        char addr[32];
        std::snprintf(addr, sizeof addr, "%d-%d-%d", k / 20 + 1, (k / 10) % 2 + 1, 101 + k % 10);
        auto p1 = code.find('/'), p2 = code.find('/', p1 + 1), p3 = code.find('/', p2 + 1);
        csv << "bench," << code.substr(p1 + 1, p2 - p1 - 1) << ","
            << code.substr(p2 + 1, p3 - p2 - 1) << "," << code.substr(p3 + 1) << "," << addr
            << "\n";
        hh.push_back({code, "grp" + std::to_string(g + 1), addr, "u" + std::to_string(i)});
    }
    std::ofstream cfg(work + "/gridbot.toml");
    cfg << "[server]\nbind = \"127.0.0.1\"\nport = 0\nthreads = " << threads << "\n[store]\n"
        << (store.empty() ? "path = \"" + work + "/g.db\"" : store)
        << "\n[district]\ncode = \"bench\"\nname = \"bench\"\n"
        << "templates = \"" << GRIDBOT_SOURCE_DIR << "/templates\"\n"
        << "[parser]\nlexicon = \"" << GRIDBOT_SOURCE_DIR << "/config/lexicon/zh-CN.toml\"\n"
        << "[[tokens]]\nname = \"bench\"\nsha256 = \"" << http::token_hash(kToken)
        << "\"\nrole = \"admin\"\nnode = \"bench\"\n"
        << "[[channels]]\nname = \"hook\"\nplatform = \"webhook\"\nsettings = { secret = \""
        << kSecret
        << "\", url = \"http://127.0.0.1:9/{group}\" }\n"
        // A manual clock frozen at the start: no scheduled slot fires during the
        // run, and the webhook's timestamps (checked against it) stay within 300 s.
        << "[debug]\nmanual_clock = true\nstart_time = \"" << start_time << "\"\n";
    for (int g = 0; g < grids; ++g) {
        cfg << "[[groups]]\nnode = \"" << grid_code(g) << "\"\nchannel = \"hook\"\nid = \"grp"
            << g + 1 << "\"\n";
    }
    return hh;
}

// `gridbot import` of work/ledger.csv; false after printing the log.
inline bool import_district(const std::string& binary, const std::string& work) {
    std::string import = binary + " import --config " + work + "/gridbot.toml " + work +
                         "/ledger.csv > " + work + "/import.log 2>&1";
    if (std::system(import.c_str()) == 0) return true;
    std::fprintf(stderr, "import failed: %s\n", read_file(work + "/import.log").c_str());
    return false;
}

struct Daemon {
    pid_t pid = 0;
    int port = 0;  // 0: it did not start (the log was printed, the process killed)
};

// `gridbot serve` on work/gridbot.toml, logging to work/`log_name`.
inline Daemon start_gridbot(const std::string& binary, const std::string& work,
                            const std::string& log_name = "gridbot.log") {
    std::string log = work + "/" + log_name;
    Daemon d;
    d.pid = fork();
    if (d.pid == 0) {
        FILE* f = freopen(log.c_str(), "w", stderr);
        (void)f;
        dup2(fileno(stderr), fileno(stdout));
        execl(binary.c_str(), "gridbot", "serve", "--config", (work + "/gridbot.toml").c_str(),
              nullptr);
        _exit(127);
    }
    std::regex running("event=running url=http://[0-9.]+:([0-9]+)");
    for (int i = 0; i < 6000 && !d.port; ++i) {
        std::smatch m;
        std::string text = read_file(log);
        if (std::regex_search(text, m, running)) d.port = std::stoi(m[1]);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!d.port) {
        std::fprintf(stderr, "gridbot did not start: %s\n", read_file(log).c_str());
        kill(d.pid, SIGKILL);
    }
    return d;
}

inline void stop_gridbot(const Daemon& d) {
    kill(d.pid, SIGTERM);
    int status = 0;
    waitpid(d.pid, &status, 0);
}

}  // namespace gridbot::bench
