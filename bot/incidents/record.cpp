#include "bot/incidents/record.h"

namespace gridbot::incidents {

using nlohmann::json;

namespace {

int64_t ceil_seconds(TimePoint t) {
    auto s = std::chrono::ceil<std::chrono::seconds>(t.time_since_epoch());
    return s.count();
}

std::optional<int64_t> opt_time(const json& j, const char* key) {
    if (!j.contains(key) || j[key].is_null()) return std::nullopt;
    return j[key].get<int64_t>();
}

json time_or_null(const std::optional<TimePoint>& t) {
    return t ? json(unix_seconds(*t)) : json(nullptr);
}

store::TimelineRow timeline_row(const TimelineEntry& e) {
    return {unix_seconds(e.at),
            std::string(state_name(e.from)),
            std::string(state_name(e.to)),
            e.action,
            e.actor,
            e.via,
            e.remark,
            static_cast<int>(e.level)};
}

}  // namespace

std::optional<State> state_from_int(int s) {
    if (s < 0 || s > 2) return std::nullopt;
    return static_cast<State>(s);
}

std::vector<store::TimelineRow> take_timeline(Incident& inc) {
    std::vector<store::TimelineRow> out;
    for (const auto& e : inc.timeline) out.push_back(timeline_row(e));
    inc.timeline.clear();
    return out;
}

// The state machine as stored: what the columns do not hold.
Record load_record(const store::IncidentRow& row) {
    Record l;
    l.row = row;
    json m = json::parse(row.machine);
    Incident& inc = l.inc;
    inc.id = row.id;
    inc.state = state_from_int(row.state).value_or(State::Open);
    inc.category = row.category;
    inc.policy.severity = row.severity;
    for (const auto& s : m.at("steps")) {
        inc.policy.steps.push_back({static_cast<Level>(s.at(0).get<int>()),
                                    std::chrono::seconds(s.at(1).get<int64_t>()),
                                    s.at(2).get<bool>()});
    }
    inc.policy.resolve_within = std::chrono::seconds(m.at("resolve_within").get<int64_t>());
    inc.policy.resolve_working_time = m.at("resolve_working_time").get<bool>();
    inc.opened_at = from_unix_seconds(row.opened_at);
    inc.next_step = m.at("next_step").get<size_t>();
    inc.level = static_cast<Level>(row.level);
    if (auto t = opt_time(m, "acknowledged_at")) inc.acknowledged_at = from_unix_seconds(*t);
    if (auto t = opt_time(m, "resolved_at")) inc.resolved_at = from_unix_seconds(*t);
    if (auto t = opt_time(m, "resolve_deadline")) inc.resolve_deadline = from_unix_seconds(*t);
    l.round = m.value("round", 0);
    l.deadlines = m.value("deadlines", 0);
    l.joins = m.value("joins", 0);
    check_invariants(inc);
    return l;
}

store::IncidentRow record_row(const Record& l, const WorkCalendar& calendar, TimePoint now) {
    store::IncidentRow row = l.row;
    const Incident& inc = l.inc;
    json steps = json::array();
    for (const auto& s : inc.policy.steps) {
        steps.push_back({static_cast<int>(s.level), s.after.count(), s.working_time});
    }
    json m = {{"steps", steps},
              {"resolve_within", inc.policy.resolve_within.count()},
              {"resolve_working_time", inc.policy.resolve_working_time},
              {"next_step", inc.next_step},
              {"acknowledged_at", time_or_null(inc.acknowledged_at)},
              {"resolved_at", time_or_null(inc.resolved_at)},
              {"resolve_deadline", time_or_null(inc.resolve_deadline)},
              {"round", l.round},
              {"deadlines", l.deadlines},
              {"joins", l.joins}};
    if (l.row.machine.size()) {
        // Facts of the report kept for the messages (temperature).
        json old = json::parse(l.row.machine, nullptr, false);
        if (old.is_object() && old.contains("temperature")) m["temperature"] = old["temperature"];
    }
    row.machine = m.dump();
    row.state = static_cast<int>(inc.state);
    row.level = static_cast<int>(inc.level);
    row.opened_at = unix_seconds(inc.opened_at);
    auto next = next_escalation(inc, calendar);
    row.next_due = next ? std::optional<int64_t>(ceil_seconds(next->due)) : std::nullopt;
    row.updated_at = unix_seconds(now);
    return row;
}

}  // namespace gridbot::incidents
