#include <doctest/doctest.h>

#include "bot/core/local_time.h"

using namespace gridbot;

namespace {

TimePoint utc(const char* text) {
    TimePoint t;
    REQUIRE_MESSAGE(parse_rfc3339(text, t), text);
    return t;
}

LocalTime zone(const char* name) {
    auto z = LocalTime::for_zone(name);
    REQUIRE_MESSAGE(z, name);
    return *z;
}

int hm(int h, int m) { return h * 60 + m; }

}  // namespace

TEST_CASE("local time: any IANA zone of the system's tzdata, fixed offsets, unknown names") {
    // Proves the zone table is gone: zones with daylight saving are found, with their offset
    // at the instant asked; names the tzdata lacks are refused.
    auto ny = zone("America/New_York");
    CHECK(ny.offset_seconds(utc("2026-07-01T12:00:00Z")) == -4 * 3600);
    CHECK(ny.offset_seconds(utc("2026-01-15T12:00:00Z")) == -5 * 3600);
    CHECK(zone("Europe/Berlin").offset_seconds(utc("2026-07-01T12:00:00Z")) == 2 * 3600);
    CHECK(zone("Australia/Lord_Howe").offset_seconds(utc("2026-07-01T12:00:00Z")) ==
          10 * 3600 + 1800);
    CHECK(zone("Asia/Shanghai").offset_seconds(utc("2026-07-01T12:00:00Z")) == 8 * 3600);
    CHECK(zone("Asia/Kolkata").day(utc("2026-11-21T18:30:00Z")) == "2026-11-22");
    CHECK(zone("UTC+05:30").offset_seconds(utc("2026-07-01T12:00:00Z")) == 5 * 3600 + 1800);
    CHECK(zone("UTC-03:00").day(utc("2026-11-22T02:59:00Z")) == "2026-11-21");
    for (auto bad : {"Mars/Olympus", "", "America/new_york", "UTC+15:00", "UTC+8", "../etc/passwd"})
        CHECK_MESSAGE(!LocalTime::for_zone(bad), bad);
}

TEST_CASE("local time: a wall time in the skipped hour is the first minute after the gap") {
    // Proves spring forward: New York jumps from 02:00 EST to 03:00 EDT on 2026-03-08
    // (07:00Z); every minute of the missing hour resolves to 03:00 EDT.
    auto ny = zone("America/New_York");
    CHECK(ny.at("2026-03-08", hm(1, 59)) == utc("2026-03-08T06:59:00Z"));
    CHECK(ny.at("2026-03-08", hm(2, 0)) == utc("2026-03-08T07:00:00Z"));
    CHECK(ny.at("2026-03-08", hm(2, 30)) == utc("2026-03-08T07:00:00Z"));
    CHECK(ny.at("2026-03-08", hm(2, 59)) == utc("2026-03-08T07:00:00Z"));
    CHECK(ny.at("2026-03-08", hm(3, 0)) == utc("2026-03-08T07:00:00Z"));
    CHECK(ny.at("2026-03-08", hm(10, 0)) == utc("2026-03-08T14:00:00Z"));
    CHECK(ny.minute_of_day(utc("2026-03-08T07:00:00Z")) == hm(3, 0));
    // Berlin: 02:00 CET -> 03:00 CEST on 2026-03-29 (01:00Z).
    auto berlin = zone("Europe/Berlin");
    CHECK(berlin.at("2026-03-29", hm(2, 30)) == utc("2026-03-29T01:00:00Z"));
    CHECK(berlin.at("2026-03-29", hm(3, 30)) == utc("2026-03-29T01:30:00Z"));
}

TEST_CASE("local time: a wall time in the repeated hour is its first occurrence") {
    // Proves fall back: New York repeats 01:00-02:00 on 2026-11-01 (EDT, then EST); the
    // wall time names the EDT instant, and both occurrences read as the same wall minute.
    auto ny = zone("America/New_York");
    CHECK(ny.at("2026-11-01", hm(0, 59)) == utc("2026-11-01T04:59:00Z"));
    CHECK(ny.at("2026-11-01", hm(1, 0)) == utc("2026-11-01T05:00:00Z"));
    CHECK(ny.at("2026-11-01", hm(1, 30)) == utc("2026-11-01T05:30:00Z"));
    CHECK(ny.at("2026-11-01", hm(2, 0)) == utc("2026-11-01T07:00:00Z"));
    CHECK(ny.at("2026-11-01", hm(12, 0)) == utc("2026-11-01T17:00:00Z"));
    CHECK(ny.minute_of_day(utc("2026-11-01T05:30:00Z")) == hm(1, 30));
    CHECK(ny.minute_of_day(utc("2026-11-01T06:30:00Z")) == hm(1, 30));
    // Berlin repeats 02:00-03:00 on 2026-10-25: 02:30 is 02:30 CEST (00:30Z).
    CHECK(zone("Europe/Berlin").at("2026-10-25", hm(2, 30)) == utc("2026-10-25T00:30:00Z"));
    // A minute past 24:00 is the next day's wall time, resolved the same way.
    CHECK(ny.at("2026-10-31", 1440 + hm(1, 30)) == utc("2026-11-01T05:30:00Z"));
}

TEST_CASE("local time: days end at local midnight on the short and the long day") {
    // Proves day boundaries follow the zone's offset of the moment, not a fixed one: the
    // short day is 23 hours, the long day 25.
    auto ny = zone("America/New_York");
    CHECK(ny.day(utc("2026-03-08T04:59:59Z")) == "2026-03-07");
    CHECK(ny.day(utc("2026-03-08T05:00:00Z")) == "2026-03-08");
    CHECK(ny.day(utc("2026-03-09T03:59:59Z")) == "2026-03-08");
    CHECK(ny.day(utc("2026-03-09T04:00:00Z")) == "2026-03-09");
    CHECK(ny.at("2026-03-09", 0) - ny.at("2026-03-08", 0) == std::chrono::hours(23));
    CHECK(ny.day(utc("2026-11-02T04:59:59Z")) == "2026-11-01");
    CHECK(ny.day(utc("2026-11-02T05:00:00Z")) == "2026-11-02");
    CHECK(ny.at("2026-11-02", 0) - ny.at("2026-11-01", 0) == std::chrono::hours(25));
    // Havana changes at midnight: on 2026-03-08 local midnight does not exist (the day
    // starts at 01:00 CDT); on 2026-11-01 it happens twice (the day starts at the first).
    auto havana = zone("America/Havana");
    CHECK(havana.at("2026-03-08", 0) == utc("2026-03-08T05:00:00Z"));
    CHECK(havana.day(utc("2026-03-08T05:00:00Z")) == "2026-03-08");
    CHECK(havana.day(utc("2026-03-08T04:59:59Z")) == "2026-03-07");
    CHECK(havana.at("2026-11-01", 0) == utc("2026-11-01T04:00:00Z"));
    CHECK(havana.day(utc("2026-11-01T05:30:00Z")) == "2026-11-01");
    CHECK(havana.day(utc("2026-11-01T03:59:59Z")) == "2026-10-31");
}
