#pragma once
// A leader's correction as a labelled example (issue 19 item 4), the same from
// the chat's 更正 and from the dashboard's route: the household's latest message
// of the day with the parser's reading of it, and the label the leader gave.
#include <cstdint>
#include <string>

#include "bot/parse/parser.h"
#include "bot/store/corrections.h"

namespace gridbot::conversation {

// `day_start`: the day's first second (unix); `not_id`: a message that is not the
// one corrected (the 更正 itself; 0 when none). `inbound_id` stays empty when the
// household sent nothing that day.
store::Correction correction_of(store::Store& store, const parse::Parser& parser,
                                int64_t household_id, const std::string& day, int64_t day_start,
                                int64_t not_id, std::string label, std::string leader, int64_t at);

}  // namespace gridbot::conversation
