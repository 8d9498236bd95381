#pragma once
// Text made safe inside HTML, XML and SVG: character data and double-quoted
// attribute values (& < > " escaped). Used by Telegram's HTML parse mode and
// the charts the dashboard draws.
#include <string>
#include <string_view>

namespace gridbot {

std::string escape_markup(std::string_view text);

}  // namespace gridbot
