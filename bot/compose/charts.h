#pragma once
// Completion charts as SVG drawn by the server (DESIGN §10): they print, and
// they show without JavaScript. Pure functions of the numbers; text is escaped.
#include <cstdint>
#include <string>
#include <vector>

namespace gridbot::compose {

// One line: a node's households that had reported by each tick.
struct Series {
    std::string name;
    int64_t households = 0;
    std::vector<int64_t> reported;  // one per tick
};

// Percent complete over the day: `ticks` label the x axis ("07:00"), every
// series has one value per tick; the first series (the node itself) is drawn
// thickest. `title` heads the chart.
std::string completion_chart(const std::string& title, const std::vector<std::string>& ticks,
                             const std::vector<Series>& series);

// One bar per day: percent complete at cutoff, with the day ("12-04") under it.
struct DayBar {
    std::string day;
    double percent = 0;
};
std::string history_chart(const std::string& title, const std::vector<DayBar>& days);

}  // namespace gridbot::compose
