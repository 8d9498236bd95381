#pragma once
// Notices' durable state (DESIGN §7): the notice, one delivery row per group
// it was sent to, and its call list. Delivery state is never copied: it is
// read from the outbox row the delivery points at (key_hash), so the numbers
// shown are the dispatcher's real results. Writes are writer jobs whose
// futures complete after COMMIT.
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/notice.h"
#include "bot/store/messages.h"

namespace gridbot::store {

struct NoticeRecord {
    int64_t id = 0;
    int64_t number = 0;
    notices::Draft draft;
    std::string issued_by;
    std::optional<int64_t> remind_at;
    bool reminded = false;
    std::optional<int64_t> cancelled_by;
    int64_t created_at = 0;
};

struct NoticeGroup {
    std::string channel, group, node;
    bool staff = false;
};

struct NoticeCall {
    int64_t household_id = 0;
    std::string grid, address, contact, phone;
    std::optional<int64_t> done_at;
    std::string done_by;
};

// One group's state: delivery from the outbox, acknowledgement from us.
struct NoticeDelivery {
    NoticeGroup group;
    OutboxState state = OutboxState::Queued;
    std::optional<int64_t> delivered_at;  // unix ms
    std::string last_error;
    std::optional<int64_t> acked_at;  // unix seconds
    std::string acked_by;
    std::optional<int64_t> reminded_at;
};

// What issuing writes, in one transaction.
struct NoticeIssue {
    notices::Draft draft;
    std::string issued_by;
    std::optional<int64_t> remind_at;
    std::vector<NoticeGroup> groups;
    // Built once the id and number are known: the delivery to each group (same
    // order as `groups`) and the call-list messages.
    std::function<std::vector<OutboxItem>(int64_t id, int64_t number,
                                          const std::vector<NoticeCall>& calls)>
        compose;
    bool with_calls = true;
};

struct IssuedNotice {
    int64_t id = 0;
    int64_t number = 0;
    int groups = 0;
    int calls = 0;
};

class Notices {
  public:
    explicit Notices(Store& store) : store_(store) {}

    // Writes the notice, its delivery rows, its call list (no_chat households
    // under the target) and its outbox rows atomically. An update or cancel
    // must reference an existing notice (notice.bad_reference); a number in
    // use is notice.duplicate_number.
    std::future<Result<IssuedNotice>> issue(NoticeIssue issue, int64_t now);

    std::optional<NoticeRecord> get(int64_t id);
    std::optional<NoticeRecord> by_number(int64_t number);
    // Newest first, those whose target or issuer lies within `node`'s subtree. A page:
    // at most `limit` rows, only those older than `before` (a notice id) if given.
    std::vector<NoticeRecord> list(const std::string& node, size_t limit,
                                   std::optional<int64_t> before = std::nullopt);
    // The groups a notice was sent to: the recorded set that updates and cancels reuse.
    std::vector<NoticeGroup> groups_of(int64_t id);
    std::vector<NoticeDelivery> deliveries(int64_t id);
    std::vector<NoticeCall> calls(int64_t id);

    // The latest notice sent to the group (delivered, or in flight: the leader
    // may answer before the delivered mark commits) that still waits for an
    // acknowledgement there.
    std::optional<int64_t> latest_unacked(const std::string& channel, const std::string& group);
    // Marks the group's acknowledgement; false when the group did not get the
    // notice. A second acknowledgement keeps the first one's time.
    std::future<bool> acknowledge(int64_t id, const std::string& channel, const std::string& group,
                                  const std::string& by, int64_t at);

    // Notices whose reminder time has come and that have not been reminded.
    std::vector<NoticeRecord> due_reminders(int64_t now);
    // Queues `make(group)` for each unacknowledged, not failed group, marks
    // them reminded and the notice done, in one transaction. Returns how many.
    std::future<int> remind(int64_t id,
                            std::function<std::optional<OutboxItem>(const NoticeGroup&)> make,
                            int64_t now);

    // Marks the household's oldest open call done; returns the notice id and
    // the calls left for that notice, or nullopt when there was none open.
    struct CallDone {
        int64_t notice_id = 0;
        int64_t left = 0;       // calls of the notice not done, all grids
        int64_t grid_left = 0;  // ... in the household's grid (what its leader still has to do)
    };
    std::future<std::optional<CallDone>> call_done(std::optional<int64_t> notice_id,
                                                   int64_t household_id, const std::string& by,
                                                   int64_t at);

  private:
    Store& store_;
};

}  // namespace gridbot::store
