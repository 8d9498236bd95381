#include <doctest/doctest.h>

#include "bot/core/clock.h"
#include "bot/core/duration.h"

using namespace gridbot;

TEST_CASE("duration: the four units parse, anything else is refused") {
    CHECK(parse_duration("30s") == std::chrono::seconds(30));
    CHECK(parse_duration("15m") == std::chrono::seconds(900));
    CHECK(parse_duration("2h") == std::chrono::seconds(7200));
    CHECK(parse_duration("1d") == std::chrono::seconds(86400));
    for (auto bad : {"", "15", "15 min", "1.5h", "-3m", "m", "3w", " 3m"}) {
        CHECK_MESSAGE(!parse_duration(bad), bad);
    }
    CHECK(format_duration(std::chrono::seconds(900)) == "15m");
    CHECK(format_duration(std::chrono::seconds(90)) == "90s");
}

TEST_CASE("clock: rfc3339 round trip and offsets") {
    TimePoint t;
    REQUIRE(parse_rfc3339("2026-11-22T08:00:00Z", t));
    CHECK(unix_seconds(t) == 1795334400);
    CHECK(format_rfc3339(t) == "2026-11-22T08:00:00Z");
    TimePoint u;
    REQUIRE(parse_rfc3339("2026-11-22T16:00:00+08:00", u));
    CHECK(u == t);
    CHECK_FALSE(parse_rfc3339("2026-11-22 08:00", u));
    CHECK_FALSE(parse_rfc3339("2026-13-22T08:00:00Z", u));
}

TEST_CASE("clock: rfc3339 through date::parse: fractions, zones, impossible dates") {
    // Proves the parser knows the calendar (no 30 February, no 25:00) and reads fractions,
    // lower-case z and negative offsets the way RFC 3339 writes them.
    TimePoint t;
    REQUIRE(parse_rfc3339("2026-03-08T02:30:00-05:00", t));
    CHECK(format_rfc3339(t) == "2026-03-08T07:30:00Z");
    REQUIRE(parse_rfc3339("2026-11-22T08:00:00.123456789z", t));
    CHECK(format_rfc3339(t) == "2026-11-22T08:00:00Z");
    REQUIRE(parse_rfc3339("2026-11-22T13:30:00.5+05:30", t));
    CHECK(unix_seconds(t) == 1795334400);
    for (auto bad : {"2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-22T25:00:00Z",
                     "2026-11-22T08:61:00Z", "2026-11-22T08:00:00", "2026-11-22T08:00:00Zjunk",
                     "2026-11-22T08:00:00+08:00 ", "", "Z"}) {
        CHECK_MESSAGE(!parse_rfc3339(bad, t), bad);
    }
}

TEST_CASE("clock: the manual clock moves only when told") {
    ManualClock c(from_unix_seconds(1000));
    CHECK(unix_seconds(c.now()) == 1000);
    c.advance(std::chrono::seconds(90));
    CHECK(unix_seconds(c.now()) == 1090);
    c.set(from_unix_seconds(5));
    CHECK(unix_seconds(c.now()) == 5);
    CHECK(c.is_manual());
}
