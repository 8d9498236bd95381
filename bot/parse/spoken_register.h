#pragma once
// 登记 said in conversation: "我登记下 3-1-202", "我家是9栋2单元1502，登记一下".
// A message that holds a register word and an address and nothing else but
// fillers (一下, 吧, 谢谢), punctuation and a lead-in about the sender (我, 我家是,
// 帮我) is the register command (DESIGN §4), wherever the word stands.
#include <optional>
#include <string_view>

#include "bot/parse/room.h"

namespace gridbot::parse {

class Lexicon;

// The address of a register command said in conversation, or nullopt.
std::optional<RoomSpan> spoken_register(std::u32string_view normalised, const Lexicon& lex);

}  // namespace gridbot::parse
