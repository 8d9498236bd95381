#pragma once
// Durations as operators write them: "30s", "15m", "2h", "1d" (DESIGN.md §11).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot {

// A positive integer followed by exactly one unit of s, m, h or d, no spaces.
// nullopt for anything else ("15 min", "1.5h", "-3m", "").
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest exact form: 90s -> "90s", 900s -> "15m", 86400s -> "1d".
std::string format_duration(std::chrono::seconds d);

}  // namespace gridbot
