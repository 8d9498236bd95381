// Liveness, metrics, the manual clock and node lookups.
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/core/hierarchy.h"

namespace gridbot::app {

using nlohmann::json;

void Daemon::add_admin_routes() {
    server_->route("GET", "/healthz", "/healthz",
                   [this](const http::Request&, http::Response& res) {
                       // A load balancer takes a daemon that cannot reach its
                       // store out of rotation (503), as the platforms retry hooks.
                       bool reachable = true;
                       try {
                           store_->generation();
                       } catch (const std::exception&) {
                           reachable = false;
                       }
                       res.json({{"status", reachable ? "ok" : "unavailable"},
                                 {"store", reachable ? "ok" : "unreachable"},
                                 {"engine", store::engine_name(store_->engine())},
                                 // Several daemons on one PostgreSQL database: which one
                                 // runs the conversation, the outbox and the timers.
                                 {"role", leadership_->role()},
                                 // The name its outbox leases are held under.
                                 {"instance", instance_},
                                 {"version", GRIDBOT_VERSION},
                                 {"time", format_rfc3339(clock_->now())}},
                                reachable ? 200 : 503);
                   });
    server_->route("GET", "/metrics", "/metrics",
                   [this](const http::Request&, http::Response& res) {
                       res.content_type = "text/plain; version=0.0.4";
                       res.body = metrics_.render();
                   });
    if (!cfg_.load()->debug.manual_clock) return;  // the path does not exist: 404

    server_->route(
        "POST", "/api/v1/admin/clock", "/api/v1/admin/clock",
        [this](const http::Request& req, http::Response& res) { serve_clock(req, res); });
    // Whether everything the clock's time calls for has happened: every timer
    // has ticked at or past it, every recorded message is answered and the
    // outbox is empty. Tests on the manual clock wait for it instead of sleeping
    // before they check that nothing (more) was sent.
    server_->route(
        "GET", "/api/v1/admin/settled", "/api/v1/admin/settled",
        [this](const http::Request& req, http::Response& res) { serve_settled(req, res); });
}

void Daemon::serve_clock(const http::Request& req, http::Response& res) {
    auto who = authenticate(req, res);
    if (!who) return;
    if (who->role != config::Role::Admin) {
        return res.error(403, "forbidden", "the clock needs an admin token");
    }
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return res.error(400, "bad_json",
                         "expected {\"set\": RFC 3339} or {\"advance_seconds\": N}");
    }
    if (body.contains("set")) {
        TimePoint t;
        if (!body["set"].is_string() || !parse_rfc3339(body["set"].get<std::string>(), t)) {
            return res.error(400, "bad_time",
                             "set: expected RFC 3339, e.g. 2026-11-22T08:00:00+08:00");
        }
        clock_->set(t);
        record(req, who->node, "clock", 0);
    } else if (body.contains("advance_seconds") && body["advance_seconds"].is_number_integer() &&
               body["advance_seconds"].get<int64_t>() >= 0) {
        clock_->advance(std::chrono::seconds(body["advance_seconds"].get<int64_t>()));
        record(req, who->node, "clock", 0);
    } else {
        return res.error(400, "bad_request",
                         "expected {\"set\": RFC 3339} or {\"advance_seconds\": N >= 0}");
    }
    res.json({{"now", format_rfc3339(clock_->now())}});
}

void Daemon::serve_settled(const http::Request& req, http::Response& res) {
    auto who = authenticate(req, res);
    if (!who) return;
    if (who->role != config::Role::Admin) {
        return res.error(403, "forbidden", "settled needs an admin token");
    }
    TimePoint now = clock_->now();
    TimePoint timers = now;
    if (scheduler_) timers = std::min(timers, scheduler_->ticked_to());
    if (incidents_) timers = std::min(timers, incidents_->ticked_to());
    if (notices_) timers = std::min(timers, notices_->ticked_to());
    bool answered = messages_->pending_inbound(1).empty();
    auto outbox = messages_->outbox_counts();
    bool settled = timers >= now && answered && outbox.queued == 0 && outbox.sending == 0;
    res.json({{"settled", settled},
              {"now", format_rfc3339(now)},
              {"timers_at", format_rfc3339(timers)},
              {"inbound_answered", answered},
              {"outbox_queued", outbox.queued},
              {"outbox_sending", outbox.sending}});
}

bool Daemon::refuse_unknown_node(const std::string& code, http::Response& res) const {
    if (store_->node(code)) return false;
    auto cfg = cfg_.load();
    if (code == cfg->district_code) return false;
    for (const auto& n : cfg->nodes) {
        if (n.code == code) return false;
    }
    res.error(404, "node.unknown", "no node " + code);
    return true;
}

void Daemon::add_node_routes() {
    server_->route("GET", R"(/api/v1/nodes/([a-z0-9_/-]+))", "/api/v1/nodes/:code",
                   [this](const http::Request& req, http::Response& res) {
                       const std::string& code = req.captures.at(0);
                       if (!authorize_node(req, res, code)) return;
                       auto node = store_->node(code);
                       if (!node) return res.error(404, "node.unknown", "no node " + code);
                       json children = json::array();
                       for (const auto& c : store_->children(code)) {
                           children.push_back({{"code", c.code}, {"name", c.name}});
                       }
                       res.json({{"code", node->code},
                                 {"name", node->name},
                                 {"level", node->level},
                                 {"children", children}});
                   });
}

}  // namespace gridbot::app
