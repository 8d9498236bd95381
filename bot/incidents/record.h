#pragma once
// An incident as the store keeps it: the row's columns (state, level, the
// indexed next due time) beside the state machine's other fields as JSON in
// `machine` (the chain frozen at open, the next step, the times). The
// timeline is not loaded back: new entries are appended to the store.
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "bot/incidents/calendar.h"
#include "bot/incidents/incident.h"
#include "bot/store/incidents.h"

namespace gridbot::incidents {

struct Record {
    store::IncidentRow row;
    Incident inc;
    int round = 0;      // chain restarts so far (reopenings, raises): part of the step keys
    int deadlines = 0;  // escalations after acknowledgement so far
    int joins = 0;      // reports that added categories so far: part of their update's key
    // Not stored: why the incident is posted again now ("reopened", "raised",
    // "joined", "attributed"; empty: the chain's own steps) and the category
    // labels it gained.
    std::string update;
    std::string added;
};

// Throws on a machine that does not parse or breaks an invariant (a bug, never input).
Record load_record(const store::IncidentRow& row);
// The row to write: state, level, machine JSON and the next escalation's due
// time (whole seconds, rounded up, so a row due by the index is due to the machine).
store::IncidentRow record_row(const Record& r, const WorkCalendar& calendar, TimePoint now);
// The timeline entries not yet stored, as rows; clears them from `inc`.
std::vector<store::TimelineRow> take_timeline(Incident& inc);
std::optional<State> state_from_int(int s);

}  // namespace gridbot::incidents
