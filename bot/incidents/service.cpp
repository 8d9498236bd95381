#include "bot/incidents/service.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "bot/compose/outbox_item.h"
#include "bot/config/groups.h"
#include "bot/core/data_files.h"
#include "bot/core/hierarchy.h"
#include "bot/core/local_time.h"
#include "bot/incidents/record.h"
#include "bot/incidents/wording.h"

namespace gridbot::incidents {

using nlohmann::json;

namespace {

constexpr size_t kTickBatch = 1000;

}  // namespace

std::string resolve_calendar_path(const std::string& path) { return find_data_file(path); }

Service::Service(ServiceContext ctx) : ctx_(std::move(ctx)), incidents_(ctx_.store) {
    if (ctx_.clock.is_manual()) {
        if (const char* v = std::getenv("GRIDBOT_DEBUG_CRASH_AFTER");
            v && std::string(v).rfind("incident:", 0) == 0) {
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

void Service::settle(std::vector<std::future<int>>& queued,
                     std::vector<std::future<void>>& written) {
    bool any = false;
    for (auto& f : queued) any = f.get() > 0 || any;
    for (auto& f : written) f.get();
    queued.clear();
    written.clear();
    if (any && ctx_.queued) ctx_.queued();
}

size_t Service::fire(Loaded& l, TimePoint now, const config::Config& cfg,
                     const compose::Templates& t, std::vector<std::future<int>>& queued,
                     std::vector<std::future<void>>& written, const std::string* prelude_key) {
    size_t before = l.inc.timeline.size();
    size_t step = l.inc.next_step;
    Level level = l.inc.level;
    Posts posts;
    if (prelude_key)
        compose(l, Escalation{l.inc.level, now, false}, l.inc.level, true, *prelude_key, cfg, t,
                posts);
    auto fired = escalate_due(l.inc, now, *ctx_.calendar);
    std::string id = std::to_string(l.inc.id);
    for (size_t i = 0; i < fired.size(); ++i) {
        const Escalation& e = fired[i];
        std::string key = "incident:" + id;
        bool first = false;
        if (e.after_acknowledgement) {
            key += ":deadline:" + std::to_string(l.deadlines++);
        } else {
            // A step due at the (re)opening instant (after = 0) is part of the opening.
            first = e.due == l.inc.opened_at || (step == 0 && l.round == 0);
            key += (l.round ? ":r" + std::to_string(l.round) : std::string()) +
                   ":step:" + std::to_string(step++);
        }
        compose(l, e, level, first, key, cfg, t, posts);
        level = l.inc.timeline[before + i].level;
        spdlog::info("event=incident_escalated incident={} level={} key={}", l.inc.id,
                     config::level_name(e.level), key);
    }
    std::vector<store::TimelineRow> timeline = take_timeline(l.inc);
    if (!posts.items.empty())
        queued.push_back(ctx_.messages.enqueue(std::move(posts.items), unix_millis(now)));
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

Result<store::IncidentRow> Service::act(int64_t id, Act act, const std::string& actor,
                                        const std::string& via, const std::string& remark) {
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
    spdlog::info("event=incident_{} incident={} actor=\"{}\" via={}",
                 act == Act::Acknowledge ? "acknowledged" : "resolved", id, actor, via);
    return updated;
}

void Service::announce(const store::IncidentRow& row, Act act, const std::string& actor,
                       const std::string& remark) {
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    auto text = templates->render("incident_acted", {{"id", row.id},
                                                     {"acknowledged", act == Act::Acknowledge},
                                                     {"leader", actor},
                                                     {"remark", remark},
                                                     {"has_remark", !remark.empty()}});
    if (!text) {
        spdlog::error("event=template_failed {}", text.error().to_string());
        return;
    }
    std::vector<store::OutboxItem> items;
    for (const config::Group* g : config::staff_groups_from(*cfg, row.node)) {
        items.push_back(compose::outbox_item(
            {"incident:" + std::to_string(row.id) +
                 ":acted:" + std::string(act == Act::Acknowledge ? "ack" : "resolve") + ":" +
                 g->channel + "/" + g->id,
             g->channel, g->id},
            text.value()));
    }
    if (items.empty()) return;
    ctx_.messages.enqueue(std::move(items), unix_millis(ctx_.clock.now())).get();
    if (ctx_.queued) ctx_.queued();
}

std::vector<store::OutboxItem> Service::on_command(const store::StoredInbound& in,
                                                   const std::string& command, const json& args) {
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    int64_t id = args.value("incident", int64_t{0});
    std::string remark = args.contains("remark") && args["remark"].is_string()
                             ? args["remark"].get<std::string>()
                             : "";
    std::vector<store::OutboxItem> out;
    auto reply = [&](const std::string& kind, const json& data) {
        auto item = compose::render_item(
            *templates,
            {"reply:" + std::to_string(in.id) + ":incident", in.msg.channel, in.msg.group}, kind,
            data);
        if (item) out.push_back(std::move(*item));
    };
    bool ack = command == "ack";
    auto row = incidents_.get(id);
    if (!row) {
        reply("incident_unknown", {{"id", id}});
        return out;
    }
    const config::Leader* leader =
        config::find_leader(*cfg, row->node, in.msg.channel, in.msg.sender_id);
    if (!leader) {
        spdlog::info("event=incident_refused incident={} channel={} sender={}", id, in.msg.channel,
                     in.msg.sender_id);
        reply("incident_refused", {{"id", id}});
        return out;
    }
    auto r = act(id, ack ? Act::Acknowledge : Act::Resolve, leader->name, in.msg.channel, remark);
    if (!r) {
        reply("incident_act_failed",
              {{"id", id},
               {"already_resolved", r.error().id == "incident.already_resolved"},
               {"already_acknowledged", r.error().id == "incident.already_acknowledged"}});
        return out;
    }
    reply("incident_acted", {{"id", id},
                             {"acknowledged", ack},
                             {"leader", leader->name},
                             {"remark", remark},
                             {"has_remark", !remark.empty()}});
    return out;
}

json Service::describe(const store::IncidentRow& row, bool with_timeline,
                       const std::function<privacy::Audience(const std::string& grid)>& audience) {
    auto state = state_from_int(row.state).value_or(State::Open);
    json j = {{"id", row.id},
              {"node", row.node},
              {"category", row.category},
              {"categories", row.categories},
              {"severity", row.severity},
              {"state", state_name(state)},
              {"level", config::level_name(static_cast<Level>(row.level))},
              {"cluster", row.cluster},
              {"green", row.green},
              {"opened_at", format_rfc3339(from_unix_seconds(row.opened_at))},
              {"next_due", row.next_due ? json(format_rfc3339(from_unix_seconds(*row.next_due)))
                                        : json(nullptr)}};
    if (row.household_id) {
        if (auto h = incidents_.household(*row.household_id)) {
            auto person = privacy::contact_fields(audience(h->grid_code), h->contact, h->phone);
            j["household"] = {{"id", h->id},
                              {"room", h->address},
                              {"contact", person["contact"]},
                              {"phone", person["phone"]}};
        }
    }
    if (!row.household_id && row.reporter && !row.cluster) {
        // An unattributed report: who said what (the name masked as a contact is).
        auto a = audience(row.node);
        j["reporter"] = {{"name", privacy::show(a, privacy::Field::Name, row.reporter->name)},
                         {"text", privacy::show(a, privacy::Field::Text, row.reporter->text)},
                         {"room", row.reporter->room ? json(*row.reporter->room) : json(nullptr)}};
    }
    if (row.cluster) j["members"] = incidents_.members(row.id);
    if (with_timeline) {
        json t = json::array();
        for (const auto& e : incidents_.timeline(row.id)) {
            t.push_back({{"at", format_rfc3339(from_unix_seconds(e.at))},
                         {"from", e.from},
                         {"to", e.to},
                         {"action", e.action},
                         {"actor", e.actor},
                         {"via", e.via},
                         {"remark", e.remark},
                         {"level", config::level_name(static_cast<Level>(e.level))}});
        }
        j["timeline"] = t;
    }
    return j;
}

}  // namespace gridbot::incidents
