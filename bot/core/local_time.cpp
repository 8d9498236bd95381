#include "bot/core/local_time.h"

#include <chrono>
#include <cstdio>

namespace gridbot {

namespace {

struct Zone {
    std::string_view name;
    int offset_minutes;
};

// Zones without daylight saving time, by IANA name.
constexpr Zone kZones[] = {
    {"Asia/Shanghai", 480}, {"Asia/Chongqing", 480}, {"Asia/Harbin", 480},
    {"Asia/Urumqi", 360},   {"Asia/Hong_Kong", 480}, {"Asia/Macau", 480},
    {"Asia/Taipei", 480},   {"Asia/Singapore", 480}, {"Asia/Tokyo", 540},
    {"Asia/Seoul", 540},    {"Asia/Kolkata", 330},   {"UTC", 0},
    {"Etc/UTC", 0},
};

std::chrono::sys_days parse_day(const std::string& day, bool& ok) {
    int y = 0;
    unsigned m = 0, d = 0;
    ok = day.size() == 10 && day[4] == '-' && day[7] == '-';
    for (size_t i = 0; ok && i < day.size(); ++i)
        ok = i == 4 || i == 7 || (day[i] >= '0' && day[i] <= '9');
    ok = ok && std::sscanf(day.c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                    std::chrono::day{d}};
    ok = ok && ymd.ok();
    return ok ? std::chrono::sys_days(ymd) : std::chrono::sys_days{};
}

std::string format_day(std::chrono::sys_days d) {
    std::chrono::year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

std::optional<LocalTime> LocalTime::for_zone(std::string_view name) {
    for (const auto& z : kZones) {
        if (z.name == name) return LocalTime(z.offset_minutes * 60);
    }
    // "UTC+08:00" / "UTC-05:30"
    if (name.size() == 9 && name.substr(0, 3) == "UTC" && (name[3] == '+' || name[3] == '-') &&
        name[6] == ':') {
        auto digit = [&](size_t i) {
            return name[i] >= '0' && name[i] <= '9' ? name[i] - '0' : -1;
        };
        int h1 = digit(4), h2 = digit(5), m1 = digit(7), m2 = digit(8);
        if (h1 < 0 || h2 < 0 || m1 < 0 || m2 < 0) return std::nullopt;
        int minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2;
        if (minutes > 14 * 60) return std::nullopt;
        return LocalTime((name[3] == '-' ? -minutes : minutes) * 60);
    }
    return std::nullopt;
}

std::string LocalTime::day(TimePoint t) const {
    auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::seconds(offset_);
    return format_day(std::chrono::floor<std::chrono::days>(local));
}

int LocalTime::minute_of_day(TimePoint t) const {
    auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::seconds(offset_);
    auto since = local - std::chrono::floor<std::chrono::days>(local);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since).count());
}

TimePoint LocalTime::at(const std::string& day, int minute) const {
    bool ok = false;
    auto d = parse_day(day, ok);
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        d.time_since_epoch() + std::chrono::minutes(minute) - std::chrono::seconds(offset_)));
}

std::string LocalTime::next_day(const std::string& day) {
    bool ok = false;
    auto d = parse_day(day, ok);
    return format_day(d + std::chrono::days(1));
}

bool LocalTime::valid_day(const std::string& day) {
    bool ok = false;
    parse_day(day, ok);
    return ok;
}

}  // namespace gridbot
