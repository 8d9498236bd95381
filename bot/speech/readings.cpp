#include "bot/speech/readings.h"

#include <algorithm>
#include <iterator>

namespace gridbot::speech {

namespace {

struct Entry {
    char32_t code;
    const char* reading;
};

// Sorted by code point.
constexpr Entry kReadings[] = {
#include "readings.inc"
};

}  // namespace

std::string_view reading(char32_t c) {
    auto it = std::lower_bound(std::begin(kReadings), std::end(kReadings), c,
                               [](const Entry& e, char32_t v) { return e.code < v; });
    return it != std::end(kReadings) && it->code == c ? it->reading : std::string_view();
}

}  // namespace gridbot::speech
