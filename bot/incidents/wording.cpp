#include "bot/incidents/wording.h"

#include <algorithm>

namespace gridbot::incidents {

std::string level_label(config::Level level, const std::string& locale) {
    bool en = locale == "en";
    switch (level) {
        case config::Level::Grid:
            return en ? "grid" : "网格";
        case config::Level::Community:
            return en ? "community" : "社区";
        case config::Level::Street:
            return en ? "street" : "街道";
        case config::Level::District:
            return en ? "district" : "区指挥部";
    }
    return "?";
}

std::string elapsed_text(std::chrono::seconds d, const std::string& locale) {
    bool en = locale == "en";
    int64_t m = std::max<int64_t>(d.count(), 0) / 60;
    int64_t days = m / 1440, hours = (m % 1440) / 60, mins = m % 60;
    std::string out;
    if (days) out += std::to_string(days) + (en ? "d " : "天");
    if (hours) out += std::to_string(hours) + (en ? "h " : "小时");
    if (mins || out.empty()) out += std::to_string(mins) + (en ? "m" : "分钟");
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace gridbot::incidents
