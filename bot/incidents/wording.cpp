#include "bot/incidents/wording.h"

namespace gridbot::incidents {

namespace {

// Byte length of the UTF-8 sequence starting with `c` (1 for a stray byte).
size_t utf8_len(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

}  // namespace

std::string mask_name(const std::string& name) {
    if (name.empty()) return name;
    // One star whatever the length: the length of a name tells too.
    size_t first = std::min(utf8_len(static_cast<unsigned char>(name[0])), name.size());
    return name.substr(0, first) + "*";
}

std::string mask_phone(const std::string& phone) {
    if (phone.size() < 8) return std::string(phone.size(), '*');
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
}

std::string mask_phones_in(const std::string& text) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t j = i;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
        if (j == i) {
            out += text[i++];
            continue;
        }
        std::string digits = text.substr(i, j - i);
        out += digits.size() >= 7 ? mask_phone(digits) : digits;
        i = j;
    }
    return out;
}

std::string level_label(config::Level level, const std::string& locale) {
    bool en = locale == "en";
    switch (level) {
        case config::Level::Grid: return en ? "grid" : "网格";
        case config::Level::Community: return en ? "community" : "社区";
        case config::Level::Street: return en ? "street" : "街道";
        case config::Level::District: return en ? "district" : "区指挥部";
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
