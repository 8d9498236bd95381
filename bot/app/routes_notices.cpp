// Official notices over HTTP (DESIGN §7, §10): issue, list, progress, calls done.
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/core/duration.h"
#include "bot/core/hierarchy.h"
#include "bot/http/paging.h"
#include "bot/notices/recipients.h"

namespace gridbot::app {

using nlohmann::json;

namespace {

// Reads the POST body into a draft; an error names the field.
Result<notices::Draft> read_draft(const json& b, const http::Principal& who, int64_t now) {
    notices::Draft d;
    auto str = [&](const char* k, const std::string& def) {
        return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : def;
    };
    for (const char* k :
         {"title", "body", "node", "audience", "status", "kind", "expires_in", "expires_at"}) {
        if (b.contains(k) && !b[k].is_string())
            return Error{"notice.bad_field", std::string(k) + ": expected a string"};
    }
    d.title = str("title", "");
    d.body = str("body", "");
    d.target = str("node", who.node);
    d.issuer = who.node;
    auto audience = notices::audience_from_name(str("audience", "residents"));
    if (!audience) return Error{"notice.bad_field", "audience: expected residents, staff or both"};
    d.audience = *audience;
    auto status = notices::status_from_name(str("status", "actual"));
    if (!status) return Error{"notice.bad_field", "status: expected actual or exercise"};
    d.status = *status;
    auto kind = notices::kind_from_name(str("kind", "alert"));
    if (!kind) return Error{"notice.bad_field", "kind: expected alert, update or cancel"};
    d.kind = *kind;
    if (b.contains("reference")) {
        if (!b["reference"].is_number_integer())
            return Error{"notice.bad_field", "reference: expected a notice id"};
        d.reference = b["reference"].get<int64_t>();
    }
    if (b.contains("number")) {
        if (!b["number"].is_number_integer())
            return Error{"notice.bad_field", "number: expected an integer"};
        d.number = b["number"].get<int64_t>();
    }
    if (b.contains("ack")) {
        if (!b["ack"].is_boolean()) return Error{"notice.bad_field", "ack: expected true or false"};
        d.ack_required = b["ack"].get<bool>();
    }
    if (b.contains("expires_in")) {
        auto dur = parse_duration(b["expires_in"].get<std::string>());
        if (!dur) return Error{"notice.bad_field", "expires_in: expected 30s/15m/2h/1d"};
        d.expires_at = now + dur->count();
    } else if (b.contains("expires_at")) {
        TimePoint t;
        if (!parse_rfc3339(b["expires_at"].get<std::string>(), t)) {
            return Error{"notice.bad_field", "expires_at: expected RFC 3339"};
        }
        d.expires_at = unix_seconds(t);
    }
    return d;
}

int status_for(const std::string& id) {
    if (id == "notice.duplicate_number") return 409;
    if (id == "notice.store") return 500;
    return 400;
}

}  // namespace

void Daemon::add_notice_routes() {
    server_->route(
        "POST", "/api/v1/notices", "/api/v1/notices",
        [this](const http::Request& req, http::Response& res) { serve_notice_issue(req, res); });

    server_->route(
        "GET", "/api/v1/notices", "/api/v1/notices",
        [this](const http::Request& req, http::Response& res) {
            auto who = authenticate(req, res);
            if (!who) return;
            auto page = http::read_page(req, res);
            if (!page) return;
            // Newest first, so a page's cursor is its oldest notice.
            auto heads = notices_->list(who->node, page->limit + 1, page->after);
            json next = http::next_cursor(heads, page->limit,
                                          [](const json& n) { return n["id"].get<int64_t>(); });
            res.json({{"count", heads.size()}, {"notices", heads}, {"next_cursor", next}});
        });

    server_->route("GET", R"(/api/v1/notices/([0-9]{1,18}))", "/api/v1/notices/:id",
                   [this](const http::Request& req, http::Response& res) {
                       auto who = authenticate(req, res);
                       if (!who) return;
                       json p = notices_->progress(std::stoll(req.captures.at(0)));
                       if (p.is_null())
                           return res.error(404, "not_found", "no notice " + req.captures.at(0));
                       if (!within(p["target"].get<std::string>(), who->node) &&
                           !within(p["issuer"].get<std::string>(), who->node)) {
                           return res.error(403, "forbidden",
                                            "the notice's target is outside the token's subtree");
                       }
                       record(req, p["target"].get<std::string>(), "notice:" + req.captures.at(0),
                              p.contains("calls") ? p["calls"].value("total", int64_t{0}) : 0);
                       res.json(p);
                   });

    server_->route(
        "POST", R"(/api/v1/notices/([0-9]{1,18})/calls/([0-9]{1,18})/done)",
        "/api/v1/notices/:id/calls/:household/done",
        [this](const http::Request& req, http::Response& res) {
            auto who = authenticate(req, res);
            if (!who) return;
            int64_t id = std::stoll(req.captures.at(0));
            int64_t household = std::stoll(req.captures.at(1));
            auto h = store_->household_by_id(household);
            if (!h) return res.error(404, "not_found", "no household " + req.captures.at(1));
            if (!within(h->grid_code, who->node)) {
                return res.error(403, "forbidden", "the household is outside the token's subtree");
            }
            auto left = notices_->call_done(id, household, "api:" + who->name);
            if (!left)
                return res.error(404, "not_found",
                                 "no open call for that household in notice " + req.captures.at(0));
            record(req, h->grid_code, "household:" + req.captures.at(1), 1);
            res.json({{"notice", id}, {"household", household}, {"left", *left}});
        });
}

void Daemon::serve_notice_issue(const http::Request& req, http::Response& res) {
    auto who = authenticate(req, res);
    if (!who) return;
    auto cfg = cfg_.load();
    if (!notices::may_issue(*cfg, who->role)) {
        return res.error(403, "forbidden",
                         std::string("a ") + std::string(config::role_name(who->role)) +
                             " token may not issue notices");
    }
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return res.error(400, "bad_json", "expected a JSON object");
    auto draft = read_draft(body, *who, unix_seconds(clock_->now()));
    if (!draft) return res.error(400, draft.error().id, draft.error().message);
    if (draft->reference) {
        auto ref = notice_store_->get(*draft->reference);
        if (ref && !within(ref->draft.target, who->node)) {
            return res.error(403, "forbidden",
                             "the referenced notice's target is outside the token's subtree");
        }
    } else if (refuse_unknown_node(draft->target, res)) {
        return;
    } else if (!within(draft->target, who->node)) {
        return res.error(403, "forbidden",
                         "node " + draft->target + " is outside the token's subtree");
    }
    auto issued = notices_->issue(draft.value(), who->name);
    if (!issued)
        return res.error(status_for(issued.error().id), issued.error().id, issued.error().message);
    record(req, draft->target, "notice:" + std::to_string(issued->id), 0);
    res.json({{"id", issued->id},
              {"number", issued->number},
              {"label", notices::number_label(issued->number)},
              {"groups", issued->groups},
              {"calls", issued->calls}},
             201);
}

}  // namespace gridbot::app
