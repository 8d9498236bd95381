// The day of a subtree: its rollup and its households' statuses (DESIGN §10).
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/summary.h"
#include "bot/http/paging.h"
#include "bot/ledger/ledger.h"
#include "bot/privacy/audience.h"
#include "bot/privacy/policy.h"

namespace gridbot::app {

using nlohmann::json;

namespace {
// A household's ledger tags (独居老人, 无微信, …): health data to the policy.
json tag_names(privacy::Audience audience, uint16_t tags) {
    json out = json::array();
    if (!privacy::sees(audience, privacy::Field::Health)) return out;
    for (auto tag : ledger::kAllTags)
        if (tags & static_cast<uint16_t>(tag)) out.push_back(ledger::tag_name(tag));
    return out;
}
}  // namespace

void Daemon::add_report_routes() {
    // Shared checks: token, subtree, node, day. Returns false after answering.
    auto prepare = [this](const http::Request& req, http::Response& res, std::string& day) {
        if (!authorize_node(req, res, req.captures.at(0))) return false;
        day = req.param("day");
        if (day.empty()) day = days_->day_of(clock_->now());
        if (!LocalTime::valid_day(day)) {
            res.error(400, "bad_day", "day: expected YYYY-MM-DD, got \"" + day + "\"");
            return false;
        }
        return true;
    };

    server_->route(
        "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/summary)", "/api/v1/nodes/:code/summary",
        [this, prepare](const http::Request& req, http::Response& res) {
            std::string day;
            if (!prepare(req, res, day)) return;
            const std::string& code = req.captures.at(0);
            std::map<std::string, std::string> names;
            for (const auto& n : store_->nodes()) names[n.code] = n.name;
            res.json(daily::node_summary(code, day, days_->grids_within(code, day), names));
        });

    server_->route(
        "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/households)", "/api/v1/nodes/:code/households",
        [this, prepare](const http::Request& req, http::Response& res) {
            std::string day;
            if (!prepare(req, res, day)) return;
            auto page = http::read_page(req, res);
            if (!page) return;
            store::HouseholdPage want{std::nullopt, page->after, page->limit + 1};
            if (std::string s = req.param("status"); !s.empty()) {
                want.status = store::day_status_from_name(s);
                if (!want.status)
                    return res.error(400, "bad_status",
                                     "status: expected missing, zero or anomaly");
            }
            auto rows = reports_->households(req.captures.at(0), day, want);
            if (!rows) return res.error(400, "bad_cursor", "cursor: its household is unknown");
            json next = http::next_cursor(*rows, page->limit, [](const auto& h) { return h.id; });
            // Names and phones as the privacy policy shows them to the token's role.
            auto who = principal_of(req);
            auto cfg = cfg_.load();
            json list = json::array();
            for (const auto& h : *rows) {
                auto audience = who ? privacy::of_token(*cfg, who->role, who->node, h.grid_code)
                                    : privacy::Audience::Above;
                auto person = privacy::contact_fields(audience, h.contact, h.phone);
                list.push_back(
                    {{"id", h.id},
                     {"grid", h.grid_code},
                     {"room", h.address},
                     {"contact", person["contact"]},
                     {"phone", person["phone"]},
                     {"members", h.members},
                     {"status", store::day_status_name(h.status)},
                     {"categories", h.categories},
                     {"temperature", h.temperature ? json(*h.temperature) : json(nullptr)},
                     {"bound_members", h.bound_members},
                     {"tags", tag_names(audience, h.tags)}});
            }
            record(req, req.captures.at(0), "", static_cast<int64_t>(list.size()));
            res.json({{"node", req.captures.at(0)},
                      {"day", day},
                      {"count", list.size()},
                      {"households", list},
                      {"next_cursor", next}});
        });
}

}  // namespace gridbot::app
