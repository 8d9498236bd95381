#include "bot/parse/spoken_register.h"

#include <array>

#include "bot/parse/lexicon.h"
#include "bot/parse/normalize.h"

namespace gridbot::parse {
namespace {

// What a sender says about themself before registering: 我, 我家是, 帮我.
constexpr std::array<std::u32string_view, 9> kLeadIns = {
    U"我家是", U"我家", U"我是", U"我要", U"我想", U"帮我", U"给我", U"麻烦", U"我"};

// The longest lead-in or filler word at `i`; 0 if none.
std::size_t filler_at(std::u32string_view s, std::size_t i, const Lexicon& lex) {
    std::size_t best = 0;
    for (auto w : kLeadIns) {
        if (w.size() > best && s.substr(i, w.size()) == w) best = w.size();
    }
    for (const auto& f : lex.command_filler()) {
        if (f.size() > best && s.substr(i, f.size()) == f) best = f.size();
    }
    return best;
}

}  // namespace

std::optional<RoomSpan> spoken_register(std::u32string_view s, const Lexicon& lex) {
    std::size_t word_at = std::u32string_view::npos, word_len = 0;
    for (const auto& [word, which] : lex.commands()) {
        if (which != CommandWord::Register) continue;
        const std::size_t at = s.find(word);
        if (at != std::u32string_view::npos && word.size() > word_len) {
            word_at = at;
            word_len = word.size();
        }
    }
    if (word_at == std::u32string_view::npos) return std::nullopt;
    auto room = find_room(s, &lex, true);
    if (!room || (room->begin < word_at + word_len && word_at < room->end)) return std::nullopt;
    for (std::size_t i = 0; i < s.size();) {
        if (i == word_at) {
            i += word_len;
        } else if (i == room->begin) {
            i = room->end;
        } else if (is_break(s[i]) || s[i] == U':') {
            ++i;
        } else if (const std::size_t n = filler_at(s, i, lex)) {
            i += n;
        } else {
            return std::nullopt;
        }
    }
    return room;
}

}  // namespace gridbot::parse
