#include "bot/incidents/service.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bot/daily/local_time.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"
#include "bot/incidents/record.h"
#include "bot/incidents/wording.h"
#include "bot/ledger/ledger.h"

namespace gridbot::incidents {

using nlohmann::json;

namespace {

constexpr double kUrgentFever = 38.5;  // DESIGN §6: fever at or above this is urgent
constexpr size_t kTickBatch = 1000;

bool within(const std::string& node, const std::string& root) {
    return node == root || (node.size() > root.size() && node.compare(0, root.size(), root) == 0 &&
                            node[root.size()] == '/');
}

}  // namespace

std::string resolve_calendar_path(const std::string& path) {
    std::error_code ec;
    if (path.empty() || path.front() == '/' || std::filesystem::exists(path, ec)) return path;
    return std::string(GRIDBOT_SOURCE_DIR) + "/" + path;
}

Service::Service(ServiceContext ctx) : ctx_(std::move(ctx)), incidents_(ctx_.store) {
    if (ctx_.clock.is_manual()) {
        if (const char* v = std::getenv("GRIDBOT_DEBUG_CRASH_AFTER"); v && std::string(v).rfind("incident:", 0) == 0) {
            crash_after_ = std::atoi(v + 9);
        }
    }
}

Service::~Service() { stop(); }

void Service::start() { ticker_.start(); }

void Service::stop() { ticker_.stop(); }

Policy Service::policy_for(const config::Config& cfg, const std::string& severity) const {
    Policy p;
    p.severity = severity;
    bool any_working_time = false;
    for (const auto& s : cfg.escalation) {
        if (s.severity != severity) continue;
        p.steps.push_back({s.level, s.after, s.working_time});
        any_working_time = any_working_time || s.working_time;
    }
    auto r = cfg.incidents.resolve_within.find(severity);
    if (r != cfg.incidents.resolve_within.end()) p.resolve_within = r->second;
    // A chain counted in wall time (urgent) gives its resolve deadline in wall time too.
    p.resolve_working_time = any_working_time;
    return p;
}

Service::Loaded Service::load(const store::IncidentRow& row) const { return load_record(row); }

store::IncidentRow Service::to_row(const Loaded& l, TimePoint now) const {
    return record_row(l, *ctx_.calendar, now);
}

void Service::settle(std::vector<std::future<int>>& queued, std::vector<std::future<void>>& written) {
    bool any = false;
    for (auto& f : queued) any = f.get() > 0 || any;
    for (auto& f : written) f.get();
    queued.clear();
    written.clear();
    if (any && ctx_.queued) ctx_.queued();
}

size_t Service::fire(Loaded& l, TimePoint now, const config::Config& cfg, const compose::Templates& t,
                     std::vector<std::future<int>>& queued, std::vector<std::future<void>>& written) {
    size_t before = l.inc.timeline.size();
    size_t step = l.inc.next_step;
    Level level = l.inc.level;
    auto fired = escalate_due(l.inc, now, *ctx_.calendar);
    std::vector<store::OutboxItem> items;
    std::string id = std::to_string(l.inc.id);
    for (size_t i = 0; i < fired.size(); ++i) {
        const Escalation& e = fired[i];
        std::string key = "incident:" + id;
        bool first = false;
        if (e.after_acknowledgement) {
            key += ":deadline:" + std::to_string(l.deadlines++);
        } else {
            first = step == 0 && l.round == 0;
            key += (l.round ? ":r" + std::to_string(l.round) : std::string()) + ":step:" + std::to_string(step++);
        }
        for (auto& m : compose(l, e, level, first, key, now, cfg, t)) items.push_back(std::move(m));
        level = l.inc.timeline[before + i].level;
        spdlog::info("event=incident_escalated incident={} level={} key={}", l.inc.id,
                     config::level_name(e.level), key);
    }
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    if (!items.empty()) queued.push_back(ctx_.messages.enqueue(std::move(items), unix_millis(now)));
    if (crash_after_ >= 0 && !fired.empty()) {
        // The crash hook: this step's messages commit, its state does not.
        settle(queued, written);
        fired_total_ += static_cast<int>(fired.size());
        if (fired_total_ >= crash_after_) {
            spdlog::warn("event=debug_crash kind=incident fired={}", fired_total_);
            _exit(137);
        }
    }
    l.row = to_row(l, now);
    written.push_back(incidents_.update(l.row, std::move(timeline)));
    return fired.size();
}

int Service::tick(TimePoint now) {
    std::lock_guard lock(mu_);
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    int fired = 0;
    int64_t now_s = unix_seconds(now);
    for (;;) {
        auto due = incidents_.due(now_s, kTickBatch);
        if (due.empty()) break;
        std::vector<std::future<int>> queued;
        std::vector<std::future<void>> written;
        for (const auto& row : due) {
            Loaded l = load(row);
            fired += static_cast<int>(fire(l, now, *cfg, *templates, queued, written));
        }
        settle(queued, written);
        if (due.size() < kTickBatch) break;
    }
    return fired;
}

void Service::on_anomaly(const AnomalyReport& r) {
    std::lock_guard lock(mu_);
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    TimePoint now = r.at;
    for (const auto& category : r.categories) {
        auto latest = incidents_.latest(r.household.id, category);
        if (latest && latest->state != static_cast<int>(State::Resolved)) continue;  // joins the open one
        if (latest) {
            Loaded l = load(*latest);
            if (!reopen(l.inc, now)) continue;
            ++l.round;
            std::vector<std::future<int>> queued;
            std::vector<std::future<void>> written;
            std::string key = "incident:" + std::to_string(l.inc.id) + ":r" + std::to_string(l.round) + ":reopen";
            auto notice = compose(l, Escalation{l.inc.level, now, false}, l.inc.level, true, key, now, *cfg,
                                  *templates);
            queued.push_back(ctx_.messages.enqueue(std::move(notice), unix_millis(now)));
            fire(l, now, *cfg, *templates, queued, written);
            settle(queued, written);
            spdlog::info("event=incident_reopened incident={}", l.inc.id);
            continue;
        }
        open_incident(*cfg, r, category, now);
    }
}

void Service::open_incident(const config::Config& cfg, const AnomalyReport& r, const std::string& category,
                            TimePoint now) {
    auto contact = incidents_.household(r.household.id);
    uint16_t tags = contact ? contact->tags : 0;
    bool green = (tags & static_cast<uint16_t>(ledger::Tag::Pregnant)) ||
                 (tags & static_cast<uint16_t>(ledger::Tag::Dialysis));
    auto sev = cfg.incidents.severity.find(category);
    std::string severity = sev == cfg.incidents.severity.end() ? "normal" : sev->second;
    if (category == "fever" && r.temperature && *r.temperature >= kUrgentFever) severity = "urgent";
    if (green) severity = "urgent";  // the green channel

    Loaded l;
    l.inc = open(0, category, policy_for(cfg, severity), now);
    l.row.household_id = r.household.id;
    l.row.node = r.household.grid_code;
    l.row.category = category;
    l.row.severity = severity;
    l.row.green = green;
    json facts = json::object();
    if (category == "fever" && r.temperature) facts["temperature"] = *r.temperature;
    l.row.machine = facts.dump();
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    store::IncidentRow row = to_row(l, now);
    l.row = row;
    l.row.id = l.inc.id = incidents_.create(row, std::move(timeline), {}).get();
    spdlog::info("event=incident_opened incident={} household={} category={} severity={} green={}", l.inc.id,
                 r.household.id, category, severity, green);

    auto templates = ctx_.templates();
    std::vector<std::future<int>> queued;
    std::vector<std::future<void>> written;
    fire(l, now, cfg, *templates, queued, written);
    settle(queued, written);

    const auto& symptoms = cfg.incidents.cluster_categories;
    if (std::find(symptoms.begin(), symptoms.end(), category) == symptoms.end()) return;
    if (cfg.incidents.cluster_grid > 0) check_cluster(cfg, r.household.grid_code, category, cfg.incidents.cluster_grid, now);
    if (cfg.incidents.cluster_community > 0) {
        check_cluster(cfg, daily::parent_code(r.household.grid_code), category, cfg.incidents.cluster_community, now);
    }
}

void Service::check_cluster(const config::Config& cfg, const std::string& node, const std::string& category,
                            int threshold, TimePoint now) {
    auto members = incidents_.opened_since(node, category, unix_seconds(now - cfg.incidents.cluster_window));
    if (static_cast<int>(members.size()) < threshold) return;
    if (auto open_cluster = incidents_.active_cluster(node, category)) {
        for (int64_t m : members) incidents_.add_member(open_cluster->id, m).get();
        return;
    }
    // Straight to the community and the street at once; then the urgent chain's district step.
    Policy p = policy_for(cfg, "urgent");
    std::vector<Step> steps = {{Level::Community, std::chrono::seconds(0), false},
                               {Level::Street, std::chrono::seconds(0), false}};
    for (const auto& s : p.steps) {
        if (s.level == Level::District) steps.push_back(s);
    }
    p.steps = steps;
    p.severity = "cluster";
    Loaded l;
    l.inc = open(0, category, p, now);
    l.inc.timeline.front().actor = "system";
    l.inc.timeline.front().via = "cluster";
    l.inc.timeline.front().remark = std::to_string(members.size()) + " households";
    l.row.node = node;
    l.row.category = category;
    l.row.severity = "cluster";
    l.row.cluster = true;
    l.row.machine = "{}";
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    store::IncidentRow row = to_row(l, now);
    l.row = row;
    l.row.id = l.inc.id = incidents_.create(row, std::move(timeline), members).get();
    spdlog::info("event=incident_cluster_opened incident={} node={} category={} households={}", l.inc.id, node,
                 category, members.size());
    auto templates = ctx_.templates();
    std::vector<std::future<int>> queued;
    std::vector<std::future<void>> written;
    fire(l, now, cfg, *templates, queued, written);
    settle(queued, written);
}

Result<store::IncidentRow> Service::act(int64_t id, Act act, const std::string& actor, const std::string& via,
                                        const std::string& remark) {
    std::lock_guard lock(mu_);
    auto row = incidents_.get(id);
    if (!row) return Error{"incident.not_found", "no incident #" + std::to_string(id)};
    TimePoint now = ctx_.clock.now();
    Loaded l = load(*row);
    auto r = act == Act::Acknowledge ? acknowledge(l.inc, now, actor, via, remark, *ctx_.calendar)
                                     : resolve(l.inc, now, actor, via, remark);
    if (!r) return r.error();
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    auto updated = to_row(l, now);
    incidents_.update(updated, std::move(timeline)).get();
    spdlog::info("event=incident_{} incident={} actor=\"{}\" via={}", act == Act::Acknowledge ? "acknowledged" : "resolved",
                 id, actor, via);
    return updated;
}

std::vector<store::OutboxItem> Service::on_command(const store::StoredInbound& in, const std::string& command,
                                                   const json& args) {
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    int64_t id = args.value("incident", int64_t{0});
    std::string remark = args.contains("remark") && args["remark"].is_string() ? args["remark"].get<std::string>() : "";
    std::vector<store::OutboxItem> out;
    auto reply = [&](const std::string& kind, const json& data) {
        auto text = templates->render(kind, data);
        if (!text) {
            spdlog::error("event=template_failed {}", text.error().to_string());
            return;
        }
        store::OutboxItem item;
        item.key = "reply:" + std::to_string(in.id) + ":incident";
        item.channel = in.msg.channel;
        item.msg.group = in.msg.group;
        item.msg.text = text.value();
        item.msg.idempotency_key = item.key;
        out.push_back(std::move(item));
    };
    bool ack = command == "ack";
    auto row = incidents_.get(id);
    if (!row) {
        reply("incident_unknown", {{"id", id}});
        return out;
    }
    const config::Leader* leader = nullptr;
    for (const auto& l : cfg->leaders) {
        auto it = l.ids.find(in.msg.channel);
        if (it != l.ids.end() && it->second == in.msg.sender_id && within(row->node, l.node)) leader = &l;
    }
    if (!leader) {
        spdlog::info("event=incident_refused incident={} channel={} sender={}", id, in.msg.channel, in.msg.sender_id);
        reply("incident_refused", {{"id", id}});
        return out;
    }
    auto r = act(id, ack ? Act::Acknowledge : Act::Resolve, leader->name, in.msg.channel, remark);
    if (!r) {
        reply("incident_act_failed", {{"id", id},
                                      {"already_resolved", r.error().id == "incident.already_resolved"},
                                      {"already_acknowledged", r.error().id == "incident.already_acknowledged"}});
        return out;
    }
    reply("incident_acted", {{"id", id}, {"acknowledged", ack}, {"leader", leader->name},
                             {"remark", remark}, {"has_remark", !remark.empty()}});
    return out;
}

json Service::describe(const store::IncidentRow& row, bool with_timeline,
                       const std::function<privacy::Audience(const std::string& grid)>& audience) {
    auto state = state_from_int(row.state).value_or(State::Open);
    json j = {{"id", row.id},
              {"node", row.node},
              {"category", row.category},
              {"severity", row.severity},
              {"state", state_name(state)},
              {"level", config::level_name(static_cast<Level>(row.level))},
              {"cluster", row.cluster},
              {"green", row.green},
              {"opened_at", format_rfc3339(from_unix_seconds(row.opened_at))},
              {"next_due", row.next_due ? json(format_rfc3339(from_unix_seconds(*row.next_due))) : json(nullptr)}};
    if (row.household_id) {
        if (auto h = incidents_.household(*row.household_id)) {
            auto person = privacy::contact_fields(audience(h->grid_code), h->contact, h->phone);
            j["household"] = {{"id", h->id},
                              {"room", h->address},
                              {"contact", person["contact"]},
                              {"phone", person["phone"]}};
        }
    }
    if (row.cluster) j["members"] = incidents_.members(row.id);
    if (with_timeline) {
        json t = json::array();
        for (const auto& e : incidents_.timeline(row.id)) {
            t.push_back({{"at", format_rfc3339(from_unix_seconds(e.at))}, {"from", e.from}, {"to", e.to},
                         {"action", e.action}, {"actor", e.actor}, {"via", e.via}, {"remark", e.remark},
                         {"level", config::level_name(static_cast<Level>(e.level))}});
        }
        j["timeline"] = t;
    }
    return j;
}

}  // namespace gridbot::incidents
