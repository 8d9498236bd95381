#pragma once
// Local days and times of the district's time zone.
//
// Choice (see issue 6): GCC 12's libstdc++ has no usable std::chrono::locate_zone,
// and setenv("TZ") + localtime_r is process-global and not thread-safe. China
// has had no daylight saving time since 1991, and neither have the other zones
// a community grid is likely to run in, so a zone is a fixed UTC offset looked
// up by its IANA name in a small table (or written "UTC+08:00"). A zone with
// DST is refused at configuration time rather than computed wrongly.
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/clock.h"

namespace gridbot {

class LocalTime {
  public:
    // nullopt for a zone we do not know (or one with daylight saving time).
    static std::optional<LocalTime> for_zone(std::string_view iana_name);
    explicit LocalTime(int offset_seconds) : offset_(offset_seconds) {}

    // The local calendar day "YYYY-MM-DD" of an instant.
    std::string day(TimePoint t) const;
    // Minutes since local midnight of an instant.
    int minute_of_day(TimePoint t) const;
    // The instant of a local day's minute (minute may be >= 1440: the next day).
    TimePoint at(const std::string& day, int minute) const;
    // The day after / before ("2026-11-22" -> "2026-11-23").
    static std::string next_day(const std::string& day);
    // True for a well-formed YYYY-MM-DD.
    static bool valid_day(const std::string& day);
    int offset_seconds() const { return offset_; }

  private:
    int offset_;
};

}  // namespace gridbot
