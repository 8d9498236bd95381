#pragma once
// The morning's common case, decided on the HTTP thread (issue 6): a resident's
// zero report in a grid group. Understanding one takes about a microsecond, so
// the hook route asks here before it records a message; the writer job that
// records it then stores the report too when the sender is bound, and the
// message never waits for the conversation thread. Everything else — anomalies,
// commands, leaders' messages (notices, 解绑), unbound senders, nodes that
// answer each report — goes the whole way, as before.
//
// Why it is safe beside the conversation thread: a resident's zero report only
// turns Missing into Zero and never hides an anomaly, so it commutes with
// everything the conversation does to a household's day (DayBook::apply_zero).
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "bot/conversation/conversation.h"

namespace gridbot::conversation {

class Quick {
  public:
    explicit Quick(Context ctx);

    // Thread-safe. The zero report to store with the message, or nullopt when
    // the message must go through the conversation.
    std::optional<store::Messages::Arrival::Zero> zero_report(const InboundMessage& m,
                                                              int64_t received_at);
    // After the commit: the day's counters and the metrics the conversation
    // would have counted.
    void stored(const store::Messages::Recorded& r);

  private:
    // Per configuration: the groups whose residents' zero reports may be stored
    // here, and every leader's chat identity (a leader's message always goes the
    // whole way, whichever node they lead).
    struct Index {
        std::shared_ptr<const config::Config> cfg;
        std::unordered_set<std::string> quiet_grid_groups;  // channel \x1f group id
        std::unordered_set<std::string> leaders;            // channel \x1f user id
    };
    std::shared_ptr<const Index> index();

    Context ctx_;
    // Found once: a metrics lookup takes the registry's lock, and this runs on every request.
    Counter& stored_;
    Counter& understood_zero_;
    Counter& now_zero_;
    Counter& still_anomaly_;
    std::mutex mu_;  // one rebuild at a time
    std::atomic<std::shared_ptr<const Index>> index_;
};

}  // namespace gridbot::conversation
