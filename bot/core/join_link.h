#pragma once
// A group's join link (the platform's invitation URL), as the config's
// [[groups]] and the groups ledger accept it and the door poster prints it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot {

// The most bytes a join link may have: what a QR code (version 40, error
// correction M, byte mode) holds, so every accepted link prints on a poster.
inline constexpr size_t max_join_link_bytes = 2331;

// What a join link was expected to be, when it is not an http(s) link
// without spaces or control characters that fits in a QR code; nullopt when
// it is, or when it is empty (the group has none).
std::optional<std::string> join_link_problem(std::string_view link);

}  // namespace gridbot
