#pragma once
// Incidents' durable state (DESIGN §6): one row per incident with its state
// machine as JSON (the chain frozen at open), the next escalation's due time
// (indexed: the tick reads only what is due), the timeline of transitions and
// the households a cluster gathers. Writes are writer jobs whose futures
// complete after COMMIT; reads use the reader pool and see committed data.
#include <cstdint>
#include <future>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

// Who reported an anomaly no household is bound to (personal data).
struct Reporter {
    std::string key;                  // "<channel>:<user id>"
    std::string name;                 // display name in the chat
    std::string text;                 // the message as sent
    std::optional<std::string> room;  // the room it named (not in the grid's ledger)
};

struct IncidentRow {
    int64_t id = 0;
    // None for a cluster, and for an unattributed report (then `reporter` is set).
    std::optional<int64_t> household_id;
    std::string node;                     // the household's grid, or the cluster's grid/community
    std::string category, severity;       // category: the first of the most severe
    std::vector<std::string> categories;  // every category gathered, sorted
    int state = 0;                        // incidents::State
    int level = 3;                        // config::Level reached
    bool cluster = false;
    bool green = false;
    std::string machine;  // JSON of the state machine (bot/incidents/service.cpp)
    int64_t opened_at = 0;
    std::optional<int64_t> next_due;  // unix seconds
    int64_t updated_at = 0;
    std::optional<Reporter> reporter;
};

struct TimelineRow {
    int64_t at = 0;
    std::string from, to, action, actor, via, remark;
    int level = 3;
};

// What messages about a household's incident may show (masked above grid level).
struct HouseholdContact {
    int64_t id = 0;
    std::string grid_code, address, contact, phone;
    uint16_t tags = 0;
};

// Opened at or after `from` and before `to`, unix seconds.
struct OpenedBetween {
    int64_t from = std::numeric_limits<int64_t>::min();
    int64_t to = std::numeric_limits<int64_t>::max();
};

class Incidents {
  public:
    explicit Incidents(Store& store) : store_(store) {}

    // Writes a new incident and its first timeline entries; `members` are the
    // household incidents of a cluster. Returns the new id.
    std::future<int64_t> create(IncidentRow row, std::vector<TimelineRow> timeline,
                                std::vector<int64_t> members);
    // Writes the row's state (and its household, categories and severity) and
    // appends `timeline` after the entries stored.
    std::future<void> update(IncidentRow row, std::vector<TimelineRow> timeline);
    std::future<void> add_member(int64_t cluster_id, int64_t incident_id);

    std::optional<IncidentRow> get(int64_t id);
    std::vector<TimelineRow> timeline(int64_t id);
    std::vector<int64_t> members(int64_t cluster_id);
    // Incidents whose next escalation is due at or before `t`, soonest first.
    std::vector<IncidentRow> due(int64_t t, size_t limit);
    // The household's newest incident (not a cluster), in any state.
    std::optional<IncidentRow> latest(int64_t household_id);
    // The open or acknowledged unattributed incidents `reporter` ("<channel>:<user id>") opened.
    std::vector<IncidentRow> active_unattributed(const std::string& reporter);
    // The open or acknowledged cluster of `category` at exactly `node`.
    std::optional<IncidentRow> active_cluster(const std::string& node, const std::string& category);
    // Incidents (not clusters) having `category` within `node`'s subtree opened at or after
    // `since`.
    std::vector<int64_t> opened_since(const std::string& node, const std::string& category,
                                      int64_t since);
    // Incidents within `node`'s subtree, newest first; state -1: any. A page:
    // at most `limit` rows, only those older than `before` (an incident id) if
    // given, opened within `opened` (the incidents of a period, for exports).
    std::vector<IncidentRow> list(const std::string& node, int state, size_t limit,
                                  std::optional<int64_t> before = std::nullopt,
                                  OpenedBetween opened = {});
    std::optional<HouseholdContact> household(int64_t id);

  private:
    Store& store_;
};

}  // namespace gridbot::store
