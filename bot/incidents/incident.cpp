#include "bot/incidents/incident.h"

#include <algorithm>
#include <stdexcept>

namespace gridbot::incidents {

std::string_view state_name(State s) {
    switch (s) {
        case State::Open:
            return "open";
        case State::Acknowledged:
            return "acknowledged";
        case State::Resolved:
            return "resolved";
    }
    return "?";
}

namespace {

TimePoint step_due(const Incident& inc, const Step& s, const WorkCalendar& cal) {
    return s.working_time ? cal.add_working_time(inc.opened_at, s.after) : inc.opened_at + s.after;
}

bool is_above(Level a, Level b) { return static_cast<int>(a) < static_cast<int>(b); }

void record(Incident& inc, TimePoint at, State from, std::string action, std::string actor,
            std::string via, std::string remark) {
    inc.timeline.push_back({at, from, inc.state, std::move(action), std::move(actor),
                            std::move(via), std::move(remark), inc.level});
    check_invariants(inc);
}

}  // namespace

void check_invariants(const Incident& inc) {
    auto fail = [&](const char* what) {
        throw std::logic_error("incident " + std::to_string(inc.id) + " (" +
                               std::string(state_name(inc.state)) + "): " + what);
    };
    switch (inc.state) {
        case State::Open:
            if (inc.acknowledged_at || inc.resolved_at)
                fail("open with an acknowledgement or resolution");
            break;
        case State::Acknowledged:
            if (!inc.acknowledged_at || inc.resolved_at)
                fail("acknowledged without acknowledged_at, or resolved");
            break;
        case State::Resolved:
            if (!inc.resolved_at) fail("resolved without resolved_at");
            break;
    }
    if (inc.next_step > inc.policy.steps.size()) fail("next_step past the end of the chain");
    for (size_t i = 1; i < inc.timeline.size(); ++i) {
        if (is_above(inc.timeline[i - 1].level, inc.timeline[i].level))
            fail("the level reached went down");
    }
}

Incident open(int64_t id, std::string category, Policy policy, TimePoint now) {
    Incident inc;
    inc.id = id;
    inc.category = std::move(category);
    inc.policy = std::move(policy);
    inc.opened_at = now;
    inc.level = Level::Grid;
    record(inc, now, State::Open, "open", "household", "chat", "");
    return inc;
}

std::optional<Escalation> next_escalation(const Incident& inc, const WorkCalendar& cal) {
    switch (inc.state) {
        case State::Resolved:
            return std::nullopt;
        case State::Open:
            for (size_t i = inc.next_step; i < inc.policy.steps.size(); ++i) {
                const Step& s = inc.policy.steps[i];
                return Escalation{s.level, step_due(inc, s, cal), false};
            }
            return std::nullopt;
        case State::Acknowledged:
            if (inc.level == Level::District || !inc.resolve_deadline) return std::nullopt;
            return Escalation{static_cast<Level>(static_cast<int>(inc.level) - 1),
                              *inc.resolve_deadline, true};
    }
    return std::nullopt;
}

std::vector<Escalation> escalate_due(Incident& inc, TimePoint now, const WorkCalendar& cal) {
    std::vector<Escalation> fired;
    while (auto e = next_escalation(inc, cal)) {
        if (e->due > now) break;
        State from = inc.state;
        if (e->after_acknowledgement) {
            // Acknowledged but not resolved in time: one level up, and a new deadline.
            inc.resolve_deadline = inc.policy.resolve_working_time
                                       ? cal.add_working_time(e->due, inc.policy.resolve_within)
                                       : e->due + inc.policy.resolve_within;
        } else {
            ++inc.next_step;
        }
        if (is_above(e->level, inc.level)) inc.level = e->level;
        record(inc, e->due, from, "escalate", "system", "scheduler",
               e->after_acknowledgement ? "resolve deadline passed" : "");
        fired.push_back(*e);
    }
    return fired;
}

Result<bool> acknowledge(Incident& inc, TimePoint now, const std::string& actor,
                         const std::string& via, const std::string& remark,
                         const WorkCalendar& cal) {
    if (inc.state == State::Resolved)
        return Error{"incident.already_resolved", "incident is resolved"};
    if (inc.state == State::Acknowledged)
        return Error{"incident.already_acknowledged", "incident is already acknowledged"};
    State from = inc.state;
    inc.state = State::Acknowledged;
    inc.acknowledged_at = now;
    inc.resolve_deadline = inc.policy.resolve_working_time
                               ? cal.add_working_time(now, inc.policy.resolve_within)
                               : now + inc.policy.resolve_within;
    record(inc, now, from, "acknowledge", actor, via, remark);
    return true;
}

Result<bool> resolve(Incident& inc, TimePoint now, const std::string& actor, const std::string& via,
                     const std::string& remark) {
    if (inc.state == State::Resolved)
        return Error{"incident.already_resolved", "incident is already resolved"};
    State from = inc.state;
    inc.state = State::Resolved;
    inc.resolved_at = now;
    record(inc, now, from, "resolve", actor, via, remark);
    return true;
}

namespace {

// The chain starts again at `now`, above the level already reached.
void restart_chain(Incident& inc, TimePoint now) {
    inc.opened_at = now;
    inc.next_step = 0;
    while (inc.next_step < inc.policy.steps.size() &&
           !is_above(inc.policy.steps[inc.next_step].level, inc.level)) {
        ++inc.next_step;
    }
}

}  // namespace

Result<bool> reopen(Incident& inc, TimePoint now) {
    if (inc.state != State::Resolved)
        return Error{"incident.not_resolved", "only a resolved incident reopens"};
    State from = inc.state;
    inc.state = State::Open;
    inc.acknowledged_at.reset();
    inc.resolved_at.reset();
    inc.resolve_deadline.reset();
    restart_chain(inc, now);
    record(inc, now, from, "reopen", "household", "chat", "");
    return true;
}

Result<bool> join(Incident& inc, TimePoint now, const std::string& added,
                  std::optional<Policy> raised, const WorkCalendar& cal) {
    if (inc.state == State::Resolved)
        return Error{"incident.already_resolved", "a resolved incident reopens"};
    if (raised) {
        inc.policy = std::move(*raised);
        if (inc.state == State::Open) {
            restart_chain(inc, now);
        } else if (inc.resolve_deadline) {
            TimePoint sooner = inc.policy.resolve_working_time
                                   ? cal.add_working_time(now, inc.policy.resolve_within)
                                   : now + inc.policy.resolve_within;
            inc.resolve_deadline = std::min(*inc.resolve_deadline, sooner);
        }
    }
    record(inc, now, inc.state, "join", "household", "chat",
           raised ? added + " (" + inc.policy.severity + ")" : added);
    return true;
}

void annotate(Incident& inc, TimePoint now, std::string action, std::string actor, std::string via,
              std::string remark) {
    record(inc, now, inc.state, std::move(action), std::move(actor), std::move(via),
           std::move(remark));
}

}  // namespace gridbot::incidents
