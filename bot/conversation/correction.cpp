#include "bot/conversation/correction.h"

namespace gridbot::conversation {

store::Correction correction_of(store::Store& store, const parse::Parser& parser,
                                int64_t household_id, const std::string& day, int64_t day_start,
                                int64_t not_id, std::string label, std::string leader, int64_t at) {
    store::Correction c;
    c.day = day;
    c.household_id = household_id;
    c.parsed = "{}";
    if (auto message = store::Corrections(store).latest_message(household_id, day_start, not_id)) {
        c.inbound_id = message->inbound_id;
        c.parsed = parse::to_json_explained(parser.understand(message->text)).dump();
    }
    c.label = std::move(label);
    c.leader = std::move(leader);
    c.at = at;
    return c;
}

}  // namespace gridbot::conversation
