#pragma once
// The daily cycle's clock-driven messages (DESIGN §5): per grid the open
// prompt, the quiet digests, the reminders and the cutoff summary; per
// community, street and district the rollups.
//
// Once only: every message has an idempotency key (kind, day, slot, group), so
// the outbox ignores a second copy; and the store keeps `done_through`, the
// time up to which every slot has run. A tick runs, in time order, every slot
// in (done_through, now] — a clock that jumps hours ahead fires each slot it
// passed once, in order — advancing done_through after each. A restart in the
// middle of a slot runs that slot again, and the keys drop what was already
// queued: no group gets a message twice, none is skipped. The first tick of a
// new database starts at "now": it does not replay the day's earlier slots.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/core/ticker.h"
#include "bot/daily/day_book.h"
#include "bot/store/messages.h"
#include "bot/store/reports.h"

namespace gridbot::daily {

enum class SlotKind { Open = 0, Digest = 1, Remind = 2, Cutoff = 3, Rollup = 4 };
std::string_view slot_kind_name(SlotKind);

struct SchedulerContext {
    store::Store& store;
    store::Messages& messages;
    store::Reports& reports;
    DayBook& days;
    Clock& clock;
    std::function<std::shared_ptr<const config::Config>()> config;
    std::function<std::shared_ptr<const compose::Templates>()> templates;
    std::function<void()> queued;  // wakes the dispatcher
    // Whether this daemon runs the timers now (store::Leadership); empty: always.
    std::function<bool()> leading = {};
};

class Scheduler {
  public:
    // Every timer due at or before this clock time has fired (Ticker::ticked_to).
    TimePoint ticked_to() const { return ticker_.ticked_to(); }
    explicit Scheduler(SchedulerContext ctx);
    ~Scheduler();
    // Polls the clock every 200 ms of real time.
    void start();
    void stop();
    // Runs every slot due in (done_through, now]; returns the number of messages queued.
    int tick(TimePoint now);

  private:
    struct Event {
        TimePoint at;
        SlotKind kind;
        int index = 0;
        std::string node;
        std::string day;
    };
    std::vector<Event> events(const config::Config& cfg, TimePoint after, TimePoint until) const;
    std::vector<store::OutboxItem> compose(const config::Config& cfg, const compose::Templates& t,
                                           const Event& e);
    SchedulerContext ctx_;
    std::optional<int64_t> done_through_;
    std::map<std::string, std::string> names_;
    // Tests only, with the manual clock: GRIDBOT_DEBUG_CRASH_AFTER=<kind>:<n> makes
    // the daemon _exit (as abruptly as kill -9) after its n-th committed message of that kind.
    std::string crash_kind_;
    int crash_after_ = -1;
    int queued_total_ = 0;
    Ticker ticker_{"scheduler", ctx_.clock, [this](TimePoint now) { tick(now); },
                   ctx_.leading};  // last: stops first
};

}  // namespace gridbot::daily
