#include "bot/incidents/calendar.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

namespace gridbot::incidents {

using namespace std::chrono;

namespace {

std::optional<minutes> parse_hhmm(std::string_view s) {
    int h = 0, m = 0;
    if (s.size() != 5 || std::sscanf(std::string(s).c_str(), "%2d:%2d", &h, &m) != 2 || h > 24 ||
        m > 59 || (h == 24 && m != 0)) {
        return std::nullopt;
    }
    return minutes(h * 60 + m);
}

std::optional<sys_days> parse_date(std::string_view s) {
    int y = 0, mo = 0, d = 0;
    if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3) {
        return std::nullopt;
    }
    year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd);
}

Error bad(const std::string& name, const toml::node& n, const std::string& key,
          const std::string& what) {
    return Error{"calendar.bad_value",
                 name + ":" + std::to_string(n.source().begin.line) + ": " + key + ": " + what};
}

// The file has [hours] and [[year]] only: any other top-level key is an error.
std::optional<Error> unknown_key(const toml::table& root, const std::string& name) {
    for (const auto& [k, v] : root) {
        if (k.str() != "hours" && k.str() != "year") {
            return bad(name, v, std::string(k.str()), "unknown key (expected [hours] or [[year]])");
        }
    }
    return std::nullopt;
}

// ["08:30", "12:00"]: one period of office hours; nullopt when malformed.
std::optional<std::pair<minutes, minutes>> hhmm_pair(const toml::node& p) {
    const toml::array* pair = p.as_array();
    if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string())
        return std::nullopt;
    auto from = parse_hhmm((*pair)[0].as_string()->get());
    auto to = parse_hhmm((*pair)[1].as_string()->get());
    if (!from || !to) return std::nullopt;
    return std::pair{*from, *to};
}

// hours.weekend: weekday names, 0 = Sunday .. 6 = Saturday.
std::optional<Error> read_weekend(const toml::table& hours, const std::string& name,
                                  std::set<unsigned>& weekend) {
    static const char* names[] = {"sunday",   "monday", "tuesday", "wednesday",
                                  "thursday", "friday", "saturday"};
    const toml::array* listed = hours["weekend"].as_array();
    if (!listed) return std::nullopt;
    for (const auto& w : *listed) {
        auto it = w.is_string()
                      ? std::find(std::begin(names), std::end(names), w.as_string()->get())
                      : std::end(names);
        if (it == std::end(names))
            return bad(name, w, "hours.weekend", "expected a weekday name such as \"saturday\"");
        weekend.insert(static_cast<unsigned>(it - std::begin(names)));
    }
    return std::nullopt;
}

// One [[year]]: its holidays (ranges of days, both ends included), its
// make-up working days, and whether its list is official (not provisional).
std::optional<Error> read_year(const toml::node& yn, const std::string& name,
                               std::set<int>& official_years, std::set<sys_days>& holidays,
                               std::set<sys_days>& workdays) {
    const toml::table* y = yn.as_table();
    if (!y) return bad(name, yn, "year", "expected [[year]] tables");
    auto number = (*y)["year"].value<int64_t>();
    if (!number) return bad(name, yn, "year.year", "required");
    bool provisional = (*y)["provisional"].value_or(false);
    if (!provisional) official_years.insert(static_cast<int>(*number));
    if (const toml::array* hs = (*y)["holidays"].as_array()) {
        for (const auto& h : *hs) {
            const toml::array* r = h.as_array();
            std::optional<sys_days> a, b;
            if (r && r->size() == 2 && (*r)[0].is_string() && (*r)[1].is_string()) {
                a = parse_date((*r)[0].as_string()->get());
                b = parse_date((*r)[1].as_string()->get());
            }
            if (!a || !b || *a > *b) {
                return bad(name, h, "year.holidays",
                           "expected [\"YYYY-MM-DD\", \"YYYY-MM-DD\"], first day first");
            }
            for (sys_days d = *a; d <= *b; d += days(1)) holidays.insert(d);
        }
    }
    if (const toml::array* ws = (*y)["workdays"].as_array()) {
        for (const auto& w : *ws) {
            auto d = w.is_string() ? parse_date(w.as_string()->get()) : std::nullopt;
            if (!d) return bad(name, w, "year.workdays", "expected \"YYYY-MM-DD\"");
            workdays.insert(*d);
        }
    }
    return std::nullopt;
}

}  // namespace

Result<WorkCalendar> WorkCalendar::load_file(const std::string& path, const LocalTime& zone) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"calendar.unreadable", path + ": cannot open the file"};
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_string(ss.str(), path, zone);
}

Result<WorkCalendar> WorkCalendar::load_string(std::string_view text, const std::string& name,
                                               const LocalTime& zone) {
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        return Error{"calendar.parse_error", name + ":" + std::to_string(e.source().begin.line) +
                                                 ": " + std::string(e.description())};
    }
    WorkCalendar c;
    c.zone_ = zone;
    if (auto e = unknown_key(root, name)) return *e;
    const toml::table* hours = root["hours"].as_table();
    if (!hours) return Error{"calendar.missing_key", name + ": [hours] is required"};
    const toml::array* periods = (*hours)["periods"].as_array();
    if (!periods || periods->empty())
        return Error{"calendar.missing_key", name + ": hours.periods is required"};
    for (const auto& p : *periods) {
        auto period = hhmm_pair(p);
        if (!period || period->first >= period->second) {
            return bad(name, p, "hours.periods",
                       "expected [\"HH:MM\", \"HH:MM\"] with start before end");
        }
        if (!c.periods_.empty() && period->first < c.periods_.back().to) {
            return bad(name, p, "hours.periods", "periods must be in order and not overlap");
        }
        c.periods_.push_back({period->first, period->second});
    }
    if (auto e = read_weekend(*hours, name, c.weekend_)) return *e;
    if (const toml::array* years = root["year"].as_array()) {
        for (const auto& yn : *years) {
            if (auto e = read_year(yn, name, c.official_years_, c.holidays_, c.workdays_))
                return *e;
        }
    }
    return c;
}

bool WorkCalendar::is_working_day(sys_days d) const {
    if (workdays_.count(d)) return true;
    if (holidays_.count(d)) return false;
    return !weekend_.count(weekday(d).c_encoding());
}

bool WorkCalendar::covers(int y) const { return official_years_.count(y) != 0; }

TimePoint WorkCalendar::add_working_time(TimePoint start, seconds amount) const {
    if (amount <= seconds(0)) return start;
    // Walk local days from the start, consuming the working periods.
    sys_days day = zone_.local_day(start);
    seconds left = amount;
    for (int guard = 0; guard < 3660; ++guard, day += days(1)) {
        if (!is_working_day(day)) continue;
        for (const auto& p : periods_) {
            auto from = std::max(zone_.at(day, p.from), start);
            auto to = zone_.at(day, p.to);
            if (from >= to) continue;
            auto span = duration_cast<seconds>(to - from);
            if (span >= left) return from + left;
            left -= span;
        }
    }
    return TimePoint::max();  // ten years without working time: the calendar is wrong
}

seconds WorkCalendar::working_time_between(TimePoint a, TimePoint b) const {
    if (b <= a) return seconds(0);
    seconds total(0);
    for (sys_days day = zone_.local_day(a); zone_.at(day, minutes(0)) < b; day += days(1)) {
        if (!is_working_day(day)) continue;
        for (const auto& p : periods_) {
            auto from = std::max(zone_.at(day, p.from), a);
            auto to = std::min(zone_.at(day, p.to), b);
            if (from < to) total += duration_cast<seconds>(to - from);
        }
    }
    return total;
}

}  // namespace gridbot::incidents
