// The day of a subtree: its rollup and its households' statuses (DESIGN §10).
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/app/daemon.h"
#include "bot/conversation/correction.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/summary.h"
#include "bot/http/paging.h"
#include "bot/ledger/ledger.h"
#include "bot/parse/parser.h"
#include "bot/privacy/audience.h"
#include "bot/privacy/policy.h"
#include "bot/store/clarifications.h"
#include "bot/store/corrections.h"

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
// A correction's label: {"kind": "zero"|"anomaly", "categories": [...], "temperature": 38.5}.
// An anomaly names at least one of the twelve categories; a zero names none.
struct Label {
    store::DayStatus kind = store::DayStatus::Zero;
    std::vector<std::string> categories;
    std::optional<double> temperature;
};

Result<Label> read_label(const json& body) {
    auto bad = [](std::string m) { return Error{"bad_label", std::move(m)}; };
    Label l;
    const std::string kind = body.contains("kind") && body["kind"].is_string() ? body["kind"] : "";
    if (kind != "zero" && kind != "anomaly") return bad("kind: expected \"zero\" or \"anomaly\"");
    l.kind = kind == "zero" ? store::DayStatus::Zero : store::DayStatus::Anomaly;
    if (body.contains("categories")) {
        if (!body["categories"].is_array()) return bad("categories: expected an array of names");
        for (const auto& c : body["categories"]) {
            if (!c.is_string() || parse::category_index(c.get<std::string>()) < 0)
                return bad("categories: unknown category " + c.dump());
            if (std::find(l.categories.begin(), l.categories.end(), c) == l.categories.end())
                l.categories.push_back(c);
        }
    }
    std::sort(l.categories.begin(), l.categories.end());
    if (l.kind == store::DayStatus::Anomaly && l.categories.empty())
        return bad("categories: an anomaly names at least one category");
    if (l.kind == store::DayStatus::Zero && !l.categories.empty())
        return bad("categories: a zero report names none");
    if (body.contains("temperature") && !body["temperature"].is_null()) {
        if (!body["temperature"].is_number()) return bad("temperature: expected a number");
        const double t = body["temperature"];
        if (t < 34.0 || t > 43.0) return bad("temperature: expected 34 to 43 (°C)");
        l.temperature = t;
    }
    return l;
}
}  // namespace

// Shared checks: token, subtree, node, day. Returns false after answering.
bool Daemon::node_and_day(const http::Request& req, http::Response& res, std::string& day) {
    if (!authorize_node(req, res, req.captures.at(0))) return false;
    day = req.param("day");
    if (day.empty()) day = days_->day_of(clock_->now());
    if (!LocalTime::valid_day(day)) {
        res.error(400, "bad_day", "day: expected YYYY-MM-DD, got \"" + day + "\"");
        return false;
    }
    return true;
}

void Daemon::add_report_routes() {
    server_->route(
        "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/summary)", "/api/v1/nodes/:code/summary",
        [this](const http::Request& req, http::Response& res) { serve_summary(req, res); });

    server_->route(
        "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/households)", "/api/v1/nodes/:code/households",
        [this](const http::Request& req, http::Response& res) { serve_households(req, res); });

    // A leader's correction from the dashboard (issue 19 item 4), as `更正 <room>
    // <label>` in the chat: the household's status today becomes the label, and
    // its latest message with the parser's reading and the label is kept as a
    // labelled example for `gridbot parse corrections`.
    server_->route(
        "POST", R"(/api/v1/households/([0-9]{1,18})/correction)",
        "/api/v1/households/:id/correction",
        [this](const http::Request& req, http::Response& res) { serve_correction(req, res); });
}

void Daemon::serve_summary(const http::Request& req, http::Response& res) {
    std::string day;
    if (!node_and_day(req, res, day)) return;
    const std::string& code = req.captures.at(0);
    std::map<std::string, std::string> names;
    for (const auto& n : store_->nodes()) names[n.code] = n.name;
    res.json(daily::node_summary(*days_, code, day, names));
}

void Daemon::serve_households(const http::Request& req, http::Response& res) {
    std::string day;
    if (!node_and_day(req, res, day)) return;
    auto page = http::read_page(req, res);
    if (!page) return;
    store::HouseholdPage want{std::nullopt, page->after, page->limit + 1};
    if (std::string s = req.param("status"); !s.empty()) {
        want.status = store::day_status_from_name(s);
        if (!want.status)
            return res.error(400, "bad_status", "status: expected missing, zero or anomaly");
    }
    auto rows = reports_->households(req.captures.at(0), day, want);
    if (!rows) return res.error(400, "bad_cursor", "cursor: its household is unknown");
    // Households asked a clarifying question they have not answered (issue 19 item 3).
    // One query for the node's subtree; the day's open questions are few.
    std::set<int64_t> unclear;
    if (!rows->empty()) {
        for (const auto& u : store::Clarifications(*store_).unclear(req.captures.at(0), day))
            unclear.insert(u.household_id);
    }
    json next = http::next_cursor(*rows, page->limit, [](const auto& h) { return h.id; });
    // Names and phones as the privacy policy shows them to the token's role.
    auto who = principal_of(req);
    auto cfg = cfg_.load();
    json list = json::array();
    for (const auto& h : *rows) {
        auto audience = who ? privacy::of_token(*cfg, who->role, who->node, h.grid_code)
                            : privacy::Audience::Above;
        auto person = privacy::contact_fields(audience, h.contact, h.phone);
        list.push_back({{"id", h.id},
                        {"grid", h.grid_code},
                        {"room", h.address},
                        {"contact", person["contact"]},
                        {"phone", person["phone"]},
                        {"members", h.members},
                        {"status", store::day_status_name(h.status)},
                        {"unclear", unclear.count(h.id) > 0},
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
}

void Daemon::serve_correction(const http::Request& req, http::Response& res) {
    auto household = store_->household_by_id(std::stoll(req.captures.at(0)));
    if (!household) return res.error(404, "household.unknown", "no such household");
    auto who = authorize_node(req, res, household->grid_code);
    if (!who) return;
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return res.error(400, "bad_json", "expected a JSON object");
    auto label = read_label(body);
    if (!label) return res.error(400, "bad_label", label.error().message);
    const TimePoint now = clock_->now();
    const int64_t at = unix_seconds(now);
    const std::string day = days_->day_of(now);

    const std::string label_json =
        json{{"kind", label->kind == store::DayStatus::Zero ? "zero" : "anomaly"},
             {"categories", label->categories},
             {"temperature", label->temperature ? json(*label->temperature) : json(nullptr)}}
            .dump();
    store::Correction c = conversation::correction_of(*store_, *parser_.load(), household->id, day,
                                                      unix_seconds(days_->zone().at(day, 0)), 0,
                                                      label_json, "api:" + who->name, at);
    const bool found = c.inbound_id.has_value();

    store::ReportRecord r;
    r.household_id = household->id;
    r.day = day;
    r.kind = label->kind;
    r.categories = label->categories;
    r.temperature = label->temperature;
    r.reporter = c.leader;
    r.by_leader = true;
    r.at = at;
    auto change = reports_->record(std::move(r)).get();
    days_->apply(day, household->grid_code, household->id, change.after, change.categories_after,
                 change.seq);
    if (incidents_ && label->kind == store::DayStatus::Anomaly) {
        incidents_->on_anomaly({*household, label->categories, label->temperature, now});
    }
    const int64_t id = store::Corrections(*store_).record(std::move(c)).get();
    record(req, household->grid_code, "household:" + std::to_string(household->id), 1);
    res.json({{"correction", id},
              {"household", household->id},
              {"room", household->address},
              {"day", day},
              {"status", store::day_status_name(change.after)},
              {"categories", change.categories_after},
              {"found", found}});
}

}  // namespace gridbot::app
