// The audit trail over HTTP (issue 14): every read of personal data and every
// admin action leaves one row naming the token; GET /api/v1/audit reads them
// (a district-wide token only), oldest first, paged with an opaque cursor.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/app/audit_view.h"
#include "bot/app/daemon.h"
#include "bot/http/paging.h"

namespace gridbot::app {

using nlohmann::json;

std::optional<int64_t> parse_since(const std::string& text, const LocalTime& zone) {
    if (text.empty()) return 0;
    if (LocalTime::valid_day(text)) return unix_seconds(zone.at(text, 0));
    TimePoint t;
    if (parse_rfc3339(text, t)) return unix_seconds(t);
    return std::nullopt;
}

json audit_json(const store::AuditEntry& e) {
    return {{"id", e.id},           {"at", format_rfc3339(from_unix_seconds(e.at))},
            {"token", e.token},     {"role", e.role},
            {"action", e.action},   {"node", e.node},
            {"subject", e.subject}, {"rows", e.rows},
            {"client", e.client}};
}

void Daemon::record(const http::Request& req, const std::string& node, const std::string& subject,
                    int64_t rows) {
    auto who = principal_of(req);
    store::AuditEntry e;
    e.at = unix_seconds(clock_->now());
    e.token = who ? who->name : "";
    e.role = who ? std::string(config::role_name(who->role)) : "";
    e.action = req.method + " " + req.path;
    e.node = node;
    e.subject = subject;
    e.rows = rows;
    e.client = req.remote_addr;
    audit_->append(std::move(e)).get();
}

void Daemon::add_audit_routes() {
    server_->route(
        "GET", "/api/v1/audit", "/api/v1/audit",
        [this](const http::Request& req, http::Response& res) {
            auto who = authenticate(req, res);
            if (!who) return;
            auto cfg = cfg_.load();
            bool district_wide =
                who->node == cfg->district_code &&
                (who->role == config::Role::District || who->role == config::Role::Admin);
            if (!district_wide)
                return res.error(403, "forbidden", "the audit needs a district-wide token");
            store::AuditQuery q;
            auto since = parse_since(req.param("since"), days_->zone());
            if (!since)
                return res.error(400, "bad_since", "since: expected YYYY-MM-DD or RFC 3339");
            q.since = *since;
            q.token = req.param("token");
            q.node = req.param("node");
            auto page = http::read_page(req, res);
            if (!page) return;
            q.limit = static_cast<int64_t>(page->limit) + 1;  // the extra row: a next page
            q.after_id = page->after.value_or(0);
            auto list = audit_->list(q);
            json next = http::next_cursor(list, page->limit, [](const auto& e) { return e.id; });
            json rows = json::array();
            for (const auto& e : list) rows.push_back(audit_json(e));
            res.json({{"count", rows.size()}, {"audit", rows}, {"next_cursor", next}});
        });
}

}  // namespace gridbot::app
