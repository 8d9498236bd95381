#include "bot/core/local_time.h"

#include <date/tz.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace gridbot {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

struct LocalTime::Zone {
    const date::time_zone* rules;
};

namespace {

// "UTC+08:00" / "UTC-05:30"
std::optional<int> fixed_offset(std::string_view name) {
    if (name.size() != 9 || name.substr(0, 3) != "UTC" || (name[3] != '+' && name[3] != '-') ||
        name[6] != ':') {
        return std::nullopt;
    }
    auto digit = [&](size_t i) { return name[i] >= '0' && name[i] <= '9' ? name[i] - '0' : -1; };
    int h1 = digit(4), h2 = digit(5), m1 = digit(7), m2 = digit(8);
    if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
    int total = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
    if (total > 14 * 60) return std::nullopt;
    return (name[3] == '-' ? -total : total) * 60;
}

sys_days parse_day(const std::string& day, bool& ok) {
    int y = 0;
    unsigned m = 0, d = 0;
    ok = day.size() == 10 && day[4] == '-' && day[7] == '-';
    for (size_t i = 0; ok && i < day.size(); ++i)
        ok = i == 4 || i == 7 || (day[i] >= '0' && day[i] <= '9');
    ok = ok && std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                    std::chrono::day{d}};
    ok = ok && ymd.ok();
    return ok ? sys_days(ymd) : sys_days{};
}

std::string format_day(sys_days d) {
    std::chrono::year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

// One Zone per name for the life of the process: date's time_zone objects
// live as long as its database, so a LocalTime is a plain copyable pointer.
std::optional<LocalTime> LocalTime::for_zone(std::string_view name) {
    if (auto offset = fixed_offset(name)) return LocalTime(*offset);
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones;
    std::lock_guard lock(mutex);
    auto it = zones.find(name);
    if (it != zones.end()) return LocalTime(it->second.get());
    const date::time_zone* rules = nullptr;
    try {
        rules = date::locate_zone(name);
    } catch (const std::runtime_error&) {
        return std::nullopt;  // not in the system's tzdata
    }
    auto& zone = zones[std::string(name)];
    zone = std::make_unique<Zone>(Zone{rules});
    return LocalTime(zone.get());
}

int LocalTime::offset_seconds(TimePoint t) const {
    if (!zone_) return offset_;
    auto info = zone_->rules->get_info(std::chrono::floor<seconds>(t));
    return static_cast<int>(info.offset.count());
}

sys_days LocalTime::local_day(TimePoint t) const {
    auto local = std::chrono::floor<seconds>(t) + seconds(offset_seconds(t));
    return std::chrono::floor<days>(local);
}

std::string LocalTime::day(TimePoint t) const { return format_day(local_day(t)); }

int LocalTime::minute_of_day(TimePoint t) const {
    auto local = std::chrono::floor<seconds>(t) + seconds(offset_seconds(t));
    auto since = local - std::chrono::floor<days>(local);
    return static_cast<int>(std::chrono::duration_cast<minutes>(since).count());
}

TimePoint LocalTime::at(sys_days local_day, minutes minute) const {
    sys_seconds wall = local_day + minute;  // the wall clock read as if it were UTC
    if (!zone_) return TimePoint(wall - seconds(offset_));
    date::local_seconds local{wall.time_since_epoch()};
    auto info = zone_->rules->get_info(local);
    switch (info.result) {
        case date::local_info::nonexistent:
            return TimePoint(info.first.end);  // the first instant after the gap
        case date::local_info::ambiguous:      // the first occurrence: still on the earlier offset
        case date::local_info::unique:
            break;
    }
    return TimePoint(wall - info.first.offset);
}

TimePoint LocalTime::at(const std::string& day, int minute) const {
    bool ok = false;
    return at(parse_day(day, ok), minutes(minute));
}

std::string LocalTime::next_day(const std::string& day) {
    bool ok = false;
    auto d = parse_day(day, ok);
    return format_day(d + days(1));
}

bool LocalTime::valid_day(const std::string& day) {
    bool ok = false;
    parse_day(day, ok);
    return ok;
}

}  // namespace gridbot
