// bench_notice: one notice to 6,747 grid groups (Nangang's, DOMAIN.md) from
// issue to every group durably delivered, through gridbot's notices service,
// outbox and dispatcher, against a local sink with no rate limit; beside a bare
// libcurl-multi client sending the same 6,747 messages to the same sink in the
// same run (PERFORMANCE.md). Then the same with 10 % of the groups failing
// (the sink answers 500 for them): how long the other 90 % take.
//   bench_notice [groups=6747] [in_flight=256 (the daemon default)] [rounds=5] [--store postgresql]
// --store postgresql: the outbox and the notice's rows in PostgreSQL (a private
// cluster, or the database GRIDBOT_PG_URL names, emptied before each run); the
// dispatcher sends under outbox leases, as a daemon on PostgreSQL does
// (store/outbox_leases.h). --alone: without leases, one sender for the whole
// outbox (as on SQLite), for comparison.
// Sides alternate each round and medians are compared, so load from other work
// on the machine hits both alike.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "adapters/webhook/adapter.h"
#include "bench/bare_curl.h"
#include "bench/pg_cluster.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/delivery/dispatcher.h"
#include "bot/http/server.h"
#include "bot/notices/service.h"
#include "bot/store/messages.h"
#include "bot/store/notices.h"
#include "bot/store/outbox_leases.h"

using namespace gridbot;
using Steady = std::chrono::steady_clock;

namespace {

std::string grid_code(int i) {
    return "nangang/s" + std::to_string(i % 20) + "/c" + std::to_string((i / 20) % 15) + "/g" +
           std::to_string(i);
}

// Every tenth group fails in the failing run.
bool failing_group(const std::string& path) {
    auto dash = path.rfind('-');
    return dash != std::string::npos && path.back() == '0';
}

// The same messages a notice produces, sent with nothing but libcurl multi.
double bare_curl(int port, int groups, int in_flight) {
    std::vector<std::string> bodies(static_cast<size_t>(groups)), urls(static_cast<size_t>(groups));
    for (int i = 0; i < groups; ++i) {
        bodies[static_cast<size_t>(i)] =
            R"({"channel":"bridge","group":"grid-)" + std::to_string(i) +
            R"(","text":"📢 南岗区通知 第74号：关于全区居家防护的通告\n\n**请各户**今日12点前完成零报告。","format":"markdown","mentions":[],"mention_all":false,"idempotency_key":"bare:)" +
            std::to_string(i) + "\"}";
        // Healthy groups only: the bare side is the all-healthy reference.
        urls[static_cast<size_t>(i)] =
            "http://127.0.0.1:" + std::to_string(port) + "/groups/ok-" + std::to_string(i) + "1";
    }
    return bench::bare_curl_post(urls, bodies, in_flight);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::shared_ptr<const config::Config> district(int port, int groups, bool failing) {
    std::string c =
        "[district]\ncode = \"nangang\"\nname = \"南岗区\"\ntemplates = \"" GRIDBOT_SOURCE_DIR
        "/templates\"\n[[channels]]\nname = \"bridge\"\nplatform = \"webhook\"\n"
        "settings = { secret = \"bench\", url = \"http://127.0.0.1:" +
        std::to_string(port) + "/groups/{group}\" }\n";
    for (int i = 0; i < groups; ++i) {
        // Healthy ids end in 1, failing ones in 0 (every tenth group of the failing run).
        std::string id = "grid-" + std::to_string(i) + (failing && i % 10 == 0 ? "0" : "1");
        c += "[[groups]]\nnode = \"" + grid_code(i) + "\"\nchannel = \"bridge\"\nid = \"" + id +
             "\"\n";
    }
    auto cfg = config::load_string(c, "bench.toml");
    if (!cfg) {
        std::fprintf(stderr, "%s\n", cfg.error().to_string().c_str());
        std::exit(1);
    }
    return cfg.value();
}

struct Run {
    double all =
        0;  // issue -> every group delivered (healthy run) or every healthy group (failing run)
    double issue = 0;  // the POST's part: validation, composing, one transaction of 2 x groups rows
    int64_t delivered = 0;
};

// Issues one notice through the service and dispatches it; returns when the
// healthy groups are all durably delivered.
Run gridbot_side(int port, int groups, int in_flight, bool failing, int round,
                 std::atomic<int64_t>& received, const bench::PgForBench* pg, bool leased) {
    std::string dir = "/tmp/gridbot-bench-notice-" + std::to_string(getpid()) + "-" +
                      std::to_string(round) + (failing ? "f" : "h");
    std::filesystem::create_directories(dir);
    SystemClock clock;
    auto cfg = district(port, groups, failing);
    auto templates = compose::Templates::load(cfg->templates_dir, "zh-CN");
    if (pg && !pg->reset()) {
        std::fprintf(stderr, "emptying the PostgreSQL database failed\n");
        std::exit(1);
    }
    const store::Location where = pg ? store::Location{store::Engine::postgresql, pg->conninfo()}
                                     : store::Location{store::Engine::sqlite, dir + "/g.db"};
    auto opened = store::Store::open(where, unix_seconds(clock.now()));
    if (!opened || !templates) {
        std::fprintf(stderr, "store or templates failed\n");
        std::exit(1);
    }
    auto& st = *opened.value();
    store::Messages msgs(st);
    store::Notices notice_store(st);
    auto adapter = std::make_shared<adapters::webhook::WebhookAdapter>(delivery::ChannelSettings{
        "bridge",
        "webhook",
        {{"secret", "bench"},
         {"url", "http://127.0.0.1:" + std::to_string(port) + "/groups/{group}"}}});
    Metrics metrics;
    delivery::DispatchOptions opt;
    opt.in_flight = in_flight;
    store::OutboxLeases leases(st, "bench:" + std::to_string(getpid()), 15'000);
    if (pg && leased) opt.leases = &leases;
    delivery::ChannelTable channels({{"bridge", {adapter, 0}}});
    delivery::Dispatcher dispatcher(msgs, clock, metrics, channels, opt);
    dispatcher.start();
    auto tpl = templates.value();
    notices::Service service({st, notice_store, clock, [cfg] { return cfg; }, [tpl] { return tpl; },
                              [&dispatcher] { dispatcher.wake(); }});
    notices::Draft d;
    d.title = "关于全区居家防护的通告";
    d.body = "**请各户**今日12点前完成零报告。";
    d.issuer = d.target = "nangang";
    d.number = 74;
    d.ack_required = true;

    int64_t healthy = failing ? groups - (groups + 9) / 10 : groups;
    received = 0;
    auto start = Steady::now();
    auto issued = service.issue(d, "bench");
    Run r;
    r.issue = std::chrono::duration<double>(Steady::now() - start).count();
    if (!issued) {
        std::fprintf(stderr, "%s\n", issued.error().to_string().c_str());
        std::exit(1);
    }
    // Durable delivered marks, as the issuer's progress counts them. The sink's
    // count first (cheap), then the store's (a scan; not polled in a tight loop).
    while (received.load() < healthy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    while (msgs.outbox_counts().delivered < healthy)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    r.all = std::chrono::duration<double>(Steady::now() - start).count();
    dispatcher.stop();
    int64_t delivered = 0;
    for (const auto& x : notice_store.deliveries(issued->id))
        delivered += x.state == store::OutboxState::Delivered;
    r.delivered = delivered;
    st.close();
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positional;
    std::string engine = "sqlite";
    bool leased = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--store" && i + 1 < argc) {
            engine = argv[++i];
        } else if (a == "--alone") {
            leased = false;
        } else {
            positional.push_back(a);
        }
    }
    if (engine != "sqlite" && engine != "postgresql") {
        std::fprintf(stderr, "--store: expected sqlite or postgresql\n");
        return 2;
    }
    auto arg = [&](std::size_t k, int fallback) {
        return positional.size() > k ? std::atoi(positional[k].c_str()) : fallback;
    };
    int groups = arg(0, 6747);
    int in_flight = arg(1, 256);
    int rounds = std::max(1, arg(2, 5));
    bench::PgForBench pg;
    if (engine == "postgresql" &&
        !pg.start("/tmp/gridbot-bench-notice-pg-" + std::to_string(getpid())))
        return 1;
    const bench::PgForBench* on_pg = engine == "postgresql" ? &pg : nullptr;
    spdlog::set_level(spdlog::level::warn);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    // The sink: gridbot's own tuned HTTP server answering at once; 500 for the
    // failing groups (ids ending in 0).
    std::atomic<int64_t> received{0}, refused{0};
    Metrics sink_metrics;
    http::Server sink(http::ServerOptions{"127.0.0.1", 0, in_flight + 16, 1 << 20}, sink_metrics);
    sink.route("POST", "/groups/(.*)", "sink", [&](const http::Request& req, http::Response& res) {
        if (failing_group(req.captures.at(0))) {
            ++refused;
            return res.error(500, "down", "this group's channel is failing");
        }
        ++received;
        res.json({{"ok", true}});
    });
    auto bound = sink.start();
    if (!bound) {
        std::fprintf(stderr, "%s\n", bound.error().to_string().c_str());
        return 1;
    }
    int port = bound.value();

    std::vector<double> bares, ours, issues, failings;
    for (int r = 0; r < rounds; ++r) {
        bares.push_back(bare_curl(port, groups, in_flight));
        Run h = gridbot_side(port, groups, in_flight, false, r, received, on_pg, leased);
        Run f = gridbot_side(port, groups, in_flight, true, r, received, on_pg, leased);
        if (h.delivered != groups) {
            std::fprintf(stderr, "only %lld of %d delivered\n", static_cast<long long>(h.delivered),
                         groups);
            return 1;
        }
        ours.push_back(h.all);
        issues.push_back(h.issue);
        failings.push_back(f.all);
        std::printf(
            "  round %d: bare %.3f s, gridbot %.3f s (issue %.3f s), 10%% failing: healthy 90%% in "
            "%.3f s "
            "(%lld delivered)\n",
            r + 1, bares.back(), h.all, h.issue, f.all, static_cast<long long>(f.delivered));
    }
    double bare = median(bares), ours_s = median(ours), fail_s = median(failings);
    std::printf(
        "notice: %d groups, webhook platform (HMAC-signed), %d in flight, %d rounds, store %s%s, "
        "medians\n",
        groups, in_flight, rounds, engine.c_str(),
        on_pg ? (leased ? " (outbox leases)" : " (one sender, no leases)") : "");
    std::printf("  bare libcurl multi      : %.3f s  %8.0f msgs/s\n", bare, groups / bare);
    std::printf(
        "  gridbot issue->delivered: %.3f s  %8.0f msgs/s (issue alone %.3f s; target < 5 s)\n",
        ours_s, groups / ours_s, median(issues));
    std::printf("  ratio                   : %5.1f %% of bare (target >= 50 %%)\n",
                100.0 * bare / ours_s);
    std::printf(
        "  10%% failing (500)       : the other 90%% in %.3f s = %5.1f %% of the all-healthy time "
        "(target <= 110 %%)\n",
        fail_s, 100.0 * fail_s / ours_s);
    sink.stop();
    curl_global_cleanup();
    return 0;
}
