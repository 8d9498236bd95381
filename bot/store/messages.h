#pragma once
// Inbound messages, the outbox, the sandbox transcript and member bindings.
// Each function is one writer job (one savepoint in a group commit) unless it
// only reads; futures complete after the commit.
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/messages.h"
#include "bot/store/reports.h"
#include "bot/store/store.h"

namespace gridbot::store {

// 64-bit FNV-1a; stable across builds (it is stored).
int64_t hash64(std::string_view a, std::string_view b);

struct StoredInbound {
    int64_t id = 0;
    InboundMessage msg;
    int64_t received_at = 0;
};

enum class OutboxState { Queued = 0, Sending = 1, Delivered = 2, Failed = 3 };
std::string_view outbox_state_name(OutboxState);

struct OutboxItem {
    int64_t id = 0;
    std::string key;  // idempotency key, unique: "notice:74:longtai-g01"
    std::string channel;
    OutboundMessage msg;  // msg.idempotency_key == key
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    int64_t next_attempt_at = 0;  // unix ms
    int64_t created_at = 0;       // unix ms
    std::string last_error;
};

struct Completion {
    int64_t id = 0;
    OutboxState state = OutboxState::Delivered;  // Delivered, Queued (retry) or Failed
    int64_t next_attempt_at = 0;                 // for a retry
    std::string error;
    // Set for the sandbox: the transcript line written in the same transaction.
    std::optional<int64_t> sandbox_time;
};

struct OutboxCounts {
    int64_t queued = 0, sending = 0, delivered = 0, failed = 0;
};

struct SandboxLine {
    int64_t seq = 0;
    std::string group, sender, name, text;
    int64_t time = 0;
    bool from_bot = false;
};

class Messages {
  public:
    explicit Messages(Store& store) : store_(store) {}

    // A verified message as the hook route hands it over. `zero` is set when
    // the HTTP thread understood it as a resident's zero report in a grid
    // group (the morning's common case, issue 6).
    struct Arrival {
        InboundMessage msg;
        struct Zero {
            std::string day;  // local day of receipt
            std::optional<double> temperature;
        };
        std::optional<Zero> zero;
    };
    struct Recorded {
        bool fresh = false;  // new, not a repeat of a recorded message
        // A zero report from a member bound to an active household: stored with
        // its message in the same savepoint and marked processed, so the
        // conversation never takes it. Its household and the day's new status.
        std::optional<HouseholdRef> reported;
        std::string day;  // the report's local day
        DayStatus after = DayStatus::Missing;
    };
    // Records messages not seen before. Everything not stored as a report here
    // (not a zero report, an unbound sender, a repeat) is left unprocessed for
    // the conversation. Durable when the future completes.
    std::future<std::vector<Recorded>> record_inbound(std::vector<Arrival> msgs, int64_t now);
    std::vector<StoredInbound> pending_inbound(size_t limit);
    // Marks the message processed and queues its replies, atomically: a crash
    // either redoes both or neither.
    std::future<void> finish_inbound(int64_t inbound_id, std::vector<OutboxItem> replies,
                                     int64_t now_ms);

    // Queues messages; a key already present is ignored. Returns how many were new.
    std::future<int> enqueue(std::vector<OutboxItem> items, int64_t now_ms);
    // Queued rows with id > after_id, oldest first, due or not (the dispatcher
    // keeps them and their retry times in memory).
    std::vector<OutboxItem> queued_after(int64_t after_id, size_t limit);
    // Marks rows sending (attempts + 1) before their network call.
    std::future<void> mark_sending(std::vector<int64_t> ids, int64_t now_ms);
    std::future<void> complete(std::vector<Completion> done, int64_t now_ms);
    // complete() and mark_sending() in one transaction: the dispatcher's one
    // commit per round.
    std::future<void> record_dispatch(std::vector<Completion> done, std::vector<int64_t> sending,
                                      int64_t now_ms);
    // After a crash: rows left "sending" were in flight; they go back to queued.
    int resume_in_flight(int64_t now_ms);
    OutboxCounts outbox_counts();
    std::optional<OutboxItem> outbox_item(const std::string& key);

    // A member's line typed on the sandbox page: the transcript line and the
    // inbound message (message id "sandbox:<seq>") commit together. Returns seq.
    std::future<int64_t> sandbox_receive(const std::string& channel, const std::string& group,
                                         const std::string& sender, const std::string& name,
                                         const std::string& text, int64_t time);
    // The sandbox transcript: a member's line (the bot's come through complete()).
    std::future<int64_t> sandbox_post(const std::string& channel, const std::string& group,
                                      const std::string& sender, const std::string& name,
                                      const std::string& text, int64_t time);
    std::vector<SandboxLine> sandbox_lines(const std::string& group, int64_t after, size_t limit);

    // Binds a chat member to a household; nullopt household unbinds. Returns the
    // household id the member was bound to before, if any.
    std::future<std::optional<int64_t>> bind_member(const std::string& channel,
                                                    const std::string& user_id,
                                                    const std::string& name,
                                                    std::optional<int64_t> household_id,
                                                    int64_t now);
    std::optional<int64_t> member_household(const std::string& channel, const std::string& user_id);

  private:
    Store& store_;
};

}  // namespace gridbot::store
