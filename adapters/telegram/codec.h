#pragma once
// Telegram text helpers (platforms.md §4).
#include <cstddef>
#include <string>
#include <string_view>

namespace gridbot::adapters::telegram {

// MarkdownV2 plain-text escaping: a backslash before each of
// _ * [ ] ( ) ~ ` > # + - = | { } . ! and backslash itself.
std::string escape_markdown_v2(std::string_view text);
// HTML parse mode: & < > and ".
std::string escape_html(std::string_view text);

// Byte offset of the UTF-16 unit offset `units` in UTF-8 `text` (clamped to the
// end; never inside a code point). Entity offsets/lengths are UTF-16 units.
std::size_t utf16_to_byte_offset(std::string_view text, std::size_t units);

}  // namespace gridbot::adapters::telegram
