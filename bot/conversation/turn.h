#pragma once
// Internal to bot/conversation: one message being answered. Conversation::handle
// builds it once (who sent it, in which group, what the parser understood) and
// passes it to the handler for the message; handlers append replies to `out`.
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/compose/outbox_item.h"
#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/parse/parser.h"
#include "bot/store/messages.h"
#include "bot/store/store.h"

namespace gridbot::conversation::detail {

struct Turn {
    const store::StoredInbound& in;
    std::shared_ptr<const config::Config> cfg;
    const config::Group& group;
    std::shared_ptr<const compose::Templates> templates;
    parse::Understanding parsed;
    const config::Leader* leader;        // a leader of the group's own node
    const config::Leader* staff_leader;  // in a staff group: a leader of a node within it
    bool is_grid;                        // a grid's residents' group
    int64_t now;                         // unix seconds
    std::string sender_key;              // "channel:user"
    std::vector<store::OutboxItem> out;

    // Queues template `kind` as a reply in the message's own group; `to_sender`
    // @mentions the sender (a question in a busy group).
    void reply(const std::string& kind, const nlohmann::json& data, bool to_sender = false) {
        compose::Post post{"reply:" + std::to_string(in.id) + ":" + std::to_string(out.size()),
                           in.msg.channel, in.msg.group};
        if (to_sender) post.mentions = {in.msg.sender_id};
        auto item = compose::render_item(*templates, std::move(post), kind, data);
        if (item) out.push_back(std::move(*item));
    }
    std::string group_name() const { return group.name.empty() ? group.id : group.name; }
};

// A report stated as JSON ({kind, categories, temperature}: 代报's report, 更正's
// label, a question's stored reading); nullopt unless it is a zero report or an anomaly.
std::optional<parse::Understanding> stated_report(const nlohmann::json& r);
std::optional<double> stated_temperature(const nlohmann::json& r);

// A reading taken as read whatever its confidence: an emergency the rules read
// (clarify.cpp, the policy).
bool asks_nothing(const parse::Understanding& u);

// A leader's report for a household (代报, 更正): the household the command names
// in the grid the sender leads, and the report under args[`what`]. Replies
// `<command>_refused` to a non-leader and `<command>_failed` (no_room,
// unknown_room, or `bad` when the report is not one) and gives nullopt then.
struct LeaderReport {
    store::HouseholdRef household;
    parse::Understanding report;
};

}  // namespace gridbot::conversation::detail
