#pragma once
// Internal to bot/delivery: the dispatcher's durability stage. Outcomes and
// "sending" marks are committed in rounds; a row's network call starts only
// after the round that marks it is durable, so after a crash only rows that
// were in flight can be sent twice. A few rounds at once let the writer merge
// them into one transaction (group commit); they complete in order.
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "bot/delivery/transport.h"
#include "bot/store/messages.h"

namespace gridbot::delivery::detail {

class CommitRounds {
  public:
    explicit CommitRounds(store::Messages& messages) : messages_(messages) {}

    // An outcome to commit; `channel` is the row's, to free its slot once durable.
    void outcome(store::Completion c, const std::string& channel);
    // A row chosen to start: it starts once its "sending" mark is durable.
    void picked(std::unique_ptr<Transfer> tr);
    // Starts a commit of the outcomes so far and the picked rows' marks.
    void commit(int64_t now_ms);

    // What a durable round frees and starts.
    struct Durable {
        std::vector<std::string> channels;  // one per committed outcome
        std::vector<std::unique_ptr<Transfer>> starting;
    };
    // Hands each completed round, oldest first, to `durable`; with `block`,
    // waits for all. A round that failed to commit is retried with the next.
    template <typename F>
    void finish(bool block, F&& durable);

    bool committing() const { return !rounds_.empty(); }
    bool idle() const { return rounds_.empty() && done_.empty(); }
    // At stop: rows only picked are still "queued" in the store.
    void drop_picked() { picked_.clear(); }

  private:
    static constexpr size_t kMaxRounds = 4;
    struct Round {
        std::future<void> commit;
        std::vector<store::Completion> completions;
        Durable durable;
    };
    // True when the round is durable; otherwise its content is back in line.
    bool settle(Round& round);

    store::Messages& messages_;
    std::vector<store::Completion> done_;  // outcomes not yet committed
    std::vector<std::string> done_channels_;
    std::vector<std::unique_ptr<Transfer>> picked_;  // chosen, not yet marked sending
    std::deque<Round> rounds_;
};

template <typename F>
void CommitRounds::finish(bool block, F&& durable) {
    while (!rounds_.empty()) {
        Round& r = rounds_.front();
        if (!block && r.commit.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;
        Durable d;
        if (settle(r)) d = std::move(r.durable);
        rounds_.pop_front();
        if (!d.channels.empty() || !d.starting.empty()) durable(std::move(d));
    }
}

}  // namespace gridbot::delivery::detail
