#include <doctest/doctest.h>

#include "bot/incidents/calendar.h"

using namespace gridbot;
using namespace std::chrono;

namespace {

const LocalTime kChina{8 * 3600};

incidents::WorkCalendar shipped() {
    auto c = incidents::WorkCalendar::load_file("config/calendar/cn.toml", kChina);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().to_string()));
    return c.value();
}

// Local Beijing time as an instant.
TimePoint at(const char* local) {
    TimePoint t;
    REQUIRE(parse_rfc3339(std::string(local) + "+08:00", t));
    return t;
}

sys_days date(int y, unsigned m, unsigned d) {
    return sys_days(year_month_day{year(y), month(m), std::chrono::day(d)});
}

}  // namespace

TEST_CASE("calendar: weekends, statutory holidays and make-up working days of 2026") {
    auto c = shipped();
    CHECK(c.is_working_day(date(2026, 11, 20)));        // Friday
    CHECK_FALSE(c.is_working_day(date(2026, 11, 21)));  // Saturday
    CHECK_FALSE(c.is_working_day(date(2026, 10, 1)));   // 国庆节
    CHECK_FALSE(c.is_working_day(date(2026, 10, 7)));
    CHECK(c.is_working_day(date(2026, 10, 10)));       // Saturday, 调休上班
    CHECK(c.is_working_day(date(2026, 9, 20)));        // Sunday, 调休上班
    CHECK_FALSE(c.is_working_day(date(2026, 2, 16)));  // 春节
    CHECK(c.is_working_day(date(2026, 2, 14)));        // Saturday before 春节
    CHECK(c.covers(2026));
    CHECK_FALSE(c.covers(2027));  // provisional until the State Council's notice
    CHECK_FALSE(c.is_working_day(date(2027, 2, 8)));  // 春节 2027, statutory day
}

TEST_CASE("calendar: working time skips nights, lunch, weekends and holidays") {
    auto c = shipped();
    // Friday 16:00 + 2h: 1.5h on Friday until 17:30, then Monday 08:30 + 0.5h.
    CHECK(c.add_working_time(at("2026-11-20T16:00:00"), hours(2)) == at("2026-11-23T09:00:00"));
    // Before the lunch break: 11:00 + 2h = 11:00-12:00, 13:30-14:30.
    CHECK(c.add_working_time(at("2026-11-18T11:00:00"), hours(2)) == at("2026-11-18T14:30:00"));
    // At night the clock waits for the morning.
    CHECK(c.add_working_time(at("2026-11-18T22:00:00"), minutes(15)) == at("2026-11-19T08:45:00"));
    // 2026-09-30 (Wednesday) 17:00 + 1h: the National Day week is skipped up to
    // Thursday 10-08 (the first working day after it).
    CHECK(c.add_working_time(at("2026-09-30T17:00:00"), hours(1)) == at("2026-10-08T09:00:00"));
    // A make-up Saturday counts.
    CHECK(c.add_working_time(at("2026-10-09T17:00:00"), hours(1)) == at("2026-10-10T09:00:00"));
    CHECK(c.add_working_time(at("2026-11-18T10:00:00"), seconds(0)) == at("2026-11-18T10:00:00"));
}

TEST_CASE("calendar: working time between two instants is the inverse of adding it") {
    auto c = shipped();
    auto start = at("2026-11-20T16:00:00");
    for (auto amount : {minutes(15), minutes(120), minutes(60 * 24), minutes(60 * 60)}) {
        auto end = c.add_working_time(start, amount);
        CHECK(c.working_time_between(start, end) == amount);
    }
    CHECK(c.working_time_between(at("2026-11-21T09:00:00"), at("2026-11-22T18:00:00")) ==
          seconds(0));
    CHECK(c.working_time_between(at("2026-11-18T08:30:00"), at("2026-11-18T17:30:00")) ==
          minutes(7 * 60 + 30));
}

TEST_CASE("calendar: a bad file names line and key") {
    auto c = incidents::WorkCalendar::load_string(
        "[hours]\nperiods = [[\"08:30\", \"12:00\"]]\n\n[[year]]\nyear = 2026\nholidays = "
        "[[\"2026-10-07\", \"2026-10-01\"]]\n",
        "cal.toml", kChina);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().id == "calendar.bad_value");
    CHECK(c.error().message.find("cal.toml:6: year.holidays") != std::string::npos);
    auto lunch = incidents::WorkCalendar::load_string(
        "[hours]\nperiods = [[\"13:00\", \"12:00\"]]\n", "cal.toml", kChina);
    REQUIRE_FALSE(lunch.ok());
    CHECK(lunch.error().message.find("hours.periods") != std::string::npos);
}

TEST_CASE("calendar: office hours follow the zone's wall clock across a daylight-saving change") {
    // Proves working time is counted in New York's local hours on both sides of 2026-03-08:
    // Friday 17:00 EST + 1h is Monday 09:00 EDT (13:00Z), not 09:00 at Friday's offset (14:00Z).
    auto ny = LocalTime::for_zone("America/New_York");
    REQUIRE(ny);
    auto c = incidents::WorkCalendar::load_string(
        "[hours]\nperiods = [[\"08:30\", \"17:30\"]]\nweekend = [\"saturday\", \"sunday\"]\n",
        "ny.toml", *ny);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().to_string()));
    TimePoint friday, monday;
    REQUIRE(parse_rfc3339("2026-03-06T17:00:00-05:00", friday));
    REQUIRE(parse_rfc3339("2026-03-09T09:00:00-04:00", monday));
    CHECK(c.value().add_working_time(friday, hours(1)) == monday);
    CHECK(c.value().working_time_between(friday, monday) == hours(1));
}
