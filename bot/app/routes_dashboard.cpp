// The command dashboard (DESIGN §10, issue 15): sign-in with an API token for
// a session cookie, the pages (one embedded shell; web/dashboard/), and the
// live numbers of a node. The pages read the same /api/v1 routes as any
// client, with the session in place of a bearer token, so every view is
// scoped, masked and audited exactly as the API is.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/app/live_cache.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/summary.h"
#include "bot/http/forwarded.h"
#include "bot/http/signin_link.h"
#include "bot/notices/recipients.h"

namespace gridbot::web {
std::string_view dashboard_page();
std::string_view dashboard_js();
std::string_view dashboard_css();
}  // namespace gridbot::web

namespace gridbot::app {

using nlohmann::json;

namespace {

// Scripts and styles from the daemon only, no inline code, no framing, no
// foreign forms or connections.
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

void secure_headers(http::Response& res) {
    res.headers.push_back({"Content-Security-Policy", kPolicy});
    res.headers.push_back({"X-Content-Type-Options", "nosniff"});
    res.headers.push_back({"Referrer-Policy", "no-referrer"});
    res.headers.push_back({"X-Frame-Options", "DENY"});
    res.headers.push_back({"Cache-Control", "no-store"});
}

// The shell page; `status` tells the script what the server decided (403: the
// node is outside the session's subtree, 404: no such node). It holds no data.
void shell(http::Response& res, int status) {
    secure_headers(res);
    res.status = status;
    res.content_type = "text/html; charset=utf-8";
    res.body = std::string(web::dashboard_page());
    auto at = res.body.find("data-status=\"200\"");
    if (at != std::string::npos && status != 200)
        res.body.replace(at, 17, "data-status=\"" + std::to_string(status) + "\"");
}

// A sign-in came from this site's own page: JSON (a plain form cannot send
// it) and, when the browser names an origin, the host it asked for.
bool same_site_post(const http::Request& req) {
    if (req.header("content-type").rfind("application/json", 0) != 0) return false;
    std::string origin = req.header("origin");
    if (origin.empty()) return true;
    auto scheme = origin.find("://");
    return scheme != std::string::npos && origin.substr(scheme + 3) == req.header("host");
}

}  // namespace

std::optional<http::Principal> Daemon::redeem_link(const std::string& code,
                                                   const std::string& client, UsedLinks& used) {
    auto parsed = http::parse_signin_code(code);
    int64_t now = unix_seconds(clock_->now());
    if (!parsed || parsed->expires_at < now ||
        parsed->expires_at > now + http::kSigninLinkSeconds + 3600)
        return std::nullopt;
    auto who = auth_.signed_by(code);
    if (!who) return std::nullopt;
    // Once: in memory against a race, in the audit trail across restarts.
    std::string subject = "signin-link:" + parsed->nonce;
    {
        std::lock_guard lock(used.mu);
        if (!used.nonces.insert(parsed->nonce).second) return std::nullopt;
    }
    if (audit_->has_subject(subject, now - http::kSigninLinkSeconds - 7200)) return std::nullopt;
    store::AuditEntry e;
    e.at = now;
    e.token = who->name;
    e.role = std::string(config::role_name(who->role));
    e.action = "dashboard sign-in link";
    e.node = who->node;
    e.subject = subject;
    e.client = client;
    audit_->append(std::move(e)).get();
    return who;
}

void Daemon::add_dashboard_routes() {
    auto page = [this](const http::Request& req, http::Response& res) {
        // A node page: refused by the server, not only by the script, when the
        // node is unknown or outside the signed-in subtree.
        if (req.path.rfind("/n/", 0) == 0) {
            std::string code = req.path.substr(3);
            auto s = session_of(req);
            if (s && !within(code, s->who.node)) return shell(res, 403);
            if (!store_->node(code)) return shell(res, 404);
        }
        shell(res, 200);
    };
    server_->route("GET", "/", "/", page);
    server_->route("GET",
                   R"(/(n/[a-z0-9_/-]+|incidents|incidents/[0-9]{1,15}|notices|notices/new|)"
                   R"(notices/[0-9]{1,18}|groups|signin))",
                   "/:page", page);
    auto asset = [](std::string_view body, const char* type) {
        return [body, type](const http::Request&, http::Response& res) {
            res.headers.push_back({"X-Content-Type-Options", "nosniff"});
            res.headers.push_back({"Cache-Control", "no-cache"});
            res.content_type = type;
            res.body = std::string(body);
        };
    };
    server_->route("GET", "/static/dashboard.js", "/static/dashboard.js",
                   asset(web::dashboard_js(), "text/javascript; charset=utf-8"));
    server_->route("GET", "/static/dashboard.css", "/static/dashboard.css",
                   asset(web::dashboard_css(), "text/css; charset=utf-8"));

    auto used_links = std::make_shared<UsedLinks>();
    server_->route("POST", "/dashboard/api/signin", "/dashboard/api/signin",
                   [this, used_links](const http::Request& req, http::Response& res) {
                       serve_signin(req, res, *used_links);
                   });

    server_->route(
        "POST", "/dashboard/api/signout", "/dashboard/api/signout",
        [this](const http::Request& req, http::Response& res) {
            if (!authenticate(req, res)) return;
            if (auto s = session_of(req)) close_session(s->id);
            res.headers.push_back(
                {"Set-Cookie", http::session_cookie("", 0, http::request_is_secure(req))});
            res.json({{"signed_out", true}});
        });

    server_->route(
        "GET", "/dashboard/api/session", "/dashboard/api/session",
        [this](const http::Request& req, http::Response& res) { serve_session(req, res); });

    add_live_routes();
}

// The node's numbers while a page is open: polled, or pushed.
void Daemon::add_live_routes() {
    // The numbers a page polls during the morning: the node's summary, as
    // GET /api/v1/nodes/<code>/summary computes it, at most a second old.
    auto live = std::make_shared<LiveCache>(std::chrono::seconds(1));
    server_->route("GET", R"(/dashboard/api/live/([a-z0-9_/-]+))", "/dashboard/api/live/:code",
                   [this, live](const http::Request& req, http::Response& res) {
                       const std::string& code = req.captures.at(0);
                       if (!authorize_node(req, res, code)) return;
                       std::string day = days_->day_of(clock_->now());
                       res.headers.push_back({"Cache-Control", "no-store"});
                       res.json(live->get(code + "|" + day, [&] {
                           std::map<std::string, std::string> names;
                           for (const auto& n : store_->nodes()) names[n.code] = n.name;
                           return daily::node_summary(*days_, code, day, names);
                       }));
                   });

    // The same numbers pushed (Server-Sent Events): the page keeps one
    // connection open and gets the node's summary whenever it changes, at most
    // once a second. A stream lasts at most a minute and never past its
    // session; the page then reconnects and is authorized again.
    server_->route(
        "GET", R"(/dashboard/api/events/([a-z0-9_/-]+))", "/dashboard/api/events/:code",
        [this](const http::Request& req, http::Response& res) { serve_events(req, res); });
    server_->set_event_source(
        [this, pushed = std::make_shared<PushedSummaries>()](const std::string& topic) {
            return pushed_summary(*pushed, topic);
        });
}

void Daemon::serve_events(const http::Request& req, http::Response& res) {
    const std::string& code = req.captures.at(0);
    if (!authorize_node(req, res, code)) return;
    http::EventStream stream{"summary|" + code, "", std::chrono::seconds(60)};
    if (auto s = session_of(req)) {
        stream.owner = s->id;
        int64_t left = s->expires_at - unix_seconds(clock_->now());
        stream.max_age = std::chrono::seconds(std::clamp<int64_t>(left, 1, 60));
    }
    res.stream = std::move(stream);
}

std::optional<std::string> Daemon::pushed_summary(PushedSummaries& pushed,
                                                  const std::string& topic) {
    constexpr std::string_view kPrefix = "summary|";
    if (topic.rfind(kPrefix, 0) != 0) return std::nullopt;
    const std::string code = topic.substr(kPrefix.size());
    const std::string day = days_->day_of(clock_->now());
    const uint64_t generation = days_->generation();
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(pushed.mu);
    auto read_names = [&] {
        pushed.names.clear();
        for (const auto& n : store_->nodes()) pushed.names[n.code] = n.name;
        pushed.names_at = now;
    };
    if (pushed.names.empty() || now - pushed.names_at >= std::chrono::seconds(30)) read_names();
    const auto& names = pushed.names;
    if (!names.contains(code) && pushed.names_at != now) read_names();  // a node just imported
    if (!names.contains(code)) {
        pushed.entries.erase(code);
        return std::nullopt;  // the node is gone: its streams end
    }
    auto& e = pushed.entries[code];
    // Computed again when the day book moved, the day turned, or the names
    // were read again; otherwise the last answer stands.
    if (!e.data.empty() && e.generation == generation && e.day == day && e.at >= pushed.names_at)
        return e.data;
    e.data = daily::node_summary(*days_, code, day, names)
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.generation = generation;
    e.day = day;
    e.at = now;
    return e.data;
}

void Daemon::serve_session(const http::Request& req, http::Response& res) {
    auto s = session_of(req);
    if (!s) return res.error(401, "unauthorized", "not signed in");
    auto cfg = cfg_.load();
    auto node = store_->node(s->who.node);
    res.headers.push_back({"Cache-Control", "no-store"});
    res.json({{"name", s->who.name},
              {"role", config::role_name(s->who.role)},
              {"node", s->who.node},
              {"node_name", node ? node->name : s->who.node},
              {"district", cfg->district_name},
              {"csrf", s->csrf},
              {"may_issue", notices::may_issue(*cfg, s->who.role)},
              {"day", days_->day_of(clock_->now())},
              {"now", unix_seconds(clock_->now())},
              {"timezone", cfg->timezone},
              {"offset_seconds", days_->zone().offset_seconds(clock_->now())},
              {"expires_at", s->expires_at}});
}

// A token or a one-time link's code for a session cookie (same-site JSON only).
void Daemon::serve_signin(const http::Request& req, http::Response& res, UsedLinks& used) {
    if (!same_site_post(req))
        return res.error(403, "forbidden", "sign in from the dashboard page (JSON, same origin)");
    json body = json::parse(req.body, nullptr, false);
    auto field = [&](const char* k) {
        return body.is_object() && body.contains(k) && body[k].is_string()
                   ? body[k].get<std::string>()
                   : std::string();
    };
    std::optional<http::Principal> who;
    if (std::string code = field("code"); !code.empty()) {
        who = redeem_link(code, req.remote_addr, used);
        if (!who)
            return res.error(401, "link_invalid", "the sign-in link is unknown, expired or used");
    } else {
        who = auth_.authenticate("Bearer " + field("token"));
        if (!who) return res.error(401, "unauthorized", "unknown token");
    }
    auto ttl = cfg_.load()->dashboard.session_ttl.count();
    auto s = open_session(*who, ttl);
    res.headers.push_back(
        {"Set-Cookie", http::session_cookie(s.id, ttl, http::request_is_secure(req))});
    res.headers.push_back({"Cache-Control", "no-store"});
    spdlog::info("event=dashboard_signin token=\"{}\" role={} node={}", who->name,
                 config::role_name(who->role), who->node);
    res.json({{"node", who->node}, {"csrf", s.csrf}});
}

}  // namespace gridbot::app
