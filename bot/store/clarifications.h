#pragma once
// Clarifying questions (issue 19 item 3): a resident's message the parser
// understood with less confidence than `[parser] ask_below` is not taken as
// read. When the doubt has two readings (a sound-alike: 客嗽 read as 咳嗽 or
// not), the sender is asked which, with numbered answers, and their answer
// settles it; when it has none (an unnamed complaint: 不舒服), the sender is
// asked to say what it is. Until settled, or until the household reports
// again, the household shows as "unclear" to its leaders.
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

struct Clarification {
    int64_t id = 0;
    int64_t inbound_id = 0;  // the unclear message
    std::string channel, group, sender;
    int64_t household_id = 0;
    std::string day;                       // local YYYY-MM-DD
    std::string reading;                   // JSON: the understanding as read
    std::optional<std::string> otherwise;  // JSON {kind, categories}; nullopt: no numbered question
    int64_t asked_at = 0;                  // unix seconds
};

// An open one of a grid, for its leaders: the household's room and since when.
struct Unclear {
    int64_t household_id = 0;
    std::string room;
    int64_t asked_at = 0;
};

class Clarifications {
  public:
    explicit Clarifications(Store& store) : store_(store) {}
    // Appends through the writer; completes after COMMIT with the row's id.
    std::future<int64_t> ask(Clarification c);
    // The sender's latest open numbered question of the day in that group.
    std::optional<Clarification> open_question(const std::string& channel, const std::string& group,
                                               const std::string& sender, const std::string& day);
    // Records the answer (1 yes, 2 no) and when; an already settled one stays as it was.
    std::future<void> settle(int64_t id, int answer, int64_t at);
    // The open ones of the day whose household has not reported since it was asked,
    // in the grid `node` or every grid below it (a page of households), in one query.
    std::vector<Unclear> unclear(const std::string& node, const std::string& day);

  private:
    Store& store_;
};

}  // namespace gridbot::store
