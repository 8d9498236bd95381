// The handlers Conversation::handle dispatches to: one per command the parser
// names, the leader's 解绑, and a resident's report. Each answers one Turn.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "bot/config/groups.h"
#include "bot/conversation/conversation.h"
#include "bot/conversation/correction.h"
#include "bot/conversation/summary_answer.h"
#include "bot/conversation/turn.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"
#include "bot/store/corrections.h"

namespace gridbot::conversation {

using detail::Turn;
using nlohmann::json;

namespace {

// The grid whose household a leader's 代报 names: the residents' group's own
// grid, or in a staff group the grid the sender leads. Nullopt: no grid to report for.
std::optional<std::string> proxy_grid(const Turn& t) {
    if (t.is_grid && t.leader) return t.group.node;
    if (!t.is_grid && t.staff_leader && level(t.staff_leader->node) == 3)
        return t.staff_leader->node;
    return std::nullopt;
}

}  // namespace

void Conversation::bind(Turn& t, const std::string& user, const std::string& name,
                        const store::HouseholdRef& household) {
    bound_in_batch_[t.in.msg.channel + ":" + user] = household.id;
    pending_binds_.push_back(
        ctx_.messages.bind_member(t.in.msg.channel, user, name, household.id, t.now));
    // What the member reported before registering becomes the household's.
    if (ctx_.incidents)
        ctx_.incidents->attribute(t.in.msg.channel + ":" + user, household,
                                  from_unix_seconds(t.now));
}

// 解绑 @member …: a leader unbinds the members they mention.
void Conversation::on_unbind(Turn& t) {
    for (const auto& user : t.in.msg.mentions) {
        bound_in_batch_[t.in.msg.channel + ":" + user] = std::nullopt;
        pending_binds_.push_back(
            ctx_.messages.bind_member(t.in.msg.channel, user, user, std::nullopt, t.now));
    }
    t.reply("leader_unbound", {{"count", t.in.msg.mentions.size()}});
}

void Conversation::on_help(Turn& t) {
    t.reply("help", {{"group_name", t.group_name()},
                     {"is_leader", t.leader != nullptr || t.staff_leader != nullptr},
                     {"is_staff", t.group.audience == config::Audience::Staff}});
}

// 汇总: the day so far of the asker's node, as this group may read it (summary_answer.h).
void Conversation::on_summary(Turn& t) {
    auto asker = summary_leader(*t.cfg, t.group.node, t.in.msg.channel, t.in.msg.sender_id);
    if (!asker) {
        t.reply("summary_refused", json::object());
        return;
    }
    TimePoint at = from_unix_seconds(t.in.received_at);
    int minute = ctx_.days.zone().minute_of_day(at);
    char time[16];
    std::snprintf(time, sizeof time, "%02d:%02d", minute / 60, minute % 60);
    auto answer = summary_answer(*t.cfg, t.group, *asker, ctx_.days.day_of(at), time, ctx_.store,
                                 ctx_.reports, ctx_.days, t.templates->locale());
    t.reply(answer.kind, answer.data);
}

// 登记 <room>: binds the sender (or the members a leader mentions) to a
// household of the grid; moving from another household needs the request twice.
void Conversation::on_register(Turn& t) {
    if (!t.is_grid) return;
    const auto& room = t.parsed.room;
    if (!room) {
        t.reply("how_to_register", json::object());
        return;
    }
    auto household = ctx_.store.household(t.group.node, *room);
    if (!household) {
        t.reply("register_unknown", {{"room", *room}});
        return;
    }
    if (t.leader && !t.in.msg.mentions.empty()) {
        for (const auto& user : t.in.msg.mentions) bind(t, user, user, *household);
        t.reply("leader_bound", {{"room", *room}, {"count", t.in.msg.mentions.size()}});
        return;
    }
    auto before = household_of(t.in.msg.channel, t.in.msg.sender_id);
    if (!before || *before == household->id) {
        pending_moves_.erase(t.sender_key);
        bind(t, t.in.msg.sender_id, t.in.msg.sender_name, *household);
        t.reply("register_ok", {{"room", *room}});
        return;
    }
    auto prev = ctx_.store.household_by_id(*before);
    json data = {{"room", *room}, {"previous", prev ? prev->address : std::string("?")}};
    auto pending = pending_moves_.find(t.sender_key);
    if (pending != pending_moves_.end() && pending->second == household->id) {
        pending_moves_.erase(pending);
        bind(t, t.in.msg.sender_id, t.in.msg.sender_name, *household);
        t.reply("register_moved", data);
    } else {
        // Bound elsewhere: the move waits for the same request once more.
        pending_moves_[t.sender_key] = household->id;
        t.reply("register_confirm", data);
    }
}

// 收到 / 已处理 #N: a leader acts on an incident.
void Conversation::on_incident_command(Turn& t) {
    if (!ctx_.incidents) return;
    for (auto& item :
         ctx_.incidents->on_command(t.in, t.parsed.command, nlohmann::json(t.parsed.args)))
        t.out.push_back(std::move(item));
}

std::optional<parse::Understanding> detail::stated_report(const json& r) {
    const std::string kind = r.is_object() ? r.value("kind", "") : "";
    if (kind != "zero" && kind != "anomaly") return std::nullopt;
    parse::Understanding u;
    u.kind = kind == "zero" ? parse::Kind::Zero : parse::Kind::Anomaly;
    for (const auto& c : r.value("categories", json::array())) {
        if (c.is_string()) u.categories.push_back(c.get<std::string>());
    }
    u.temperature = detail::stated_temperature(r);
    return u;
}

std::optional<double> detail::stated_temperature(const json& r) {
    if (!r.is_object() || !r.contains("temperature") || !r["temperature"].is_number())
        return std::nullopt;
    return r["temperature"].get<double>();
}

std::optional<detail::LeaderReport> Conversation::leader_report(Turn& t, const std::string& command,
                                                                const char* what, const char* bad) {
    if (!t.leader && !t.staff_leader) {
        t.reply(command + "_refused", json::object());  // only leaders report for a household
        return std::nullopt;
    }
    auto grid = proxy_grid(t);
    if (!grid) return std::nullopt;
    auto report = detail::stated_report(json(t.parsed.args.value(what, parse::Json::object())));
    json failed = {{"no_room", !t.parsed.room},
                   {"room", t.parsed.room.value_or("")},
                   {"unknown_room", false},
                   {bad, false}};
    if (!t.parsed.room) {
        t.reply(command + "_failed", failed);
        return std::nullopt;
    }
    auto household = ctx_.store.household(*grid, *t.parsed.room);
    if (!household || !report) {
        failed["unknown_room"] = !household;
        failed[bad] = household.has_value();
        t.reply(command + "_failed", failed);
        return std::nullopt;
    }
    return detail::LeaderReport{*household, std::move(*report)};
}

// 代报 <room> <report>: a leader reports for a household of their grid.
void Conversation::on_proxy(Turn& t) {
    auto r = leader_report(t, "proxy", "report", "not_a_report");
    if (!r) return;
    record_report(t.in, r->household, r->report, true);
    t.reply("proxy_ok",
            {{"room", r->household.address}, {"is_zero", r->report.kind == parse::Kind::Zero}});
}

// 更正 <room> <label>: a leader says what a household's message today really
// reported. The household's status for the day becomes the label (a leader's
// report, which replaces what the parser read rather than adding to it), and
// the household's latest message with the parser's reading and the label is
// kept as a labelled example (store/corrections.h) for `gridbot parse corrections`.
void Conversation::on_correct(Turn& t) {
    auto r = leader_report(t, "correct", "label", "no_label");
    if (!r) return;
    const auto& household = r->household;
    const auto& u = r->report;
    const TimePoint at = from_unix_seconds(t.in.received_at);
    const std::string day = ctx_.days.day_of(at);
    const int64_t day_start = unix_seconds(ctx_.days.zone().at(day, 0));
    store::Correction c =
        correction_of(ctx_.store, *ctx_.parser(), household.id, day, day_start, t.in.id,
                      parse::Json(t.parsed.args.value("label", parse::Json::object())).dump(),
                      t.sender_key, t.in.received_at);
    const bool found = c.inbound_id.has_value();
    record_report(t.in, household, u, true);
    pending_appends_.push_back(store::Corrections(ctx_.store).record(std::move(c)));

    // Symptoms never reach a residents' group (docs/privacy.md): the categories
    // are named only in a staff group.
    t.reply("correct_ok",
            {{"room", household.address},
             {"is_zero", u.kind == parse::Kind::Zero},
             {"has_categories", !t.is_grid && !u.categories.empty()},
             {"categories",
              t.is_grid ? std::string()
                        : daily::categories_text(json(u.categories), t.templates->locale())},
             {"found", found}});
}

// A resident's zero report or anomaly in their grid's group.
void Conversation::on_report(Turn& t) {
    std::optional<store::HouseholdRef> household;
    auto overlay = bound_in_batch_.find(t.sender_key);
    if (overlay == bound_in_batch_.end()) {
        household = ctx_.reports.member_household(t.in.msg.channel, t.in.msg.sender_id);
    } else if (overlay->second) {
        household = ctx_.store.household_by_id(*overlay->second);
    }
    bool bound_now = false;
    if (t.parsed.room && (!household || t.parsed.for_another)) {
        // A report naming a room of this grid is accepted for it and binds an unbound
        // sender, unless the room is another household's (隔壁1503的徐大爷…, 帮802的王奶奶报):
        // that household's report, whoever sent it, and no binding.
        if (auto named = ctx_.store.household(t.group.node, *t.parsed.room)) {
            if (!household && !t.parsed.for_another) {
                bind(t, t.in.msg.sender_id, t.in.msg.sender_name, *named);
                bound_now = true;
            }
            household = named;
        }
    }
    if (!household) {
        if (t.parsed.kind != parse::Kind::Chatter) on_unregistered_report(t);
        return;
    }
    // A bare "ok" from a household that has already reported today acknowledges
    // something else; before its report it may be the report, and is asked about.
    if (t.parsed.why == "bare_ok" &&
        ctx_.days.reported(ctx_.days.day_of(from_unix_seconds(t.in.received_at)), household->id))
        return;
    const double ask_below = t.cfg->ask_below;
    if (t.parsed.confidence < ask_below && !detail::asks_nothing(t.parsed)) {
        if (bound_now) t.reply("register_ok", {{"room", household->address}});
        ask(t, *household);
        return;
    }
    if (t.parsed.kind == parse::Kind::Chatter) return;
    record_report(t.in, *household, t.parsed, false);
    if (bound_now) {
        t.reply("report_bound", {{"room", household->address}});
    } else if (daily::resolve_schedule(*t.cfg, t.group.node).reply_each_report) {
        t.reply("report_received",
                {{"room", household->address}, {"is_zero", t.parsed.kind == parse::Kind::Zero}});
    }
}

// A report from someone bound to no household. An anomaly is never dropped:
// the staff get it unattributed, with the sender's name and words; the group
// only a request for the room. A zero report gets the how-to, once a day per sender.
void Conversation::on_unregistered_report(Turn& t) {
    std::string day = ctx_.days.day_of(from_unix_seconds(t.in.received_at));
    if (day > hint_day_) {
        // A new day: yesterday's hints are forgotten, today's kept.
        std::erase_if(told_to_register_, [&](const auto& kv) { return kv.second < day; });
        hint_day_ = day;
    }
    if (t.parsed.kind == parse::Kind::Anomaly && ctx_.incidents) {
        ctx_.incidents->on_unattributed(
            {t.group.node,
             {t.sender_key, t.in.msg.sender_name, t.in.msg.text, t.parsed.room},
             t.parsed.categories,
             t.parsed.temperature,
             from_unix_seconds(t.in.received_at)});
        told_to_register_[t.sender_key] = day;
        t.reply("anomaly_unregistered",
                {{"room", t.parsed.room.value_or("")}, {"has_room", t.parsed.room.has_value()}});
        return;
    }
    auto& last = told_to_register_[t.sender_key];
    if (last != day) {
        last = day;
        t.reply("how_to_register", json::object());
    }
}

}  // namespace gridbot::conversation
