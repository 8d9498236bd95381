#pragma once
// Incidents and their escalation (DESIGN.md §6). Pure state: no store, no
// clock, no messages; the caller records what these functions return.
//
//                 acknowledge                 resolve
//      ┌──────┐ ─────────────▶ ┌──────────────┐ ─────────▶ ┌──────────┐
//      │ open │                │ acknowledged │            │ resolved │
//      └──────┘ ───────────────┴──── resolve ─┴──────────▶ └──────────┘
//        ▲  │ escalate (a step of the chain is due)             │
//        │  └──▶ open, one level up                             │
//        └────────────── reopen (the same anomaly again) ───────┘
//      acknowledged ── resolve deadline passed ──▶ acknowledged, one level up
//      open, acknowledged ── join (the household reports more) ──▶ the same state
//
// | from         | event                         | to           | function      |
// |--------------|-------------------------------|--------------|---------------|
// | open         | a chain step is due           | open         | escalate()    |
// | open         | leader acknowledges           | acknowledged | acknowledge() |
// | open         | leader resolves               | resolved     | resolve()     |
// | acknowledged | resolve deadline passed       | acknowledged | escalate()    |
// | acknowledged | leader resolves               | resolved     | resolve()     |
// | resolved     | household reports it again    | open         | reopen()      |
// | open         | household reports more        | open         | join()        |
// | acknowledged | household reports more        | acknowledged | join()        |
//
// The chain's steps at after = 0 are part of the opening (and of a reopening
// or a raise): escalate_due() takes them at once, and the service posts them
// as the incident itself, once per group, never as 提级督办.
//
// Invariants (check_invariants(), asserted after every transition):
//  - open:         no acknowledgement and no resolution recorded;
//  - acknowledged: acknowledged_at set, resolved_at not;
//  - resolved:     resolved_at set;
//  - the level reached only ever rises (grid → community → street → district),
//    and next_step never passes the end of the chain.
// Held by construction, not checked by check_invariants() (it sees one
// incident, not the configuration it came from):
//  - the chain is frozen when the incident opens: a configuration reload
//    does not rewrite running incidents; only a more severe report joining
//    it replaces the chain (join() with a raised policy).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/incidents/calendar.h"

namespace gridbot::incidents {

enum class State { Open, Acknowledged, Resolved };
std::string_view state_name(State);

using config::Level;  // District = 0 … Grid = 3: "up" is a smaller number

struct Step {
    Level level = Level::Grid;
    std::chrono::seconds after{0};  // since the incident opened
    bool working_time = false;
};

struct Policy {
    std::string severity;                        // "urgent", "normal"
    std::vector<Step> steps;                     // in order of `after`
    std::chrono::seconds resolve_within{86400};  // after acknowledgement
    bool resolve_working_time = true;
};

struct TimelineEntry {
    TimePoint at;
    State from, to;
    std::string
        action;  // "open", "escalate", "acknowledge", "resolve", "reopen", "join", "attribute"
    std::string actor;  // a leader's name, "system", or "household"
    std::string via;    // channel name, "api", or "scheduler"
    std::string remark;
    Level level = Level::Grid;  // the level reached after the entry
};

struct Incident {
    int64_t id = 0;
    State state = State::Open;
    std::string category;  // the first of the most severe (the store keeps them all)
    Policy policy;         // frozen at open
    TimePoint opened_at{};
    size_t next_step = 0;  // first step of the chain not yet taken
    Level level = Level::Grid;
    std::optional<TimePoint> acknowledged_at, resolved_at, resolve_deadline;
    std::vector<TimelineEntry> timeline;
};

// An escalation that is due: the incident goes to `level`'s group, marked 提级督办.
struct Escalation {
    Level level = Level::Grid;
    TimePoint due{};
    bool after_acknowledgement = false;  // the resolve deadline passed
};

// Opens an incident at `now`. Call escalate_due(inc, now, …) right after to
// take the steps due at once (e.g. urgent: grid and community immediately).
Incident open(int64_t id, std::string category, Policy policy, TimePoint now);

// The next escalation of this incident and when it falls due, if any.
std::optional<Escalation> next_escalation(const Incident& inc, const WorkCalendar& cal);

// Applies every escalation due by `now`, in order; returns them (for messages).
std::vector<Escalation> escalate_due(Incident& inc, TimePoint now, const WorkCalendar& cal);

// Leader actions. Errors are values: "incident.already_resolved", ...
Result<bool> acknowledge(Incident& inc, TimePoint now, const std::string& actor,
                         const std::string& via, const std::string& remark,
                         const WorkCalendar& cal);
Result<bool> resolve(Incident& inc, TimePoint now, const std::string& actor, const std::string& via,
                     const std::string& remark);
// The household reported the same anomaly after resolution.
Result<bool> reopen(Incident& inc, TimePoint now);
// The household reported again while the incident is open or acknowledged and
// the report adds something: `added` (the new categories) is the timeline's
// remark. With `raised` (the policy of a higher severity), that chain replaces
// the frozen one, counted from `now` and above the level already reached, as
// after a reopening; an acknowledged incident stays acknowledged and its
// resolve deadline becomes the sooner of the old one and the new policy's.
// Errors: incident.already_resolved.
Result<bool> join(Incident& inc, TimePoint now, const std::string& added,
                  std::optional<Policy> raised, const WorkCalendar& cal);
// A fact that changes no state (e.g. "attribute": an unregistered reporter
// registered and the incident now has their household), as a timeline entry.
void annotate(Incident& inc, TimePoint now, std::string action, std::string actor, std::string via,
              std::string remark);

// Throws std::logic_error naming the broken invariant (a bug, never input).
void check_invariants(const Incident& inc);

}  // namespace gridbot::incidents
