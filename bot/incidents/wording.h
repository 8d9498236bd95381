#pragma once
// Small pieces of incident messages: level names and elapsed time, in the
// message locale (masking is the privacy policy's: bot/privacy/policy.h).
#include <chrono>
#include <string>

#include "bot/config/config.h"

namespace gridbot::incidents {

// "网格" / "grid", ...
std::string level_label(config::Level level, const std::string& locale);
// "2小时15分钟" / "2h 15m"; "1天3小时" / "1d 3h".
std::string elapsed_text(std::chrono::seconds d, const std::string& locale);

}  // namespace gridbot::incidents
