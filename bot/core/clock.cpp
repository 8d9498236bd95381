#include "bot/core/clock.h"

#include <date/date.h>

#include <sstream>

namespace gridbot {

int64_t unix_seconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

int64_t unix_millis(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_seconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

std::string format_rfc3339(TimePoint t) {
    return date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t));
}

bool parse_rfc3339(const std::string& text, TimePoint& out) {
    // date::parse reads "%T" with the fraction the time point can hold;
    // nanoseconds take any fraction RFC 3339 writers produce.
    bool zulu = !text.empty() && (text.back() == 'Z' || text.back() == 'z');
    std::istringstream in(zulu ? text.substr(0, text.size() - 1) : text);
    date::sys_time<std::chrono::nanoseconds> t;
    if (zulu) {
        in >> date::parse("%FT%T", t);
    } else {
        in >> date::parse("%FT%T%Ez", t);
    }
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) return false;
    out = std::chrono::floor<std::chrono::seconds>(t);
    return true;
}

}  // namespace gridbot
