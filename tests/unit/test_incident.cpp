#include <doctest/doctest.h>

#include "bot/incidents/incident.h"

using namespace gridbot;
using namespace gridbot::incidents;
using namespace std::chrono;

namespace {

WorkCalendar calendar() {
    auto c = WorkCalendar::load_file("config/calendar/cn.toml", LocalTime(8 * 3600));
    REQUIRE(c.ok());
    return c.value();
}

TimePoint at(const char* local) {
    TimePoint t;
    REQUIRE(parse_rfc3339(std::string(local) + "+08:00", t));
    return t;
}

Policy normal() {
    return {"normal",
            {{Level::Grid, seconds(0), true},
             {Level::Community, hours(2), true},
             {Level::Street, hours(24), true}},
            hours(8),
            true};
}

Policy urgent() {
    return {"urgent",
            {{Level::Grid, seconds(0), false},
             {Level::Community, seconds(0), false},
             {Level::Street, minutes(15), false},
             {Level::District, minutes(45), false}},
            hours(2),
            false};
}

}  // namespace

TEST_CASE(
    "incident: a normal incident nobody acts on climbs in working time, skipping the weekend") {
    auto cal = calendar();
    auto inc = open(1, "cough", normal(), at("2026-11-20T16:00:00"));  // Friday
    auto now = escalate_due(inc, at("2026-11-20T16:00:00"), cal);
    REQUIRE(now.size() == 1);
    CHECK(now[0].level == Level::Grid);
    auto next = next_escalation(inc, cal);
    REQUIRE(next);
    CHECK(next->level == Level::Community);
    CHECK(next->due == at("2026-11-23T09:00:00"));  // 1.5 h Friday + 0.5 h Monday
    CHECK(escalate_due(inc, at("2026-11-22T12:00:00"), cal).empty());  // Sunday: nothing
    auto monday = escalate_due(inc, at("2026-11-23T09:00:00"), cal);
    REQUIRE(monday.size() == 1);
    CHECK(inc.level == Level::Community);
    CHECK(escalate_due(inc, at("2026-11-30T09:00:00"), cal).size() == 1);
    CHECK(inc.level == Level::Street);
    CHECK_FALSE(next_escalation(inc, cal));  // the chain is done
}

TEST_CASE("incident: an urgent incident counts wall time through a holiday") {
    auto cal = calendar();
    auto inc = open(2, "fever", urgent(), at("2026-10-02T22:00:00"));  // 国庆节, night
    auto fired = escalate_due(inc, at("2026-10-02T22:00:00"), cal);
    REQUIRE(fired.size() == 2);  // grid and community at once
    CHECK(inc.level == Level::Community);
    CHECK(next_escalation(inc, cal)->due == at("2026-10-02T22:15:00"));
    CHECK(escalate_due(inc, at("2026-10-02T23:00:00"), cal).size() == 2);  // street, district
    CHECK(inc.level == Level::District);
}

TEST_CASE("incident: the same chain with working time waits out the National Day week") {
    auto cal = calendar();
    auto inc = open(3, "supplies", normal(), at("2026-09-30T17:00:00"));
    escalate_due(inc, at("2026-09-30T17:00:00"), cal);
    CHECK(next_escalation(inc, cal)->due == at("2026-10-08T10:00:00"));  // 0.5 h 9-30 + 1.5 h 10-08
}

TEST_CASE(
    "incident: acknowledging stops the chain, an unresolved acknowledgement escalates again at its "
    "deadline") {
    auto cal = calendar();
    auto inc = open(4, "fever", urgent(), at("2026-11-18T10:00:00"));
    escalate_due(inc, at("2026-11-18T10:00:00"), cal);
    REQUIRE(acknowledge(inc, at("2026-11-18T10:05:00"), "王社区", "sandbox", "已联系", cal).ok());
    CHECK(inc.state == State::Acknowledged);
    // The street step (15 min) no longer fires.
    CHECK(escalate_due(inc, at("2026-11-18T10:20:00"), cal).empty());
    auto next = next_escalation(inc, cal);
    REQUIRE(next);
    CHECK(next->after_acknowledgement);
    CHECK(next->level == Level::Street);
    CHECK(next->due == at("2026-11-18T12:05:00"));  // resolve_within 2 h, wall time
    auto late = escalate_due(inc, at("2026-11-18T12:05:00"), cal);
    REQUIRE(late.size() == 1);
    CHECK(inc.level == Level::Street);
    CHECK(inc.state == State::Acknowledged);
    CHECK(next_escalation(inc, cal)->due == at("2026-11-18T14:05:00"));
    REQUIRE(resolve(inc, at("2026-11-18T13:00:00"), "李街道", "api", "已送医").ok());
    CHECK_FALSE(next_escalation(inc, cal));
    CHECK(inc.timeline.back().remark == "已送医");
    CHECK(inc.timeline.back().from == State::Acknowledged);
}

TEST_CASE(
    "incident: transitions that make no sense are refused, a resolved incident reopens above its "
    "level") {
    auto cal = calendar();
    auto inc = open(5, "cough", normal(), at("2026-11-18T09:00:00"));
    escalate_due(inc, at("2026-11-18T12:00:00"), cal);
    CHECK(inc.level == Level::Community);
    CHECK(reopen(inc, at("2026-11-18T12:00:00")).error().id == "incident.not_resolved");
    REQUIRE(resolve(inc, at("2026-11-18T13:00:00"), "张网格", "sandbox", "").ok());
    CHECK(resolve(inc, at("2026-11-18T13:01:00"), "张网格", "sandbox", "").error().id ==
          "incident.already_resolved");
    CHECK(acknowledge(inc, at("2026-11-18T13:02:00"), "张网格", "sandbox", "", cal).error().id ==
          "incident.already_resolved");
    REQUIRE(reopen(inc, at("2026-11-19T09:00:00")).ok());
    CHECK(inc.state == State::Open);
    auto next = next_escalation(inc, cal);
    REQUIRE(next);
    CHECK(next->level == Level::Street);  // grid and community were already reached
    std::vector<std::string> actions;
    for (const auto& e : inc.timeline) actions.push_back(e.action);
    CHECK(actions == std::vector<std::string>{"open", "escalate", "escalate", "resolve", "reopen"});
}

TEST_CASE("incident: the invariants catch an impossible state") {
    Incident inc;
    inc.state = State::Open;
    inc.acknowledged_at = TimePoint{};
    CHECK_THROWS_AS(check_invariants(inc), std::logic_error);
    inc.acknowledged_at.reset();
    inc.next_step = 3;  // the chain is empty
    CHECK_THROWS_AS(check_invariants(inc), std::logic_error);
}

TEST_CASE(
    "incident: a more severe report joining an open incident restarts the chain from then, above "
    "the level reached") {
    auto cal = calendar();
    auto inc = open(6, "cough", normal(), at("2026-11-18T09:00:00"));
    escalate_due(inc, at("2026-11-18T09:00:00"), cal);
    REQUIRE(join(inc, at("2026-11-18T09:30:00"), "fever", urgent(), cal).ok());
    CHECK(inc.state == State::Open);
    CHECK(inc.policy.severity == "urgent");
    CHECK(inc.opened_at == at("2026-11-18T09:30:00"));
    // The grid is reached; the community step at once is part of the raise.
    auto fired = escalate_due(inc, at("2026-11-18T09:30:00"), cal);
    REQUIRE(fired.size() == 1);
    CHECK(fired[0].level == Level::Community);
    CHECK(fired[0].due == inc.opened_at);
    CHECK(next_escalation(inc, cal)->due == at("2026-11-18T09:45:00"));
    CHECK(inc.timeline[2].action == "join");
    CHECK(inc.timeline[2].remark == "fever (urgent)");
}

TEST_CASE(
    "incident: a report joining an acknowledged incident keeps the acknowledgement, a resolved one "
    "must reopen") {
    auto cal = calendar();
    auto inc = open(7, "cough", normal(), at("2026-11-18T09:00:00"));
    escalate_due(inc, at("2026-11-18T09:00:00"), cal);
    REQUIRE(acknowledge(inc, at("2026-11-18T09:10:00"), "张网格", "sandbox", "", cal).ok());
    CHECK(*inc.resolve_deadline == at("2026-11-19T09:40:00"));  // 8 h of working time
    REQUIRE(join(inc, at("2026-11-18T10:00:00"), "diarrhea", std::nullopt, cal).ok());
    CHECK(inc.state == State::Acknowledged);
    CHECK(inc.policy.severity == "normal");
    REQUIRE(join(inc, at("2026-11-18T10:00:00"), "fever", urgent(), cal).ok());
    CHECK(inc.state == State::Acknowledged);
    CHECK(*inc.resolve_deadline ==
          at("2026-11-18T12:00:00"));  // the sooner: urgent's 2 h of wall time
    REQUIRE(resolve(inc, at("2026-11-18T11:00:00"), "张网格", "sandbox", "").ok());
    CHECK(join(inc, at("2026-11-18T11:30:00"), "cough", std::nullopt, cal).error().id ==
          "incident.already_resolved");
}
