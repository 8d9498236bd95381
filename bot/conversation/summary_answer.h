#pragma once
// The answer to a leader's 汇总 (DESIGN §4, docs/privacy.md): the day so far of
// the leader's own node, posted in the group where they asked. A grid leader
// gets the grid's summary in the cutoff summary's form (reported/total,
// anomalies by room and category, missing rooms, the call list); a leader of a
// node above the grid gets that node's table by child, as the rollup posts
// it. What the group reads of it is the privacy policy's: in a residents'
// group, counts and room numbers only.
#include <nlohmann/json.hpp>
#include <string>

#include "bot/config/config.h"
#include "bot/daily/day_book.h"
#include "bot/store/reports.h"
#include "bot/store/store.h"

namespace gridbot::conversation {

// The leader a 汇总 from `sender` in a group of `group_node` is answered for:
// a leader of the group's node or of a node above it; else one of a node
// below it (a grid leader in the staff group of the level above, where the
// grid's cutoff summary goes). Null: the sender leads nothing here.
const config::Leader* summary_leader(const config::Config& cfg, const std::string& group_node,
                                     const std::string& channel, const std::string& sender);

struct SummaryAnswer {
    std::string kind;  // "cutoff_summary" (a grid) or "rollup" (a node above)
    nlohmann::json data;
};

// `day` and `time` ("10:30") are the local day and time of the request.
SummaryAnswer summary_answer(const config::Config& cfg, const config::Group& group,
                             const config::Leader& leader, const std::string& day,
                             const std::string& time, store::Store& store, store::Reports& reports,
                             daily::DayBook& days, const std::string& locale);

}  // namespace gridbot::conversation
