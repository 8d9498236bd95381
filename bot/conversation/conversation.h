#pragma once
// The conversation: what happens to a message after it is recorded. One
// thread takes recorded, unprocessed messages in arrival order and runs
// identify (sender -> leader or household) -> understand (parser) -> decide ->
// compose (templates) -> outbox. Each message is marked processed in the same
// transaction that queues its replies, so a crash neither loses nor doubles a
// reply. Residents' zero reports from the platforms' hooks skip this thread:
// the hook route stores them itself (quick.h).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/core/metrics.h"
#include "bot/daily/day_book.h"
#include "bot/incidents/service.h"
#include "bot/notices/service.h"
#include "bot/parse/parser.h"
#include "bot/store/messages.h"
#include "bot/store/reports.h"

namespace gridbot::conversation {

namespace detail {
struct Turn;
struct LeaderReport;
}  // namespace detail

struct Context {
    store::Store& store;
    store::Messages& messages;
    Clock& clock;
    Metrics& metrics;
    std::function<std::shared_ptr<const config::Config>()> config;
    std::function<std::shared_ptr<const parse::Parser>()> parser;
    std::function<std::shared_ptr<const compose::Templates>()> templates;
    std::function<void()> replies_queued;  // wakes the dispatcher
    store::Reports& reports;
    daily::DayBook& days;                     // the day's counters, updated on every report
    incidents::Service* incidents = nullptr;  // anomalies open incidents; leaders act on them
    notices::Service* notices = nullptr;  // acknowledgements and calls done (may be null in tests)
    // Whether this daemon handles the stored messages now (store::Leadership):
    // one consumer across the daemons of a database. Empty: always.
    std::function<bool()> leading = {};
};

class Conversation {
  public:
    explicit Conversation(Context ctx);
    ~Conversation();
    void start();
    // Something was recorded: look now.
    void notify();
    void stop();
    uint64_t processed() const { return processed_.load(); }

    // Decides the replies to one message (pure apart from store reads and the
    // writes it submits: bindings and reports). Those writes are not awaited
    // here: flush() waits for them and applies the reports to the day's
    // counters, so a batch of messages shares its group commits. Exposed for tests.
    std::vector<store::OutboxItem> handle(const store::StoredInbound& in);
    void flush();

  private:
    void run();
    // One handler per kind of message (commands.cpp); handle() picks one.
    void on_unbind(detail::Turn& t);
    void on_help(detail::Turn& t);
    void on_summary(detail::Turn& t);
    void on_register(detail::Turn& t);
    void on_incident_command(detail::Turn& t);
    void on_proxy(detail::Turn& t);
    void on_correct(detail::Turn& t);
    std::optional<detail::LeaderReport> leader_report(detail::Turn& t, const std::string& command,
                                                      const char* what, const char* bad);
    // A resident's 1 / 2 to the question asked about their message today
    // (clarify.cpp); false when the message is not such an answer.
    bool on_answer(detail::Turn& t);
    // A resident's message understood below [parser] ask_below: asked, not taken.
    void ask(detail::Turn& t, const store::HouseholdRef& household);
    void on_report(detail::Turn& t);
    void on_unregistered_report(detail::Turn& t);
    // Binds `user` to the household (submitted, awaited by flush()).
    void bind(detail::Turn& t, const std::string& user, const std::string& name,
              const store::HouseholdRef& household);
    // Stores a report for the household and updates the day's counters.
    void record_report(const store::StoredInbound& in, const store::HouseholdRef& household,
                       const parse::Understanding& report, bool by_leader);

    Context ctx_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool pending_ = true;
    std::atomic<uint64_t> processed_{0};
    // The group a message came from; an index rebuilt when the configuration changes
    // (a district has thousands of groups: no linear scan per message).
    const config::Group* group_of(const std::shared_ptr<const config::Config>& cfg,
                                  const std::string& channel, const std::string& id);
    std::shared_ptr<const config::Config> indexed_cfg_;
    std::unordered_map<std::string, const config::Group*> group_index_;

    // The member's household: bindings submitted in this batch first, then the store.
    std::optional<int64_t> household_of(const std::string& channel, const std::string& user);

    // Only the conversation thread touches these (handle() runs there).
    struct PendingReport {
        std::future<store::StatusChange> change;
        std::string day, grid;
        int64_t household_id = 0;
    };
    std::vector<PendingReport> pending_reports_;
    std::vector<std::future<std::optional<int64_t>>> pending_binds_;
    std::vector<std::future<void>> pending_finishes_;
    std::vector<std::future<int64_t>> pending_appends_;             // corrections, questions asked
    std::vector<std::future<void>> pending_settles_;                // questions answered
    std::map<std::string, std::optional<int64_t>> bound_in_batch_;  // "channel:user" -> household
    std::map<std::string, int64_t> pending_moves_;  // "channel:user" -> household asked to move to
    std::map<std::string, std::string> told_to_register_;  // "channel:user" -> day of the last hint
    std::string hint_day_;  // the newest day told_to_register_ holds hints of
};

}  // namespace gridbot::conversation
