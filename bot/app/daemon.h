#pragma once
// The running daemon: configuration, store, adapters, HTTP, in that order,
// and shut down in reverse.
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "bot/app/reload.h"
#include "bot/app/retention.h"
#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/conversation/conversation.h"
#include "bot/conversation/quick.h"
#include "bot/core/clock.h"
#include "bot/core/metrics.h"
#include "bot/daily/day_book.h"
#include "bot/daily/scheduler.h"
#include "bot/delivery/adapter.h"
#include "bot/delivery/dispatcher.h"
#include "bot/http/auth.h"
#include "bot/http/server.h"
#include "bot/http/session.h"
#include "bot/incidents/service.h"
#include "bot/notices/service.h"
#include "bot/parse/parser.h"
#include "bot/store/audit.h"
#include "bot/store/health.h"
#include "bot/store/instance_lock.h"
#include "bot/store/leadership.h"
#include "bot/store/messages.h"
#include "bot/store/notices.h"
#include "bot/store/outbox_leases.h"
#include "bot/store/reports.h"
#include "bot/store/sessions.h"
#include "bot/store/store.h"

namespace gridbot::app {

class Daemon {
  public:
    Daemon(std::shared_ptr<const config::Config> cfg, delivery::AdapterRegistry adapters);
    ~Daemon();

    // Opens the store, builds the adapters and routes, starts HTTP. Returns the port.
    Result<int> start();
    // parse -> validate -> build the changed channels' adapters -> swap; on
    // error the old configuration and adapters stay. Groups and leaders are
    // read from the configuration, so swapping it applies them.
    Result<ReloadReport> reload(const std::string& path);
    void stop();
    // Called once a second by serve(): when the store's generation has moved
    // (a ledger import or a household's erasure from the CLI), reloads the
    // day's counts from the store, so the summaries equal the SQL truth.
    void watch_store();

    std::shared_ptr<const config::Config> config() const { return cfg_.load(); }
    Clock& clock() { return *clock_; }
    store::Store& store() { return *store_; }
    store::Messages& messages() { return *messages_; }
    Metrics& metrics() { return metrics_; }

  private:
    // The steps of start(), in order (daemon.cpp).
    Result<store::Location> open_store();
    Result<bool> start_delivery(const config::Config& cfg, const store::Location& where);
    Result<bool> start_services(const config::Config& cfg);
    Result<int> start_http(const config::Config& cfg);
    void add_admin_routes();
    void serve_clock(const http::Request& req, http::Response& res);    // manual clock only
    void serve_settled(const http::Request& req, http::Response& res);  // manual clock only
    // Gauges an operator alerts on (docs/monitoring.md); bot/app/health_metrics.cpp.
    void add_health_metrics();
    void add_outbox_metrics();    // backlog, its age, failing groups, by channel
    void add_incident_metrics();  // unresolved and overdue incidents
    void add_day_metrics();       // scheduler lag, completion of the district and streets
    void add_store_metrics();     // the writer's transactions, the database's size
    void add_node_routes();
    void add_hook_routes();
    const char* take_messages(const std::string& channel, delivery::Adapter& adapter,
                              std::vector<InboundMessage>& messages, int64_t now);
    void add_sandbox_routes();
    void sandbox_route(const std::string& method, const std::string& pattern,
                       const std::string& name, http::Handler handler);
    void serve_sandbox_groups(const http::Request& req, http::Response& res);
    void serve_sandbox_members(const http::Request& req, http::Response& res);
    void serve_sandbox_say(const http::Request& req, http::Response& res);
    void add_report_routes();  // routes_reports.cpp: summaries and households of a day
    bool node_and_day(const http::Request& req, http::Response& res, std::string& day);
    void serve_summary(const http::Request& req, http::Response& res);
    void serve_households(const http::Request& req, http::Response& res);
    void serve_correction(const http::Request& req, http::Response& res);
    void add_incident_routes();  // routes_incidents.cpp: list, timeline, ack, resolve
    void serve_incident_list(const http::Request& req, http::Response& res);
    void add_notice_routes();  // routes_notices.cpp: issue notices, their progress, calls done
    void serve_notice_issue(const http::Request& req, http::Response& res);
    void add_audit_routes();   // routes_audit.cpp: GET /api/v1/audit
    void add_export_routes();  // routes_export.cpp: .xlsx and CSV downloads
    void serve_node_export(const http::Request& req, http::Response& res);
    void add_print_routes();  // routes_print.cpp: supervision cards and door posters
    // Appends the audit row of a read of personal data or an admin action by
    // `req`'s token (routes_audit.cpp); returns after the row is committed.
    void record(const http::Request& req, const std::string& node, const std::string& subject,
                int64_t rows);
    // Loads the lexicon and the templates named by `cfg`.
    Result<bool> load_language(const config::Config& cfg);
    // The sandbox group `id` of `cfg`; the caller keeps `cfg` alive (a reload
    // may swap the daemon's configuration at any time).
    static const config::Group* sandbox_group(const config::Config& cfg, const std::string& id);
    // True after answering 404 node.unknown when neither the store nor the
    // configuration knows the node `code` (checked before the subtree's 403).
    bool refuse_unknown_node(const std::string& code, http::Response& res) const;
    // The caller's principal, or nullopt after answering 401 (403 csrf when a
    // signed-in page's request that changes something lacks its CSRF secret).
    std::optional<http::Principal> authenticate(const http::Request&, http::Response&) const;
    // authenticate(), then the node `code` must be known (404 node.unknown) and
    // within the caller's subtree (403); nullopt after answering.
    std::optional<http::Principal> authorize_node(const http::Request&, http::Response&,
                                                  const std::string& code) const;
    // A bearer token's principal, else a dashboard session's (routes_dashboard.cpp).
    std::optional<http::Principal> principal_of(const http::Request&) const;
    std::optional<http::Session> session_of(const http::Request&) const;
    // Signs `who` in for `ttl_seconds` (stored before it returns) and out again.
    http::Session open_session(const http::Principal& who, int64_t ttl_seconds);
    void close_session(const std::string& id);
    void add_dashboard_routes();  // routes_dashboard.cpp: sign-in, the pages, live numbers
    void add_live_routes();       // a node's numbers polled and pushed (routes_dashboard.cpp)
    void serve_events(const http::Request&, http::Response&);
    // The summaries pushed to open pages, per node: kept until the day book moves.
    struct PushedSummaries {
        struct Entry {
            std::string data, day;
            uint64_t generation = 0;
            std::chrono::steady_clock::time_point at;
        };
        std::mutex mu;
        std::map<std::string, Entry> entries;
        // The nodes' names, read from the store at most every half minute
        // (a renamed node shows within it): not once a second per node.
        std::map<std::string, std::string> names;
        std::chrono::steady_clock::time_point names_at;
    };
    // The event streams' data for `topic` ("summary|<code>"); nullopt when the node is gone.
    std::optional<std::string> pushed_summary(PushedSummaries& pushed, const std::string& topic);
    // The nonces of one-time sign-in links used since the daemon started.
    struct UsedLinks {
        std::mutex mu;
        std::set<std::string> nonces;
    };
    // The principal a one-time sign-in code (http/signin_link.h) stands for,
    // once; nullopt when it is malformed, expired, unknown or already used.
    std::optional<http::Principal> redeem_link(const std::string& code, const std::string& client,
                                               UsedLinks& used);
    void serve_signin(const http::Request& req, http::Response& res, UsedLinks& used);
    void serve_session(const http::Request& req, http::Response& res);  // who is signed in
    // routes_dashboard_data.cpp: the group registry, a notice's reach, the charts.
    void add_dashboard_data_routes();
    nlohmann::json group_registry(const http::Principal& who, const std::string& node);
    nlohmann::json completion_timeline(const std::string& node, const std::string& day);
    nlohmann::json completion_history(const std::string& node, int days);
    int64_t reported_at_cutoff(const std::string& node, const std::string& day, int64_t until,
                               bool past);
    static std::string timeline_svg(const nlohmann::json& data);
    static std::string history_svg(const nlohmann::json& data);

    std::atomic<std::shared_ptr<const config::Config>> cfg_;
    delivery::AdapterRegistry adapters_;
    std::unique_ptr<Clock> clock_;
    Metrics metrics_;
    http::Authenticator auth_;
    std::atomic<std::shared_ptr<const parse::Parser>> parser_;
    std::atomic<std::shared_ptr<const compose::Templates>> templates_;
    // SQLite: held for the daemon's lifetime (one daemon per file); destroyed
    // after the store. PostgreSQL: several daemons, one leader (leadership_).
    std::optional<store::InstanceLock> instance_lock_;
    std::unique_ptr<store::Leadership> leadership_;
    // PostgreSQL: the reports other daemons stored reach this one's day book.
    // The largest report id seen at each of the last turns; a turn reads from
    // the oldest, so an insert that commits after a larger id is still seen.
    std::deque<int64_t> synced_ids_;
    void sync_day_book();
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<store::Health> health_;
    std::unique_ptr<store::Messages> messages_;
    // PostgreSQL: the outbox targets this daemon sends (leases held under
    // instance_, "host:pid:random", shown on /healthz).
    std::string instance_;
    std::unique_ptr<store::OutboxLeases> leases_;
    // Read by the HTTP workers and the dispatcher, replaced by reload();
    // outlives the dispatcher (bot/delivery/channel_table.h: why it is safe).
    delivery::ChannelTable channels_;
    std::unique_ptr<delivery::Dispatcher> dispatcher_;
    std::unique_ptr<store::Reports> reports_;
    std::unique_ptr<store::SessionRows> sessions_;  // the dashboard's sign-ins
    std::unique_ptr<daily::DayBook> days_;
    int64_t generation_ = 0;  // the store's generation the day book was loaded at
    std::unique_ptr<conversation::Conversation> conversation_;
    std::unique_ptr<conversation::Quick> quick_;  // zero reports decided on the HTTP thread
    std::unique_ptr<daily::Scheduler> scheduler_;
    std::unique_ptr<incidents::Service> incidents_;
    std::unique_ptr<http::Server> server_;
    std::unique_ptr<store::Notices> notice_store_;
    std::unique_ptr<notices::Service> notices_;
    std::unique_ptr<store::Audit> audit_;
    std::unique_ptr<Retention> retention_;  // the daily purge
    std::mutex history_mu_;                 // past days' completion at cutoff, once counted
    std::map<std::string, int64_t> history_cache_;
};

// `gridbot serve`: runs until SIGTERM or SIGINT; SIGHUP reloads. Exit code.
int serve(const std::string& config_path, delivery::AdapterRegistry adapters);

}  // namespace gridbot::app
