#pragma once
// Working time (DESIGN.md §6): escalation steps with working_time = true count
// only office hours on working days. A working day is a weekday that is not a
// holiday, or a make-up working day (调休). The calendar comes from
// config/calendar/*.toml; office hours are the district's wall-clock time, so a
// day with a daylight-saving change has its office hours at the new offset.
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "bot/core/clock.h"
#include "bot/core/error.h"
#include "bot/core/local_time.h"

namespace gridbot::incidents {

class WorkCalendar {
  public:
    // Errors name file:line and key ([calendar.*]).
    static Result<WorkCalendar> load_file(const std::string& path, const LocalTime& zone);
    static Result<WorkCalendar> load_string(std::string_view toml, const std::string& name,
                                            const LocalTime& zone);

    bool is_working_day(std::chrono::sys_days local_day) const;
    // The instant at which `amount` of working time has elapsed counting from
    // `start`. Zero returns `start` itself.
    TimePoint add_working_time(TimePoint start, std::chrono::seconds amount) const;
    // Working time between two instants (zero if b <= a).
    std::chrono::seconds working_time_between(TimePoint a, TimePoint b) const;
    // Whether `year` has an official (not provisional) holiday list.
    bool covers(int year) const;

  private:
    struct Period {
        std::chrono::minutes from, to;  // after local midnight
    };
    std::vector<Period> periods_;
    std::set<unsigned> weekend_;  // 0 = Sunday .. 6 = Saturday
    std::set<std::chrono::sys_days> holidays_, workdays_;
    std::set<int> official_years_;
    LocalTime zone_{0};
};

}  // namespace gridbot::incidents
