// Clarifying questions (issue 19 item 3, store/clarifications.h): a resident's
// message understood below [parser] ask_below is asked about, not taken as
// read, and the resident's answer settles it.
//
// The policy (docs/parser.md, "Confidence"):
//  - a sound-alike decided a category (客嗽 read as 咳嗽): the sender is asked
//    "did you mean …? 1 yes, 2 no"; 1 takes the reading, 2 the reading without
//    the guess (a zero report, another anomaly, or nothing);
//  - an unnamed complaint (家里老人不舒服): the sender is asked what it is; their
//    next report settles it;
//  - any other report below the threshold (an operator may set it above the
//    rules' usual confidence): "did you mean …?"; 2 takes nothing;
//  - an emergency the rules read is never asked about: it is taken as read (a
//    false alarm costs a leader's call, a late one may cost a life); one the
//    learned model guessed is asked about like any of its guesses.
// The question never names a symptom in the residents' group: a health
// category is asked as "someone unwell"; a building's outage or a need by name.
#include <algorithm>

#include "bot/conversation/conversation.h"
#include "bot/conversation/turn.h"
#include "bot/store/clarifications.h"

namespace gridbot::conversation {

using detail::Turn;
using nlohmann::json;

namespace {

// "1", "2", 是, 不是 … alone in the message: 1 yes, 2 no.
std::optional<int> clarify_answer(std::string_view text) {
    std::string t;
    for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '.' && c != '!') t += c;
    }
    for (std::string_view end : {"。", "！", "～", "~"}) {
        while (t.size() >= end.size() && t.compare(t.size() - end.size(), end.size(), end) == 0)
            t.erase(t.size() - end.size());
    }
    static const std::string_view kYes[] = {"1",    "１", "是",  "是的", "对",
                                            "对的", "嗯", "yes", "y"};
    static const std::string_view kNo[] = {"2", "２", "不是", "不对", "否", "no", "n"};
    std::string lower = t;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (auto y : kYes)
        if (lower == y) return 1;
    for (auto n : kNo)
        if (lower == n) return 2;
    return std::nullopt;
}

bool health(const std::string& category) {
    return category != "utility" && category != "supplies" && category != "travel" &&
           category != "visitor";
}

json otherwise_json(const parse::Otherwise& o) {
    return {{"kind", std::string(parse::to_string(o.kind))}, {"categories", o.categories}};
}

}  // namespace

bool detail::asks_nothing(const parse::Understanding& u) {
    return u.why != "model" &&
           std::find(u.categories.begin(), u.categories.end(), "emergency") != u.categories.end();
}

void Conversation::ask(Turn& t, const store::HouseholdRef& household) {
    store::Clarification c;
    c.inbound_id = t.in.id;
    c.channel = t.in.msg.channel;
    c.group = t.in.msg.group;
    c.sender = t.in.msg.sender_id;
    c.household_id = household.id;
    c.day = ctx_.days.day_of(from_unix_seconds(t.in.received_at));
    c.reading = parse::to_json_explained(t.parsed).dump();
    // A report with no other reading (a threshold set above the rules' usual
    // confidence): "did you mean it?", and no is nothing at all.
    const parse::Otherwise otherwise = t.parsed.otherwise.value_or(parse::Otherwise{});
    const bool numbered = t.parsed.kind != parse::Kind::Chatter;
    json data = {{"numbered", numbered}, {"zero", numbered && t.parsed.kind == parse::Kind::Zero},
                 {"health", false},      {"utility", false},
                 {"supplies", false},    {"travel", false},
                 {"visitor", false}};
    if (numbered) {
        c.otherwise = otherwise_json(otherwise).dump();
        // The categories the reading holds and the other does not: what the question asks about.
        for (const auto& cat : t.parsed.categories) {
            if (std::find(otherwise.categories.begin(), otherwise.categories.end(), cat) !=
                otherwise.categories.end())
                continue;
            data[health(cat) ? "health" : cat] = true;
        }
    }
    c.asked_at = t.now;
    pending_appends_.push_back(store::Clarifications(ctx_.store).ask(std::move(c)));
    ctx_.metrics
        .counter("gridbot_clarifications_total", "clarifying questions asked, by what decided",
                 {{"why", t.parsed.why}})
        .inc();
    t.reply("clarify", data, true);
}

bool Conversation::on_answer(Turn& t) {
    const auto answer = clarify_answer(t.in.msg.text);
    if (!answer) return false;
    const std::string day = ctx_.days.day_of(from_unix_seconds(t.in.received_at));
    store::Clarifications questions(ctx_.store);
    auto q = questions.open_question(t.in.msg.channel, t.in.msg.group, t.in.msg.sender_id, day);
    if (!q) return false;
    const json reading = json::parse(q->reading, nullptr, false);
    const json otherwise = json::parse(q->otherwise.value_or("{}"), nullptr, false);
    // The reading without the guess has the same temperature: only a word differs.
    auto chosen = detail::stated_report(*answer == 1 ? reading : otherwise);
    if (chosen && !chosen->temperature) chosen->temperature = detail::stated_temperature(reading);
    auto household = ctx_.store.household_by_id(q->household_id);
    const bool recorded = household && chosen;
    if (recorded) record_report(t.in, *household, *chosen, false);
    pending_settles_.push_back(questions.settle(q->id, *answer, t.now));
    t.reply("clarify_settled",
            {{"recorded", recorded}, {"is_zero", recorded && chosen->kind == parse::Kind::Zero}},
            true);
    return true;
}

}  // namespace gridbot::conversation
