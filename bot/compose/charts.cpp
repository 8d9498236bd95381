#include "bot/compose/charts.h"

#include <algorithm>
#include <cstdio>

#include "bot/core/markup.h"

namespace gridbot::compose {

namespace {

constexpr int kWidth = 720, kHeight = 260;
constexpr int kLeft = 44, kRight = 150, kTop = 28, kBottom = 30;
constexpr const char* kColors[] = {"#1f4e8c", "#d9822b", "#2f9e44", "#c92a2a", "#7048e8",
                                   "#0c8599", "#e64980", "#5c940d", "#862e9c", "#495057"};

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

double percent_of(int64_t part, int64_t whole) {
    return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

double y_of(double percent) {
    return kTop + (kHeight - kTop - kBottom) * (1.0 - std::clamp(percent, 0.0, 100.0) / 100.0);
}

// The frame: title, horizontal grid lines at 0/25/50/75/100 % with labels.
std::string frame(const std::string& title) {
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(kWidth) + " " + std::to_string(kHeight) +
                    "\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
                    "<title>" +
                    escape_markup(title) + "</title><text x=\"" + std::to_string(kLeft) +
                    "\" y=\"16\" font-size=\"13\" font-weight=\"bold\">" + escape_markup(title) +
                    "</text>";
    for (int p = 0; p <= 100; p += 25) {
        std::string y = num(y_of(p));
        s += "<line x1=\"" + std::to_string(kLeft) + "\" x2=\"" + std::to_string(kWidth - kRight) +
             "\" y1=\"" + y + "\" y2=\"" + y + "\" stroke=\"#ddd\"/><text x=\"" +
             std::to_string(kLeft - 4) + "\" y=\"" + num(y_of(p) + 4) +
             "\" text-anchor=\"end\" fill=\"#555\">" + std::to_string(p) + "%</text>";
    }
    return s;
}

}  // namespace

std::string completion_chart(const std::string& title, const std::vector<std::string>& ticks,
                             const std::vector<Series>& series) {
    std::string s = frame(title);
    const double plot_w = kWidth - kLeft - kRight;
    const size_t n = ticks.size();
    auto x_of = [&](size_t i) {
        return kLeft + (n > 1 ? plot_w * static_cast<double>(i) / static_cast<double>(n - 1) : 0.0);
    };
    // An x label every hour or so, whatever the number of ticks.
    size_t every = std::max<size_t>(1, n / 8);
    for (size_t i = 0; i < n; i += every) {
        s += "<text x=\"" + num(x_of(i)) + "\" y=\"" + std::to_string(kHeight - 10) +
             "\" text-anchor=\"middle\" fill=\"#555\">" + escape_markup(ticks[i]) + "</text>";
    }
    for (size_t k = 0; k < series.size(); ++k) {
        const auto& line = series[k];
        const char* color = kColors[k % std::size(kColors)];
        std::string points;
        for (size_t i = 0; i < line.reported.size() && i < n; ++i) {
            double p = percent_of(line.reported[i], line.households);
            points += num(x_of(i)) + "," + num(y_of(p)) + " ";
        }
        s += "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"" +
             (k == 0 ? "3" : "1.5") + "\" points=\"" + points + "\"/>";
        // The legend, with each line's last value.
        double last =
            line.reported.empty() ? 0.0 : percent_of(line.reported.back(), line.households);
        int y = kTop + 14 * static_cast<int>(k);
        s += "<rect x=\"" + std::to_string(kWidth - kRight + 8) + "\" y=\"" +
             std::to_string(y - 8) + "\" width=\"10\" height=\"10\" fill=\"" + color +
             "\"/><text x=\"" + std::to_string(kWidth - kRight + 22) + "\" y=\"" +
             std::to_string(y) + "\">" + escape_markup(line.name) + " " + num(last) + "%</text>";
    }
    return s + "</svg>";
}

std::string history_chart(const std::string& title, const std::vector<DayBar>& days) {
    std::string s = frame(title);
    const double plot_w = kWidth - kLeft - kRight;
    const double slot = days.empty() ? plot_w : plot_w / static_cast<double>(days.size());
    for (size_t i = 0; i < days.size(); ++i) {
        double x = kLeft + slot * static_cast<double>(i) + slot * 0.15;
        double y = y_of(days[i].percent);
        s += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(slot * 0.7) +
             "\" height=\"" + num(y_of(0) - y) + "\" fill=\"" + kColors[0] + "\"><title>" +
             escape_markup(days[i].day) + " " + num(days[i].percent) + "%</title></rect>";
        std::string label = days[i].day.size() >= 10 ? days[i].day.substr(5) : days[i].day;
        s += "<text x=\"" + num(x + slot * 0.35) + "\" y=\"" + std::to_string(kHeight - 10) +
             "\" text-anchor=\"middle\" fill=\"#555\">" + escape_markup(label) + "</text>";
    }
    return s + "</svg>";
}

}  // namespace gridbot::compose
