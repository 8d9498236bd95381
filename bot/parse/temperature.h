#pragma once
// Body temperatures: 38.5, 38度5, 三十八度五, 37度, "体温38". Never room
// or weather temperatures (屋里才16度), ages (37岁), counts, phone numbers
// or 120: a value must lie in a body's range and an integer needs 度 or a
// word such as 体温 before it.
#include <optional>
#include <string_view>
#include <vector>

namespace gridbot::parse {

class Lexicon;

inline constexpr int kFeverTenths = 373;  // DOMAIN.md: fever means ≥ 37.3 °C

struct TemperatureSpan {
    int tenths = 0;  // 385 for 38.5 °C; integers avoid 37.800000001
    std::size_t begin = 0;
    std::size_t end = 0;
    // "36度多", "36度几", "36度出头": whole degrees and something more. The
    // reading says normal or fever, but no temperature was stated.
    bool vague = false;
};

// Every body temperature stated in normalised text, in order.
void find_temperatures(std::u32string_view text, const Lexicon& lex,
                       std::vector<TemperatureSpan>& out);

}  // namespace gridbot::parse
