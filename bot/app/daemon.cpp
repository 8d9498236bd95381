#include "bot/app/daemon.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>

#include "bot/app/imported_groups.h"
#include "bot/app/process_metrics.h"
#include "bot/app/systemd.h"
#include "bot/core/address.h"
#include "bot/core/crypto.h"
#include "bot/parse/parse_command.h"

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

// The database holds residents' reports: a file that group or others may
// read is reported at start (the path only, no contents).
void warn_if_readable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
        spdlog::warn("event=db_readable_by_others path={} mode={:o} detail=\"chmod 600 it\"", path,
                     st.st_mode & 0777);
    }
}

}  // namespace

Daemon::Daemon(std::shared_ptr<const config::Config> cfg, delivery::AdapterRegistry adapters)
    : cfg_(cfg), adapters_(std::move(adapters)), clock_(make_clock(*cfg)) {}

Daemon::~Daemon() { stop(); }

Result<int> Daemon::start() {
    auto where = open_store();
    if (!where) return where.error();
    auto cfg = cfg_.load();
    if (auto r = load_language(*cfg); !r) return r.error();
    if (auto r = start_delivery(*cfg, where.value()); !r) return r.error();
    if (auto r = start_services(*cfg); !r) return r.error();
    auth_.load(cfg->tokens);
    metrics_.gauge("gridbot_build_info", "gridbot version", {{"version", GRIDBOT_VERSION}},
                   [] { return 1.0; });
    add_process_metrics(metrics_);
    add_health_metrics();

    return start_http(*cfg);
}

namespace {

// This daemon among the daemons of one database: host, process and a random
// part (a restarted process may get its old pid back).
std::string instance_name() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "host");
    return std::string(host) + ":" + std::to_string(::getpid()) + ":" +
           crypto::hex(crypto::random_bytes(4));
}

}  // namespace

// The store (created when missing), with the groups and leaders imported
// into it folded into the configuration, and this daemon's bid to lead.
Result<store::Location> Daemon::open_store() {
    auto cfg = cfg_.load();
    auto where = store::configured_location(cfg->store_engine, cfg->store_path, cfg->store_url);
    if (where.engine == store::Engine::sqlite) {
        std::filesystem::path db_path(cfg->store_path);
        if (db_path.has_parent_path()) {
            std::error_code ec;
            std::filesystem::create_directories(db_path.parent_path(), ec);
        }
    }
    if (where.engine == store::Engine::sqlite) {
        auto lock = store::InstanceLock::acquire(where);
        if (!lock) return lock.error();
        instance_lock_.emplace(std::move(lock.value()));
    }
    auto opened = store::Store::open_for_use(where, unix_seconds(clock_->now()));
    if (!opened) return opened.error();
    store_ = std::move(opened.value());
    if (where.engine == store::Engine::sqlite) warn_if_readable(cfg->store_path);
    cfg = with_imported(cfg, *store_);  // groups and leaders from `gridbot import-groups`
    cfg_.store(cfg);
    messages_ = std::make_unique<store::Messages>(*store_);
    instance_ = instance_name();
    spdlog::info("event=instance name={} engine={}", instance_, store::engine_name(where.engine));
    leadership_ = std::make_unique<store::Leadership>(
        where, std::chrono::duration_cast<std::chrono::milliseconds>(cfg->cluster.failover));
    leadership_->start();
    return where;
}

// The channels and the dispatcher that sends the outbox through them.
Result<bool> Daemon::start_delivery(const config::Config& cfg, const store::Location& where) {
    auto routes = build_channels(cfg, adapters_);
    if (!routes) return routes.error();
    channels_.replace(std::move(routes.value()));
    const auto& d = cfg.delivery;
    delivery::DispatchOptions dopt;
    dopt.in_flight = d.in_flight;
    dopt.timeout = d.timeout;
    dopt.max_attempts = d.max_attempts;
    dopt.deadline = d.deadline;
    dopt.backoff_initial = d.backoff_initial;
    dopt.backoff_max = d.backoff_max;
    // SQLite: one daemon, sending the whole outbox. PostgreSQL: every daemon
    // sends the targets it holds leases on, for [cluster] failover each.
    if (where.engine == store::Engine::postgresql) {
        leases_ = std::make_unique<store::OutboxLeases>(
            *store_, instance_,
            std::chrono::duration_cast<std::chrono::milliseconds>(cfg.cluster.failover).count());
        dopt.leases = leases_.get();
    }
    dispatcher_ =
        std::make_unique<delivery::Dispatcher>(*messages_, *clock_, metrics_, channels_, dopt);
    return true;
}

// The day book loaded from the store, then the services that read and write
// it; each starts its thread here.
Result<bool> Daemon::start_services(const config::Config& cfg) {
    auto leading = [this] { return leadership_->leading(); };
    // The day's counters start from the store (the reconciliation pass).
    reports_ = std::make_unique<store::Reports>(*store_);
    sessions_ = std::make_unique<store::SessionRows>(*store_);
    auto zone = LocalTime::for_zone(cfg.timezone);
    if (!zone)
        return Error{"config.bad_timezone",
                     cfg.path + ": district.timezone: unknown zone " + cfg.timezone};
    days_ = std::make_unique<daily::DayBook>(*reports_, *zone);
    generation_ = store_->generation();
    days_->load(days_->day_of(clock_->now()));
    synced_ids_.assign(1, reports_->last_report_id());  // the book holds every report up to it
    notice_store_ = std::make_unique<store::Notices>(*store_);
    notices_ = std::make_unique<notices::Service>(notices::ServiceContext{
        *store_, *notice_store_, *clock_, [this] { return cfg_.load(); },
        [this] { return templates_.load(); }, [this] { dispatcher_->wake(); }, &metrics_, leading});
    auto calendar = incidents::WorkCalendar::load_file(
        incidents::resolve_calendar_path(cfg.incidents.calendar), *zone);
    if (!calendar) return calendar.error();
    incidents_ = std::make_unique<incidents::Service>(incidents::ServiceContext{
        *store_, *messages_, *clock_, [this] { return cfg_.load(); },
        [this] { return templates_.load(); }, [this] { dispatcher_->wake(); },
        std::make_shared<const incidents::WorkCalendar>(std::move(calendar.value())), leading});
    conversation::Context talk{*store_,
                               *messages_,
                               *clock_,
                               metrics_,
                               [this] { return cfg_.load(); },
                               [this] { return parser_.load(); },
                               [this] { return templates_.load(); },
                               [this] { dispatcher_->wake(); },
                               *reports_,
                               *days_,
                               incidents_.get(),
                               notices_.get(),
                               leading};
    quick_ = std::make_unique<conversation::Quick>(talk);
    conversation_ = std::make_unique<conversation::Conversation>(std::move(talk));
    scheduler_ = std::make_unique<daily::Scheduler>(daily::SchedulerContext{
        *store_, *messages_, *reports_, *days_, *clock_, [this] { return cfg_.load(); },
        [this] { return templates_.load(); }, [this] { dispatcher_->wake(); }, leading});
    audit_ = std::make_unique<store::Audit>(*store_);
    retention_ = std::make_unique<Retention>(
        *store_, *clock_, [this] { return cfg_.load(); }, *zone, leading);
    dispatcher_->start();
    conversation_->start();
    scheduler_->start();
    incidents_->start();
    notices_->start();
    retention_->start();
    return true;
}

Result<int> Daemon::start_http(const config::Config& cfg) {
    http::ServerOptions opts{cfg.server.bind,          cfg.server.port,
                             cfg.server.threads,       cfg.server.body_limit,
                             cfg.server.read_deadline, cfg.server.max_conns_per_addr};
    // Validated by the option table: parsing cannot fail here.
    if (auto proxies = AddressSet::parse(cfg.server.trusted_proxies)) {
        opts.trusted_proxies = std::move(proxies.value());
    }
    server_ = std::make_unique<http::Server>(opts, metrics_);
    add_admin_routes();
    add_export_routes();  // before the node route, like the reports
    add_print_routes();
    add_report_routes();  // before the node route, whose pattern would swallow ".../summary"
    add_dashboard_data_routes();  // likewise ".../timeline"
    add_dashboard_routes();
    add_incident_routes();
    add_node_routes();
    add_hook_routes();
    if (cfg.sandbox.enabled) add_sandbox_routes();
    add_notice_routes();
    add_audit_routes();
    return server_->start();
}

// Reverse of start: stop taking requests, finish the conversation and the
// in-flight deliveries, then close the store.
void Daemon::watch_store() {
    try {
        sync_day_book();
        int64_t now = store_->generation();
        if (now == generation_) return;
        days_->reconcile();
        generation_ = now;
        spdlog::info("event=store_changed generation={} day={}", now, days_->day());
    } catch (const std::exception&) {
        // The store is away (a database restart): /healthz says so; the next second looks again.
    }
}

void Daemon::sync_day_book() {
    if (store_->engine() != store::Engine::postgresql) return;  // one daemon: it saw every report
    const std::string day = days_->day();
    int64_t from = synced_ids_.empty() ? 0 : synced_ids_.front();
    int64_t seen = synced_ids_.empty() ? 0 : synced_ids_.back();
    for (auto& c : reports_->changed_since(day, from)) {
        days_->apply(day, c.grid, c.status.household_id, c.status.status, c.status.categories);
        seen = std::max(seen, c.report_id);
    }
    synced_ids_.push_back(seen);
    if (synced_ids_.size() > 3) synced_ids_.pop_front();
}

void Daemon::stop() {
    if (server_) server_->stop();
    if (leadership_) leadership_->stop();  // a follower may take over while this one drains
    if (scheduler_) scheduler_->stop();
    if (incidents_) incidents_->stop();
    if (notices_) notices_->stop();
    if (retention_) retention_->stop();
    if (conversation_) conversation_->stop();
    if (dispatcher_) dispatcher_->stop();
    if (store_) store_->close();
}

Result<bool> Daemon::load_language(const config::Config& cfg) {
    std::string lexicon =
        cfg.lexicon_path.empty() ? parse::default_lexicon_path() : cfg.lexicon_path;
    auto lex = parse::Lexicon::load_file(lexicon);
    if (!lex) return lex.error();
    auto templates = compose::Templates::load(cfg.templates_dir, cfg.locale);
    if (!templates) return templates.error();
    parser_.store(std::make_shared<const parse::Parser>(
        std::make_shared<const parse::Lexicon>(std::move(lex.value()))));
    templates_.store(templates.value());
    return true;
}

Result<ReloadReport> Daemon::reload(const std::string& path) {
    auto loaded = config::load_file(path);
    if (!loaded) return loaded.error();
    auto next = with_imported(loaded.value(), *store_);
    auto current = cfg_.load();
    const auto& n = *next;
    ReloadReport report = compare_configs(*current, n);
    auto routes = build_channels(n, adapters_, current.get(), channels_.snapshot().get(), &report);
    if (!routes) return routes.error();
    if (auto r = load_language(n); !r) return r.error();
    auth_.load(n.tokens);  // a removed token's sessions are refused from now (session_of)
    // Open event streams were authorized under the old tokens: their pages
    // reconnect and are authorized again.
    if (server_) server_->end_streams("");
    // The channels before the configuration: whatever the new configuration
    // queues for a new channel finds its adapter.
    channels_.replace(std::move(routes.value()));
    cfg_.store(next);
    dispatcher_->wake();  // a removed channel's queued messages fail now, not after their backoff
    return report;
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
    spdlog::info("event=running url={} sandbox={} db={} clock={}", url,
                 cfg.value()->sandbox.enabled ? url + "/sandbox/" : std::string("off"),
                 store::describe(daemon.store().location()),
                 daemon.clock().is_manual() ? "manual" : "system");
    if (cfg.value()->sandbox.enabled) {
        std::printf(
            "gridbot is running. Open the sandbox: %s/sandbox/  the command dashboard: %s/  "
            "(Ctrl-C stops it)\n",
            url.c_str(), url.c_str());
    } else {
        std::printf("gridbot is running; the command dashboard: %s/  (Ctrl-C stops it)\n",
                    url.c_str());
    }
    std::fflush(stdout);
    systemd::notify_ready();
    for (;;) {
        timespec timeout{1, 0};
        int sig = sigtimedwait(&set, nullptr, &timeout);
        systemd::watchdog_tick();
        daemon.watch_store();
        if (sig == SIGHUP) {
            systemd::notify_reloading();
            auto r = daemon.reload(config_path);
            systemd::notify_ready();
            if (r) {
                spdlog::log(
                    r.value().needs_restart.empty() ? spdlog::level::info : spdlog::level::warn,
                    "event=config_reloaded path={} {}", config_path, r.value().log_fields());
            } else {
                spdlog::error("event=config_reload_failed {}", r.error().to_string());
            }
        } else if (sig == SIGTERM || sig == SIGINT) {
            spdlog::info("event=stopping signal={}", sig == SIGTERM ? "TERM" : "INT");
            systemd::notify_stopping();
            break;
        }
    }
    daemon.stop();
    spdlog::info("event=stopped");
    return 0;
}

}  // namespace gridbot::app
