#pragma once
// Local days and times of the district's time zone.
//
// A zone is any IANA name of the system's tzdata (Howard Hinnant's date/tz,
// Debian's libhowardhinnant-date-dev with USE_OS_TZDB: /usr/share/zoneinfo),
// daylight saving time included, or a fixed offset written "UTC+08:00".
// date/tz stays inside local_time.cpp; this header shows only std types.
//
// Wall time to instant (at()), where daylight saving makes it ambiguous:
// - a local time in a skipped hour (spring forward) is the first instant after
//   the gap: 02:30 on a day that jumps from 02:00 to 03:00 is 03:00;
// - a local time in a repeated hour (fall back) is its first occurrence.
// So each local day's minute names exactly one instant, and a schedule slot
// fires once on the short day and once on the long day.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/clock.h"

namespace gridbot {

class LocalTime {
  public:
    // nullopt for a name the system's tzdata does not know (nor "UTC±HH:MM").
    static std::optional<LocalTime> for_zone(std::string_view name);
    // A fixed offset east of UTC, no daylight saving.
    explicit LocalTime(int offset_seconds) : offset_(offset_seconds) {}

    // The local calendar day "YYYY-MM-DD" of an instant; days end at local midnight.
    std::string day(TimePoint t) const;
    // The local calendar day of an instant, as a count of days.
    std::chrono::sys_days local_day(TimePoint t) const;
    // Wall-clock minutes since local midnight of an instant (01:30 reads 90 in
    // both occurrences of a repeated hour).
    int minute_of_day(TimePoint t) const;
    // The instant of a local day's wall-clock minute (minute may be >= 1440:
    // the next day), resolved as the header says. A malformed day is 1970-01-01.
    TimePoint at(const std::string& day, int minute) const;
    TimePoint at(std::chrono::sys_days local_day, std::chrono::minutes minute) const;
    // The zone's offset from UTC at an instant (e.g. -14400 for New York in July).
    int offset_seconds(TimePoint t) const;
    // The day after ("2026-11-22" -> "2026-11-23").
    static std::string next_day(const std::string& day);
    // True for a well-formed YYYY-MM-DD.
    static bool valid_day(const std::string& day);

  private:
    struct Zone;  // the tzdata's rules of one zone, defined in local_time.cpp
    explicit LocalTime(const Zone* zone) : zone_(zone) {}
    const Zone* zone_ = nullptr;  // null: the fixed offset_; else lives as long as the process
    int offset_ = 0;
};

}  // namespace gridbot
