#pragma once
// A household's rights (issue 14 item 5, docs/privacy.md): everything the
// store holds about one household, and its erasure.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bot/store/audit.h"
#include "bot/store/store.h"

namespace gridbot::store {

class HouseholdData {
  public:
    explicit HouseholdData(Store& store) : store_(store) {}

    // {"household", "members", "reports", "day_status", "incidents",
    // "incident_timeline", "notice_calls", "inbound", "outbox", "sandbox_messages",
    // "audit"}: every row about the household, whole; nullopt when there is no
    // such household. The messages are those its bound members sent and those
    // that name its contact or phone.
    std::optional<nlohmann::json> collect(int64_t household_id);

    // One transaction: its day statuses before `today` become anonymous counts
    // (past rollups stay); today's, the day still in progress, goes uncounted,
    // so the room is "not reported" again and counts once if it reports later
    // today (an anonymous count cannot be taken back without naming the room).
    // Its reports, its members' messages and transcript lines go, the
    // bodies of sent messages naming it are blanked, its incidents lose who they
    // were about, its call-list entries and its ledger contact, phone and tags
    // are blanked, its bindings are removed, and `audit` is appended. The room
    // stays in the ledger, anonymous. Rows touched per table; nullopt when there
    // is no such household. Moves the store's generation, so a running daemon
    // reloads the day's counts.
    std::optional<std::map<std::string, int64_t>> erase(int64_t household_id,
                                                        const std::string& today, AuditEntry audit);

  private:
    Store& store_;
};

}  // namespace gridbot::store
