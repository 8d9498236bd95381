#pragma once
// Small pieces of incident messages: masked personal data, level names,
// elapsed time, in the message locale.
#include <chrono>
#include <string>

#include "bot/config/config.h"

namespace gridbot::incidents {

// "王芳" -> "王*"; "欧阳娜娜" -> "欧*" (the length is hidden too); "" stays "".
std::string mask_name(const std::string& name);
// "13812345678" -> "138****5678"; shorter numbers are starred entirely.
std::string mask_phone(const std::string& phone);
// Free text with every run of seven or more ASCII digits (a phone number) masked
// as mask_phone() does; the rest unchanged.
std::string mask_phones_in(const std::string& text);
// "网格" / "grid", ...
std::string level_label(config::Level level, const std::string& locale);
// "2小时15分钟" / "2h 15m"; "1天3小时" / "1d 3h".
std::string elapsed_text(std::chrono::seconds d, const std::string& locale);

}  // namespace gridbot::incidents
