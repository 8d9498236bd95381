#pragma once
// Leaders' corrections (issue 19 item 4): `更正 <room> <label>` says what a
// household's message of the day really reported. The correction changes the
// household's status (a leader's report, stored by the conversation) and is
// kept here as a labelled example: what the parser read, what the leader says.
// The message's own text is not copied: it stays in `inbound`, read by a join,
// so the retention purge and a household's erasure remove it as before.
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

struct Correction {
    int64_t id = 0;
    std::string day;  // local YYYY-MM-DD
    int64_t household_id = 0;
    std::optional<int64_t> inbound_id;  // the corrected message; none found: nullopt
    std::string parsed;                 // JSON: the parser's understanding of the message
    std::string label;                  // JSON: {kind, categories, temperature}
    std::string leader;                 // "channel:user"
    int64_t at = 0;                     // unix seconds
};

// A correction as listed for review: with the message's text and the grid.
struct CorrectionRow {
    Correction c;
    std::optional<std::string> text;  // nullopt: no message, or purged since
    std::string grid, address;
};

// The household's latest message of a day from a member bound to it: what a
// correction is about.
struct HouseholdMessage {
    int64_t inbound_id = 0;
    std::string text;
    int64_t received_at = 0;
};

class Corrections {
  public:
    explicit Corrections(Store& store) : store_(store) {}
    // Appends through the writer; the future completes after COMMIT with the row's id.
    std::future<int64_t> record(Correction c);
    // Days from `since` to `until` (inclusive, "" open), oldest first.
    std::vector<CorrectionRow> list(const std::string& since, const std::string& until);
    // The latest message received at or after `since` (unix seconds) from a
    // member bound to the household, excluding message `not_id` (the correction itself).
    std::optional<HouseholdMessage> latest_message(int64_t household_id, int64_t since,
                                                   int64_t not_id);

  private:
    Store& store_;
};

}  // namespace gridbot::store
