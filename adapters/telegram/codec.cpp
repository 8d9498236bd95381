#include "adapters/telegram/codec.h"

#include "bot/core/markup.h"

namespace gridbot::adapters::telegram {

std::string escape_markdown_v2(std::string_view text) {
    static constexpr std::string_view kSpecial = "_*[]()~`>#+-=|{}.!\\";
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    for (char c : text) {
        if (kSpecial.find(c) != std::string_view::npos) out.push_back('\\');
        out.push_back(c);
    }
    return out;
}

std::string escape_html(std::string_view text) { return escape_markup(text); }

std::size_t utf16_to_byte_offset(std::string_view text, std::size_t units) {
    std::size_t i = 0;
    std::size_t seen = 0;
    while (i < text.size() && seen < units) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80             ? 1
                          : (c & 0xE0) == 0xC0 ? 2
                          : (c & 0xF0) == 0xE0 ? 3
                          : (c & 0xF8) == 0xF0 ? 4
                                               : 1;
        seen += len == 4 ? 2 : 1;
        i += len;
    }
    return i < text.size() ? i : text.size();
}

}  // namespace gridbot::adapters::telegram
