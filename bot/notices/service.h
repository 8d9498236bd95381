#pragma once
// The notices workflow (DESIGN §7): issue (fan-out through the outbox, one
// delivery per group, key notice:<id>:<channel>/<group>), acknowledgements
// and call-done marks read from the groups, reminders on a durable timer, and
// the issuer's progress by level.
//
// Durable timer: a notice's reminder time is stored with it (remind_at); a
// thread looks every 200 ms of real time for notices whose time has come on
// the daemon Clock, and queues the reminders, marks each group reminded and
// the notice done in one transaction. Keys notice:<id>:remind:<group> make a
// repeat after a crash a no-op in the outbox.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/core/metrics.h"
#include "bot/core/notice.h"
#include "bot/core/ticker.h"
#include "bot/store/messages.h"
#include "bot/store/notices.h"

namespace gridbot::notices {

struct ServiceContext {
    store::Store& store;
    store::Notices& notices;
    Clock& clock;
    std::function<std::shared_ptr<const config::Config>()> config;
    std::function<std::shared_ptr<const compose::Templates>()> templates;
    std::function<void()> queued;  // wakes the dispatcher
    Metrics* metrics = nullptr;    // notices issued, acknowledgements, reminders, calls done
    // Whether this daemon runs the timers now (store::Leadership); empty: always.
    std::function<bool()> leading = {};
};

class Service {
  public:
    // Every timer due at or before this clock time has fired (Ticker::ticked_to).
    TimePoint ticked_to() const { return ticker_.ticked_to(); }
    explicit Service(ServiceContext ctx);
    ~Service();
    void start();
    void stop();

    // Validates, chooses the groups (an update or cancel: exactly the groups
    // the referenced notice was sent to), and writes the notice with all its
    // deliveries and call lists in one transaction. notice.no_groups when the
    // subtree has no group of the audience.
    Result<store::IssuedNotice> issue(Draft draft, const std::string& issued_by);

    // The issuer's view: totals, by street and community, unacknowledged and
    // failed groups, call list progress. Null when there is no such notice.
    nlohmann::json progress(int64_t id);
    // The heads of Notices::list's page (newest first, within `node`).
    std::vector<nlohmann::json> list(const std::string& node, size_t limit,
                                     std::optional<int64_t> before);

    // A message in a group: a leader's `收到` / `收到 第N号` acknowledges for
    // the group; `已通知 <room>` from the room's grid leader (in any group at or
    // above the grid, usually the staff group that got the call list) marks
    // the call done. `leader_node`: the node of the sender if the conversation
    // found them a leader of this group, else empty. nullopt: not ours, the
    // conversation goes on with it.
    std::optional<std::vector<store::OutboxItem>> on_message(const store::StoredInbound& in,
                                                             const std::string& group_node,
                                                             const std::string& leader_node);

    // POST /api/v1/notices/<id>/calls/<household>/done: the calls left, or
    // nullopt when that call is not open.
    std::optional<int64_t> call_done(int64_t id, int64_t household_id, const std::string& by);

    // Queues the reminders due at `now`; returns how many.
    int tick(TimePoint now);

  private:
    void count(const std::string& name, const std::string& help,
               const std::vector<std::pair<std::string, std::string>>& labels, uint64_t n = 1);
    nlohmann::json text_data(const store::NoticeRecord& n,
                             const std::optional<store::NoticeRecord>& ref);

    ServiceContext ctx_;
    Ticker ticker_{"notice_reminder", ctx_.clock, [this](TimePoint now) { tick(now); },
                   ctx_.leading};  // last: stops first
};

// A notice's progress as Service::progress answers it, from the store alone
// (`gridbot export notice-progress` runs without a daemon). Null when there is
// no such notice.
nlohmann::json progress_of(store::Store& store, store::Notices& notices, const config::Config& cfg,
                           int64_t id);
// The display name of a node: the district's configured name, the store's
// (imported ledger) name, the config's, else the code.
std::string node_name(store::Store& store, const config::Config& cfg, const std::string& code);

}  // namespace gridbot::notices
