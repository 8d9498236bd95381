#pragma once
// Length limits as platforms count them: WeCom/DingTalk/Feishu in UTF-8 bytes,
// Telegram in code points. Cuts never split a UTF-8 sequence.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gridbot::adapters::common {

std::size_t utf8_code_points(std::string_view s);
std::size_t utf16_units(std::string_view s);

// Largest prefix length (in bytes) of `s` that is <= max_bytes and ends on a
// code point boundary.
std::size_t utf8_prefix_bytes(std::string_view s, std::size_t max_bytes);

// Pieces of at most max_bytes each, cut after a '\n' where possible, else at a
// code point boundary. Empty input gives one empty piece. max_bytes >= 4.
std::vector<std::string> split_utf8_bytes(std::string_view s, std::size_t max_bytes);

// How many bytes a piece of text takes once wrapped and encoded (JSON escaping,
// the card or post around it, signature fields): what a platform's body limit counts.
using EncodedSize = std::function<std::size_t(std::string_view piece)>;

// Pieces whose encoded size is at most max_bytes each, cut after a '\n' where
// possible, else at a code point boundary; joined, they give `s` back. The
// encoded size must not shrink when a piece grows (true of JSON escaping). A
// single code point that does not fit on its own still makes a piece (never
// an endless loop). Empty input gives one empty piece.
std::vector<std::string> split_encoded(std::string_view s, std::size_t max_bytes,
                                       const EncodedSize& encoded_size);

// `s` itself if it fits; else the longest code-point-aligned prefix followed by
// `marker`, the whole at most max_bytes (Alertmanager TruncateInBytes).
std::string truncate_utf8_bytes(std::string_view s, std::size_t max_bytes, std::string_view marker);

// Pieces of at most max_points code points, preferring a cut after '\n'.
std::vector<std::string> split_code_points(std::string_view s, std::size_t max_points);

}  // namespace gridbot::adapters::common
