// The command dashboard at district scale (issue 15): a generated district
// (640,000 households in 6,747 grids by default) where half the households
// reported this morning between 07:00 and 09:00, against the real gridbot
// binary on the manual clock. Measures, each the median of repeated requests
// over loopback (so server time plus one local HTTP round trip):
//   - the district completion view: the summary a page polls
//     (/dashboard/api/live/<root>, first computation and cached), beside the
//     existing GET /api/v1/nodes/<root>/summary; the node's children; today's
//     completion chart (JSON and SVG) and the 14-day history;
//   - a grid's household list (GET /api/v1/nodes/<grid>/households);
//   - live updates: N open pages (default 200) each polling the district's
//     numbers every 5 s (the page's interval) and, as the worst case the issue
//     allows, every second: gridbot's CPU as a share of one core, beside a bare
//     cpp-httplib server answering the same body at the same rate (a child
//     process, its CPU read the same way);
//   - pushed updates: the same N pages each holding the district's event
//     stream (/dashboard/api/events/<root>), quiet (nothing changes: a
//     heartbeat every 15 s) and busy (a leader's correction every second, so
//     every page gets an event every second, the most the issue allows),
//     beside a bare loop in a child process that holds as many connections
//     and writes the same event to each at the same rate.
//   ./build/bench_dashboard [households] [grids] [pages] [seconds]
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "bench/district.h"

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace gridbot::bench;

namespace {

// Half the households reported today (zero reports, 07:00-09:00 local), and
// as many on each of the two days before.
void seed_reports(const std::string& db_path, const std::vector<std::string>& days,
                  int64_t morning_utc) {
    sqlite3* db = nullptr;
    sqlite3_open(db_path.c_str(), &db);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (size_t d = 0; d < days.size(); ++d) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db,
                           "INSERT INTO reports(household_id, day, kind, categories, reporter, "
                           "by_leader, at) SELECT id, ?1, 1, '[]', 'hook:u', 0, ?2 + id % 7200 "
                           "FROM households WHERE id % 2 = 0",
                           -1, &st, nullptr);
        sqlite3_bind_text(st, 1, days[d].c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, morning_utc - static_cast<int64_t>(d) * 86400);
        sqlite3_step(st);
        sqlite3_finalize(st);
        sqlite3_prepare_v2(db,
                           "INSERT INTO day_status(day, household_id, status, categories, "
                           "report_id, updated_at) SELECT day, household_id, 1, '[]', id, at "
                           "FROM reports WHERE day = ?1",
                           -1, &st, nullptr);
        sqlite3_bind_text(st, 1, days[d].c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

// Median milliseconds of `n` GETs of `path` (the first one reported apart).
struct Timing {
    double first_ms = 0, median_ms = 0;
    size_t bytes = 0;
};
Timing time_get(httplib::Client& c, const std::string& path, const httplib::Headers& h, int n) {
    std::vector<double> ms;
    Timing t;
    for (int i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        auto r = c.Get(path, h);
        double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!r || r->status != 200) {
            std::fprintf(stderr, "GET %s failed: %d\n", path.c_str(), r ? r->status : -1);
            std::exit(1);
        }
        if (i == 0) {
            t.first_ms = took;
            t.bytes = r->body.size();
        } else {
            ms.push_back(took);
        }
    }
    std::sort(ms.begin(), ms.end());
    t.median_ms = ms.empty() ? t.first_ms : ms[ms.size() / 2];
    return t;
}

// `pages` clients, each asking `path` every `every` for `seconds`; returns
// the CPU seconds process `pid` spent meanwhile.
double poll(int port, const std::string& path, const httplib::Headers& h, int pages,
            std::chrono::milliseconds every, int seconds, pid_t pid, size_t& answered) {
    std::atomic<size_t> ok{0};
    double before = cpu_seconds(pid);
    auto end = Clock::now() + std::chrono::seconds(seconds);
    // Pages are spread over 16 threads; each thread serves its pages' polls in turn.
    const int threads = 16;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            httplib::Client c("127.0.0.1", port);
            c.set_keep_alive(true);
            int mine = pages / threads + (t < pages % threads ? 1 : 0);
            if (mine == 0) return;
            auto gap = every / mine;
            auto next = Clock::now() + gap * t / threads;
            while (Clock::now() < end) {
                std::this_thread::sleep_until(next);
                auto r = c.Get(path, h);
                if (r && r->status == 200) ++ok;
                next += gap;
            }
        });
    }
    for (auto& th : pool) th.join();
    answered = ok;
    return cpu_seconds(pid) - before;
}

// A bare cpp-httplib server in a child process answering `body` to every GET.
Daemon bare_server(const std::string& body) {
    int fds[2];
    if (pipe(fds) != 0) std::exit(1);
    Daemon d;
    d.pid = fork();
    if (d.pid == 0) {
        httplib::Server srv;
        srv.set_tcp_nodelay(true);
        srv.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
            res.set_content(body, "application/json");
        });
        int port = srv.bind_to_any_port("127.0.0.1");
        if (write(fds[1], &port, sizeof port) != sizeof port) _exit(1);
        srv.listen_after_bind();
        _exit(0);
    }
    if (read(fds[0], &d.port, sizeof d.port) != sizeof d.port) std::exit(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return d;
}

// A socket connected to 127.0.0.1:port that has sent `request`; -1 on failure.
int open_stream(int port, const std::string& request) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size())) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Once a second for `seconds`, a leader's correction of one more unreported
// household (odd ids): the district's numbers move, so every stream gets an event.
void change_every_second(int port, const httplib::Headers& bearer, int seconds,
                         int64_t& next_household) {
    httplib::Client c("127.0.0.1", port);
    c.set_keep_alive(true);
    auto next = Clock::now();
    auto end = next + std::chrono::seconds(seconds);
    while (Clock::now() < end) {
        std::this_thread::sleep_until(next);
        auto r = c.Post("/api/v1/households/" + std::to_string(next_household) + "/correction",
                        bearer, R"({"kind":"zero"})", "application/json");
        if (!r || r->status != 200) {
            std::fprintf(stderr, "correction failed: %d\n", r ? r->status : -1);
            std::exit(1);
        }
        next_household += 2;
        next += std::chrono::seconds(1);
    }
}

// `pages` open event streams of `path` for `seconds` (with `change`: the
// numbers move every second); the CPU seconds process `pid` spent meanwhile.
double hold_streams(int port, const std::string& path, const httplib::Headers& h, int pages,
                    int seconds, pid_t pid, bool change, const httplib::Headers& bearer,
                    int64_t& next_household, size_t& events) {
    std::string request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& [k, v] : h) request += k + ": " + v + "\r\n";
    request += "\r\n";
    std::vector<pollfd> fds;
    for (int i = 0; i < pages; ++i) {
        int fd = open_stream(port, request);
        if (fd < 0) {
            std::fprintf(stderr, "cannot open stream %d\n", i);
            std::exit(1);
        }
        fds.push_back({fd, POLLIN, 0});
    }
    std::atomic<bool> done{false};
    size_t seen = 0;
    std::vector<std::string> tails(fds.size());
    // Reads every stream, counting events ("data: " at a line's start).
    std::thread reader([&] {
        char chunk[65536];
        while (!done) {
            if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
            for (size_t i = 0; i < fds.size(); ++i) {
                if (!(fds[i].revents & POLLIN)) continue;
                ssize_t n = ::recv(fds[i].fd, chunk, sizeof chunk, MSG_DONTWAIT);
                if (n <= 0) continue;
                std::string& t = tails[i];
                t.append(chunk, static_cast<size_t>(n));
                for (size_t at = 0; (at = t.find("\ndata: ", at)) != std::string::npos; ++at)
                    ++seen;
                t.erase(0, t.size() > 8 ? t.size() - 8 : 0);
            }
        }
    });
    std::this_thread::sleep_for(std::chrono::seconds(2));  // every stream open and answered
    size_t opened = seen;
    double before = cpu_seconds(pid);
    if (change) {
        change_every_second(port, bearer, seconds, next_household);
    } else {
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
    }
    double cpu = cpu_seconds(pid) - before;
    done = true;
    reader.join();
    events = seen - opened;
    if (opened < static_cast<size_t>(pages)) {
        std::fprintf(stderr, "only %zu of %d streams answered\n", opened, pages);
    }
    for (auto& p : fds) ::close(p.fd);
    return cpu;
}

// The bare ceiling for pushed updates: a child process that accepts
// connections, answers each request with an event-stream head and `body`, and
// writes `body` to every connection once a second (`busy`) or a heartbeat
// every 15 s, one thread, poll.
Daemon bare_streams(const std::string& body, bool busy) {
    int fds[2];
    if (pipe(fds) != 0) std::exit(1);
    Daemon d;
    d.pid = fork();
    if (d.pid == 0) {
        int ls = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(ls, 4096) != 0 ||
            ::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            _exit(1);
        int port = ntohs(a.sin_port);
        if (write(fds[1], &port, sizeof port) != sizeof port) _exit(1);
        std::vector<pollfd> ps{{ls, POLLIN, 0}};
        const std::string frame = "data: " + body + "\n\n";
        const std::string head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: "
            "no-store\r\nConnection: close\r\n\r\n" +
            frame;
        auto next = Clock::now() + std::chrono::seconds(1);
        int ticks = 0;
        while (true) {
            int wait = static_cast<int>(std::max<int64_t>(
                0, std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now())
                       .count()));
            ::poll(ps.data(), ps.size(), wait);
            if (ps[0].revents & POLLIN) {
                int c = ::accept(ls, nullptr, nullptr);
                if (c >= 0) ps.push_back({c, POLLIN, 0});
            }
            for (size_t i = 1; i < ps.size(); ++i) {
                if (!(ps[i].revents & POLLIN)) continue;
                char buf[4096];
                if (::recv(ps[i].fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
                    (void)!::send(ps[i].fd, head.data(), head.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            }
            if (Clock::now() < next) continue;
            next += std::chrono::seconds(1);
            ++ticks;
            const std::string& out = busy ? frame : std::string(":\n\n");
            if (!busy && ticks % 15 != 0) continue;
            for (size_t i = 1; i < ps.size(); ++i)
                (void)!::send(ps[i].fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
    }
    if (read(fds[0], &d.port, sizeof d.port) != sizeof d.port) std::exit(1);
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const int households = argc > 1 ? std::stoi(argv[1]) : 640000;
    const int grids = argc > 2 ? std::stoi(argv[2]) : 6747;
    const int pages = argc > 3 ? std::stoi(argv[3]) : 200;
    const int seconds = argc > 4 ? std::stoi(argv[4]) : 20;
    std::string binary = (std::filesystem::path(argv[0]).parent_path() / "gridbot").string();
    std::string work = "/tmp/gridbot-bench-dashboard-" + std::to_string(getpid());
    std::filesystem::create_directories(work);

    // 10:00 in Shanghai on 2026-12-07; the morning's reports from 07:00.
    const int64_t seven_local = 1796598000 - 3 * 3600;  // 2026-12-06T23:00:00Z
    auto t0 = Clock::now();
    write_district(work, households, grids, 32, "2026-12-07T02:00:00Z");
    // Every open page is a connection; here they all come from one address.
    std::ofstream(work + "/gridbot.toml", std::ios::app)
        << "[http]\nmax_conns_per_addr = " << std::max(64, pages + 64) << "\n";
    if (!import_district(binary, work)) return 1;
    seed_reports(work + "/g.db", {"2026-12-07", "2026-12-06", "2026-12-05"}, seven_local);
    std::printf("district: %d households in %d grids, half reported; set up in %.1f s\n",
                households, grids, std::chrono::duration<double>(Clock::now() - t0).count());

    auto daemon = start_gridbot(binary, work);
    if (!daemon.port) return 1;
    httplib::Client api("127.0.0.1", daemon.port);
    api.set_keep_alive(true);
    api.set_read_timeout(60, 0);
    httplib::Headers bearer = {{"Authorization", "Bearer " + kToken}};
    auto signin =
        api.Post("/dashboard/api/signin", json{{"token", kToken}}.dump(), "application/json");
    if (!signin || signin->status != 200) {
        std::fprintf(stderr, "sign-in failed\n");
        return 1;
    }
    std::string cookie = signin->get_header_value("Set-Cookie");
    httplib::Headers page = {{"Cookie", cookie.substr(0, cookie.find(';'))}};

    auto report = [](const char* what, const Timing& t) {
        std::printf("%-58s first %7.1f ms, median %7.2f ms (%zu bytes)\n", what, t.first_ms,
                    t.median_ms, t.bytes);
    };
    report("API summary GET /api/v1/nodes/bench/summary",
           time_get(api, "/api/v1/nodes/bench/summary", bearer, 21));
    report("page's live numbers /dashboard/api/live/bench (cached 1 s)",
           time_get(api, "/dashboard/api/live/bench", page, 21));
    report("node and children GET /api/v1/nodes/bench",
           time_get(api, "/api/v1/nodes/bench", page, 21));
    report("today's chart GET .../bench/timeline",
           time_get(api, "/api/v1/nodes/bench/timeline", page, 5));
    report("today's chart GET .../bench/timeline.svg",
           time_get(api, "/api/v1/nodes/bench/timeline.svg", page, 5));
    report("14 days at cutoff GET .../bench/history.svg",
           time_get(api, "/api/v1/nodes/bench/history.svg", page, 5));
    // The district's own list: its first page of 100 (the dashboard's and the API's default).
    report("the district's households, first page GET .../bench/households",
           time_get(api, "/api/v1/nodes/bench/households", page, 5));
    std::string grid = "/api/v1/nodes/" + grid_code(0) + "/households?limit=1000";
    report("a grid's households GET .../<grid>/households", time_get(api, grid, page, 21));
    report("a grid's live numbers /dashboard/api/live/<grid>",
           time_get(api, "/dashboard/api/live/" + grid_code(0), page, 21));

    std::string body = api.Get("/dashboard/api/live/bench", page)->body;
    auto bare = bare_server(body);
    // What each process costs with no page open (the daemon's timers, the bare
    // server's idle loop), over the same length of time: the pages' own cost is
    // the rest.
    double idle = 0, idle_bare = 0;
    {
        double a = cpu_seconds(daemon.pid), b = cpu_seconds(bare.pid);
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        idle = 100.0 * (cpu_seconds(daemon.pid) - a) / seconds;
        idle_bare = 100.0 * (cpu_seconds(bare.pid) - b) / seconds;
        std::printf(
            "no page open for %d s: gridbot %.2f %% of one core (its timers); bare %.2f %%\n",
            seconds, idle, idle_bare);
    }
    for (auto every : {std::chrono::milliseconds(5000), std::chrono::milliseconds(1000)}) {
        size_t n_grid = 0, n_bare = 0;
        double cpu = poll(daemon.port, "/dashboard/api/live/bench", page, pages, every, seconds,
                          daemon.pid, n_grid);
        double cpu_bare = poll(bare.port, "/", {}, pages, every, seconds, bare.pid, n_bare);
        double share = 100.0 * cpu / seconds, share_bare = 100.0 * cpu_bare / seconds;
        double added = share - idle, added_bare = share_bare - idle_bare;
        std::printf(
            "%d pages polling every %lld ms for %d s: gridbot %zu answers, %.2f %% of one core "
            "(%.2f %% more than idle, %.0f us an answer); bare %zu answers, %.2f %% (%.2f %% more, "
            "%.0f us) (gridbot/bare %.1fx)\n",
            pages, static_cast<long long>(every.count()), seconds, n_grid, share, added,
            n_grid ? added * seconds * 1e4 / static_cast<double>(n_grid) : 0.0, n_bare, share_bare,
            added_bare, n_bare ? added_bare * seconds * 1e4 / static_cast<double>(n_bare) : 0.0,
            share_bare > 0 ? share / share_bare : 0.0);
    }
    kill(bare.pid, SIGKILL);
    waitpid(bare.pid, nullptr, 0);
    // Pushed updates. The busy run's corrections cost the daemon something of
    // their own: measured alone first, and taken off.
    int64_t next_household = 1;
    double alone = 0;
    {
        double a = cpu_seconds(daemon.pid);
        change_every_second(daemon.port, bearer, seconds, next_household);
        alone = 100.0 * (cpu_seconds(daemon.pid) - a) / seconds;
        std::printf("a correction a second, no page open, for %d s: gridbot %.2f %% of one core\n",
                    seconds, alone);
    }
    for (bool busy : {false, true}) {
        size_t n_grid = 0, n_bare = 0;
        double cpu = hold_streams(daemon.port, "/dashboard/api/events/bench", page, pages, seconds,
                                  daemon.pid, busy, bearer, next_household, n_grid);
        auto bare_push = bare_streams(body, busy);
        int64_t unused = 0;
        double cpu_bare = hold_streams(bare_push.port, "/", {}, pages, seconds, bare_push.pid,
                                       false, bearer, unused, n_bare);
        kill(bare_push.pid, SIGKILL);
        waitpid(bare_push.pid, nullptr, 0);
        double share = 100.0 * cpu / seconds, share_bare = 100.0 * cpu_bare / seconds;
        double added = share - (busy ? alone : idle);
        std::printf(
            "%d pages holding the event stream for %d s, %s: gridbot %zu events, %.2f %% of one "
            "core (%.2f %% more than %s); bare loop %zu events, %.2f %% (gridbot's added / bare "
            "%.1fx)\n",
            pages, seconds, busy ? "the numbers moving every second" : "nothing changing", n_grid,
            share, added, busy ? "the corrections alone" : "idle", n_bare, share_bare,
            share_bare > 0 ? added / share_bare : 0.0);
    }
    std::printf("gridbot peak RSS: %ld KiB\n", peak_rss_kib(daemon.pid));
    stop_gridbot(daemon);
    std::filesystem::remove_all(work);
    return 0;
}
