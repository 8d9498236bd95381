#include "bot/app/daemon.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>

namespace gridbot::app {

namespace {

std::unique_ptr<Clock> make_clock(const config::Config& cfg) {
    if (!cfg.debug.manual_clock) return std::make_unique<SystemClock>();
    TimePoint start = std::chrono::system_clock::now();
    if (!cfg.debug.start_time.empty() && !parse_rfc3339(cfg.debug.start_time, start)) {
        start = std::chrono::system_clock::now();  // validated at load; unreachable in practice
    }
    return std::make_unique<ManualClock>(start);
}

}  // namespace

Daemon::Daemon(std::shared_ptr<const config::Config> cfg, delivery::AdapterRegistry adapters)
    : cfg_(cfg), adapters_(std::move(adapters)), clock_(make_clock(*cfg)) {}

Daemon::~Daemon() { stop(); }

Result<int> Daemon::start() {
    auto cfg = cfg_.load();
    std::filesystem::path db_path(cfg->store_path);
    if (db_path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(db_path.parent_path(), ec);
    }
    auto opened = store::Store::open(cfg->store_path, unix_seconds(clock_->now()));
    if (!opened) return opened.error();
    store_ = std::move(opened.value());
    for (const auto& ch : cfg->channels) {
        if (!adapters_.has(ch.platform)) {
            return Error{"config.unknown_platform",
                         cfg->path + ":" + std::to_string(ch.line) + ": channels: platform \"" +
                             ch.platform + "\" is not built into this gridbot"};
        }
    }
    auth_.load(cfg->tokens);
    metrics_.gauge("gridbot_build_info", "gridbot version", {{"version", GRIDBOT_VERSION}},
                   [] { return 1.0; });

    http::ServerOptions opts{cfg->server.bind, cfg->server.port, cfg->server.threads,
                             cfg->server.body_limit};
    server_ = std::make_unique<http::Server>(opts, metrics_);
    add_admin_routes();
    add_node_routes();
    return server_->start();
}

void Daemon::stop() {
    if (server_) server_->stop();
    if (store_) store_->close();
}

Result<bool> Daemon::reload(const std::string& path) {
    auto next = config::load_file(path);
    if (!next) return next.error();
    auto current = cfg_.load();
    const auto& n = *next.value();
    if (n.server.bind != current->server.bind || n.server.port != current->server.port ||
        n.store_path != current->store_path || n.debug.manual_clock != current->debug.manual_clock) {
        spdlog::warn("event=reload_partial detail=\"server, store and debug settings need a restart\"");
    }
    auth_.load(n.tokens);
    cfg_.store(next.value());
    return true;
}

std::optional<http::Principal> Daemon::authenticate(const http::Request& req,
                                                    http::Response& res) const {
    auto p = auth_.authenticate(req.header("authorization"));
    if (!p) res.error(401, "unauthorized", "missing or unknown bearer token");
    return p;
}

int serve(const std::string& config_path, delivery::AdapterRegistry adapters) {
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        spdlog::error("{}", cfg.error().to_string());
        return 1;
    }
    // Block the signals before any thread starts, so only sigtimedwait below sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Daemon daemon(cfg.value(), std::move(adapters));
    auto port = daemon.start();
    if (!port) {
        spdlog::error("{}", port.error().to_string());
        return 1;
    }
    std::string url = "http://" + cfg.value()->server.bind + ":" + std::to_string(port.value());
    spdlog::info("event=running url={} sandbox={}/sandbox/ db={} clock={}", url, url,
                 cfg.value()->store_path, daemon.clock().is_manual() ? "manual" : "system");
    for (;;) {
        timespec timeout{1, 0};
        int sig = sigtimedwait(&set, nullptr, &timeout);
        if (sig == SIGHUP) {
            auto r = daemon.reload(config_path);
            if (r) {
                spdlog::info("event=config_reloaded path={}", config_path);
            } else {
                spdlog::error("event=config_reload_failed {}", r.error().to_string());
            }
        } else if (sig == SIGTERM || sig == SIGINT) {
            spdlog::info("event=stopping signal={}", sig == SIGTERM ? "TERM" : "INT");
            break;
        }
    }
    daemon.stop();
    spdlog::info("event=stopped");
    return 0;
}

}  // namespace gridbot::app
