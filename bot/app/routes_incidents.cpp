// Incidents over HTTP (DESIGN §6, §10): the list of a subtree, one incident
// with its timeline, and acknowledge / resolve. A token acts on its subtree only.
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/app/exports.h"
#include "bot/core/hierarchy.h"
#include "bot/http/paging.h"
#include "bot/privacy/audience.h"

namespace gridbot::app {

using nlohmann::json;

namespace {

// Personal data as the privacy policy shows it to the token's role (docs/privacy.md).
auto audience_of(std::shared_ptr<const config::Config> cfg, std::optional<http::Principal> who) {
    return [cfg, who](const std::string& grid) {
        if (!who) return privacy::Audience::Above;
        return privacy::of_token(*cfg, who->role, who->node, grid);
    };
}

}  // namespace

void Daemon::add_incident_routes() {
    server_->route(
        "GET", R"(/api/v1/incidents)", "/api/v1/incidents",
        [this](const http::Request& req, http::Response& res) { serve_incident_list(req, res); });

    // Shared by the three routes on one incident: token, id, subtree.
    auto find = [this](const http::Request& req,
                       http::Response& res) -> std::optional<store::IncidentRow> {
        auto who = authenticate(req, res);
        if (!who) return std::nullopt;
        auto row = incidents_->incidents().get(std::stoll(req.captures.at(0)));
        if (!row) {
            res.error(404, "not_found", "no incident #" + req.captures.at(0));
            return std::nullopt;
        }
        if (!within(row->node, who->node)) {
            res.error(403, "forbidden",
                      "incident #" + req.captures.at(0) + " is outside the token's subtree");
            return std::nullopt;
        }
        return row;
    };

    server_->route(
        "GET", R"(/api/v1/incidents/([0-9]{1,15}))", "/api/v1/incidents/:id",
        [this, find](const http::Request& req, http::Response& res) {
            auto row = find(req, res);
            if (!row) return;
            record(req, row->node, "incident:" + std::to_string(row->id), 1);
            res.json(incidents_->describe(*row, true, audience_of(cfg_.load(), principal_of(req))));
        });

    for (auto act : {incidents::Act::Acknowledge, incidents::Act::Resolve}) {
        std::string verb = act == incidents::Act::Acknowledge ? "ack" : "resolve";
        server_->route("POST", R"(/api/v1/incidents/([0-9]{1,15})/)" + verb,
                       "/api/v1/incidents/:id/" + verb,
                       [this, find, act](const http::Request& req, http::Response& res) {
                           auto row = find(req, res);
                           if (!row) return;
                           std::string remark;
                           if (!req.body.empty()) {
                               json body = json::parse(req.body, nullptr, false);
                               if (!body.is_object())
                                   return res.error(400, "bad_json", "expected a JSON object");
                               if (body.contains("remark") && body["remark"].is_string())
                                   remark = body["remark"];
                           }
                           auto who = principal_of(req);
                           std::string actor = who ? who->name : "api";
                           auto r = incidents_->act(row->id, act, actor, "api", remark);
                           if (!r) return res.error(409, r.error().id, r.error().message);
                           incidents_->announce(r.value(), act, actor, remark);
                           record(req, row->node, "incident:" + std::to_string(row->id), 1);
                           res.json(incidents_->describe(
                               r.value(), true, audience_of(cfg_.load(), principal_of(req))));
                       });
    }
}

void Daemon::serve_incident_list(const http::Request& req, http::Response& res) {
    auto who = authenticate(req, res);
    if (!who) return;
    std::string node = req.param("node");
    if (node.empty()) node = who->node;
    if (refuse_unknown_node(node, res)) return;
    if (!within(node, who->node)) {
        return res.error(403, "forbidden", "node " + node + " is outside the token's subtree");
    }
    int state = -1;
    if (std::string s = req.param("state"); !s.empty()) {
        for (auto st :
             {incidents::State::Open, incidents::State::Acknowledged, incidents::State::Resolved}) {
            if (incidents::state_name(st) == s) state = static_cast<int>(st);
        }
        if (state < 0)
            return res.error(400, "bad_state", "state: expected open, acknowledged or resolved");
    }
    auto page = http::read_page(req, res);
    if (!page) return;
    auto period = opened_between(days_->zone(), req.param("from"), req.param("to"), "");
    if (!period) return res.error(400, "bad_day", period.error().message);
    // Newest first, so a page's cursor is its oldest row.
    auto rows =
        incidents_->incidents().list(node, state, page->limit + 1, page->after, period.value());
    json next = http::next_cursor(rows, page->limit, [](const auto& r) { return r.id; });
    json list = json::array();
    auto audience = audience_of(cfg_.load(), principal_of(req));
    for (const auto& row : rows) {
        list.push_back(incidents_->describe(row, false, audience));
    }
    record(req, node, "", static_cast<int64_t>(list.size()));
    res.json({{"node", node}, {"count", list.size()}, {"incidents", list}, {"next_cursor", next}});
}

}  // namespace gridbot::app
