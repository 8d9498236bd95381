#pragma once
// Incidents in the running daemon (DESIGN.md §6): opens, joins and reopens
// incidents from anomaly reports and clusters them (reports.cpp), fires due
// escalation steps on a tick, and takes leaders' acknowledgements and
// resolutions from chat and the API. The state machine itself is incident.h;
// this is its I/O; compose.cpp writes its messages.
//
// Once only: a step's messages are queued with idempotency keys
// ("incident:<id>:step:<n>:<channel>/<group>") before the incident's new state
// is written, and the writer commits jobs in submission order. A crash between
// the two fires the step again after a restart and the keys drop the copies; a
// crash before both fires it then; after both, it is done. One mutex
// serialises every read-modify-write of incidents (conversation, tick, API).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/core/ticker.h"
#include "bot/incidents/calendar.h"
#include "bot/incidents/incident.h"
#include "bot/incidents/record.h"
#include "bot/privacy/policy.h"
#include "bot/store/incidents.h"
#include "bot/store/messages.h"

namespace gridbot::incidents {

struct ServiceContext {
    store::Store& store;
    store::Messages& messages;
    Clock& clock;
    std::function<std::shared_ptr<const config::Config>()> config;
    std::function<std::shared_ptr<const compose::Templates>()> templates;
    std::function<void()> queued;  // wakes the dispatcher
    std::shared_ptr<const WorkCalendar> calendar;
    // Whether this daemon runs the timers now (store::Leadership); empty: always.
    std::function<bool()> leading = {};
};

// Anomalies a household reported (by itself or through its grid leader).
struct AnomalyReport {
    store::HouseholdRef household;
    std::vector<std::string> categories;
    std::optional<double> temperature;
    TimePoint at{};
};

// An anomaly from a sender no household is bound to, in a residents' grid
// group: the room it named is not in the grid's ledger, or it named none.
struct UnattributedReport {
    std::string grid_code;
    store::Reporter reporter;
    std::vector<std::string> categories;
    std::optional<double> temperature;
    TimePoint at{};
};

enum class Act { Acknowledge, Resolve };

// Where the calendar file is: as given, else under the source tree (tests, `make run`).
std::string resolve_calendar_path(const std::string& path);

class Service {
  public:
    // Every timer due at or before this clock time has fired (Ticker::ticked_to).
    TimePoint ticked_to() const { return ticker_.ticked_to(); }
    explicit Service(ServiceContext ctx);
    ~Service();
    // Polls the clock every 200 ms of real time; the first tick runs before start() returns.
    void start();
    void stop();

    // One report, one incident: joins the household's open or acknowledged
    // incident (which gains the report's new categories and, when the report
    // is more severe, that severity's chain), else reopens its newest resolved
    // one when they share a category, else opens one carrying every category
    // at the highest severity among them. Opens clusters and fires the steps
    // due at once (posted as the opening, once per group).
    void on_anomaly(const AnomalyReport& report);
    // An unattributed incident for the grid (no household): the staff see the
    // reporter's name and text. The same reporter's next anomaly joins it.
    void on_unattributed(const UnattributedReport& report);
    // `reporter` ("<channel>:<user id>") is now bound to `household`: their open
    // unattributed incidents become the household's.
    void attribute(const std::string& reporter, const store::HouseholdRef& household,
                   TimePoint now);
    // `收到 #17`, `办结 #17 remark` from a chat message: the reply (confirmation
    // or polite refusal) to the group it came from.
    std::vector<store::OutboxItem> on_command(const store::StoredInbound& in,
                                              const std::string& command,
                                              const nlohmann::json& args);
    // From the API or chat. Errors: incident.not_found, incident.already_*.
    Result<store::IncidentRow> act(int64_t id, Act act, const std::string& actor,
                                   const std::string& via, const std::string& remark);
    // An act from the API or the dashboard, told in the staff groups nearest the
    // incident's node (where its opening was posted), as a leader's `收到 #N`
    // in chat is answered there.
    void announce(const store::IncidentRow& row, Act act, const std::string& actor,
                  const std::string& remark);
    // Fires every step due at `now`; returns the number of steps fired.
    int tick(TimePoint now);

    store::Incidents& incidents() { return incidents_; }
    // The API's view of an incident; the contact's name and phone as `audience`
    // (the reader's audience for a household's grid) sees them.
    nlohmann::json describe(
        const store::IncidentRow& row, bool with_timeline,
        const std::function<privacy::Audience(const std::string& grid)>& audience);

  private:
    using Loaded = Record;
    Loaded load(const store::IncidentRow& row) const;
    store::IncidentRow to_row(const Loaded& l, TimePoint now) const;
    Policy policy_for(const config::Config& cfg, const std::string& severity) const;
    // The messages of one firing: each group once (a group reached again only
    // gains the level's @mentions).
    struct Posts {
        std::vector<store::OutboxItem> items;
        std::map<const config::Group*, size_t> at;  // group -> its item
    };
    // Escalates what is due and queues the messages; the futures complete after COMMIT.
    // Steps due at the (re)opening instant are posted as the incident itself.
    // With `prelude_key`, the incident is first posted again at its current level
    // (a reopening, a raise, new categories: Record::update says which).
    // Returns the number of escalations fired.
    size_t fire(Loaded& l, TimePoint now, const config::Config& cfg, const compose::Templates& t,
                std::vector<std::future<int>>& queued, std::vector<std::future<void>>& written,
                const std::string* prelude_key = nullptr);
    // The messages of one escalation (compose.cpp): the post to `e.level`'s group, and when
    // the level rose after the opening, the note to the level below. `key` is the step's
    // idempotency key.
    void compose(const Loaded& l, const Escalation& e, Level below, bool first,
                 const std::string& key, const config::Config& cfg, const compose::Templates& t,
                 Posts& posts);
    // A report joining (or reopening) `l`: it gains the report's new categories,
    // a higher severity's chain, the latest fever reading, and is posted again
    // at its level when any of that (or the reopening) happened. Returns the
    // categories it gained.
    std::vector<std::string> join_report(Loaded& l, const std::vector<std::string>& categories,
                                         std::optional<double> temperature, bool reopening,
                                         TimePoint now, const config::Config& cfg,
                                         const compose::Templates& t);
    // Writes a new incident (`l.row` filled but for its id) and fires what is due at once.
    void open_incident(const config::Config& cfg, Loaded& l, TimePoint now);
    // A new symptom `category` in `grid`: opens or grows the clusters of the grid and its
    // community.
    void check_clusters(const config::Config& cfg, const std::string& grid,
                        const std::string& category, TimePoint now);
    void check_cluster(const config::Config& cfg, const std::string& node,
                       const std::string& category, int threshold, TimePoint now);
    void settle(std::vector<std::future<int>>& queued, std::vector<std::future<void>>& written);
    ServiceContext ctx_;
    store::Incidents incidents_;
    std::mutex mu_;  // every read-modify-write of incidents
    // Tests only, with the manual clock: GRIDBOT_DEBUG_CRASH_AFTER=incident:<n> makes
    // the daemon _exit after the n-th step's messages commit and before its state does.
    int crash_after_ = -1;
    int fired_total_ = 0;
    Ticker ticker_{"incident_tick", ctx_.clock, [this](TimePoint now) { tick(now); },
                   ctx_.leading};  // last: stops first
};

}  // namespace gridbot::incidents
