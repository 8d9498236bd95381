// bench_fanout: 20,000 messages through gridbot's outbox and dispatcher to a
// local sink with no rate limit, beside a bare libcurl-multi client sending
// the same messages to the same sink in the same run (PERFORMANCE.md).
// gridbot's figure counts from enqueue to the last row durably marked
// delivered in SQLite.
//   bench_fanout [messages=20000] [groups=1000] [in_flight=256 (the daemon default)] [rounds=5]
// The two sides alternate for `rounds` rounds and the medians are compared, so
// load from other work on the machine hits both alike.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

#include "adapters/webhook/adapter.h"
#include "bench/bare_curl.h"
#include "bot/core/clock.h"
#include "bot/delivery/dispatcher.h"
#include "bot/http/server.h"
#include "bot/store/messages.h"

using namespace gridbot;
using Clock_ = std::chrono::steady_clock;

namespace {

std::string body_of(int i) {
    return R"({"channel":"bridge","group":"g)" + std::to_string(i % 1000) +
           R"(","text":"【通知】第74号：请各户今日12点前完成零报告。","format":"text","mentions":[],"mention_all":false,"idempotency_key":"bare:)" +
           std::to_string(i) + "\"}";
}

double bare_curl(int port, int messages, int in_flight) {
    std::vector<std::string> bodies(static_cast<size_t>(messages));
    for (int i = 0; i < messages; ++i) bodies[static_cast<size_t>(i)] = body_of(i);
    const std::vector<std::string> url = {"http://127.0.0.1:" + std::to_string(port) + "/groups/x"};
    return messages / bench::bare_curl_post(url, bodies, in_flight);
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Enqueues `messages` rows and runs the dispatcher until every one is durably
// delivered; returns messages per second (-1 on failure).
double gridbot_side(int port, int messages, int groups, int in_flight, int round,
                    std::atomic<int64_t>& received) {
    std::string dir =
        "/tmp/gridbot-bench-fanout-" + std::to_string(getpid()) + "-" + std::to_string(round);
    std::filesystem::create_directories(dir);
    SystemClock clock;
    auto opened = store::Store::open(dir + "/g.db", unix_seconds(clock.now()));
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().to_string().c_str());
        return -1;
    }
    auto& st = *opened.value();
    store::Messages msgs(st);
    auto adapter = std::make_shared<adapters::webhook::WebhookAdapter>(delivery::ChannelSettings{
        "bridge",
        "webhook",
        {{"secret", "bench-secret"},
         {"url", "http://127.0.0.1:" + std::to_string(port) + "/groups/{group}"}}});
    Metrics metrics;
    delivery::DispatchOptions opt;
    opt.in_flight = in_flight;
    delivery::ChannelTable channels({{"bridge", {adapter, 0}}});
    delivery::Dispatcher dispatcher(msgs, clock, metrics, channels, opt);

    received = 0;
    auto start = Clock_::now();
    std::vector<store::OutboxItem> items;
    items.reserve(static_cast<size_t>(messages));
    for (int i = 0; i < messages; ++i) {
        store::OutboxItem it;
        it.key = "bench:" + std::to_string(i);
        it.channel = "bridge";
        it.msg.group = "g" + std::to_string(i % groups);
        it.msg.text = "【通知】第74号：请各户今日12点前完成零报告。";
        it.msg.idempotency_key = it.key;
        items.push_back(std::move(it));
    }
    msgs.enqueue(std::move(items), unix_millis(clock.now())).get();
    dispatcher.start();
    dispatcher.wake();
    // Wait on the dispatcher's own count (cheap), then stop(), which commits
    // every outcome; only then is the clock read and the store checked.
    while (dispatcher.pending() > 0 || msgs.outbox_counts().queued > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    dispatcher.stop();
    double total = std::chrono::duration<double>(Clock_::now() - start).count();
    auto final_counts = msgs.outbox_counts();
    if (final_counts.delivered != messages) {
        std::fprintf(stderr, "only %lld of %d durably delivered\n",
                     static_cast<long long>(final_counts.delivered), messages);
        return -1;
    }
    double rate = messages / total;
    st.close();
    std::filesystem::remove_all(dir);
    return rate;
}

}  // namespace

int main(int argc, char** argv) {
    int messages = argc > 1 ? std::atoi(argv[1]) : 20000;
    int groups = argc > 2 ? std::atoi(argv[2]) : 1000;
    int in_flight = argc > 3 ? std::atoi(argv[3]) : 256;
    int rounds = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
    spdlog::set_level(spdlog::level::warn);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    // The sink: gridbot's own tuned HTTP server (nodelay, keep-alive, backlog
    // 4096) answering 200 at once, a thread per connection in flight.
    std::atomic<int64_t> received{0};
    Metrics sink_metrics;
    http::Server sink(http::ServerOptions{"127.0.0.1", 0, in_flight + 16, 1 << 20}, sink_metrics);
    sink.route("POST", "/groups/(.*)", "sink", [&](const http::Request&, http::Response& res) {
        ++received;
        res.json({{"ok", true}});
    });
    auto bound = sink.start();
    if (!bound) {
        std::fprintf(stderr, "%s\n", bound.error().to_string().c_str());
        return 1;
    }
    int port = bound.value();

    std::vector<double> bares, ours;
    for (int r = 0; r < rounds; ++r) {
        bares.push_back(bare_curl(port, messages, in_flight));
        double rate = gridbot_side(port, messages, groups, in_flight, r, received);
        if (rate < 0) return 1;
        ours.push_back(rate);
        std::printf("  round %d: bare %8.0f msgs/s, gridbot %8.0f msgs/s\n", r + 1, bares.back(),
                    ours.back());
    }
    double bare = median(bares), rate = median(ours);
    std::printf(
        "fanout: %d messages to %d groups, %d in flight, webhook platform (HMAC-signed), %d "
        "rounds\n",
        messages, groups, in_flight, rounds);
    std::printf("  bare libcurl multi : %8.0f msgs/s (median)\n", bare);
    std::printf(
        "  gridbot outbox     : %8.0f msgs/s (median; enqueue to every row durably delivered)\n",
        rate);
    std::printf("  ratio              : %5.1f %% of bare (target >= 50 %%)\n", 100.0 * rate / bare);
    sink.stop();
    curl_global_cleanup();
    return 0;
}
