#pragma once
// Telling the ledger's encoding apart: UTF-8 (with or without BOM) as saved
// by WPS and "CSV UTF-8" in Excel, or GBK as saved by Excel on Chinese
// Windows. GBK is decoded as GB18030, its superset.
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/error.h"

namespace gridbot::ledger {

bool is_valid_utf8(std::string_view bytes);

struct DecodedText {
    std::string encoding;  // "utf-8" | "utf-8-bom" | "gbk"
    // UTF-8 text without BOM: either a view into the input (UTF-8 input) or
    // into converted_ (GBK input). Valid while the input and this object live;
    // do not copy or move the object after taking text.
    std::string_view text;
    std::string converted_;
};

// Fills out. ledger.bad_encoding for UTF-16, for text that is UTF-8 with a few
// broken bytes (decoding it as GBK would silently garble every name), and for
// bytes that are neither UTF-8 nor GB18030. Messages name the line.
[[nodiscard]] std::optional<Error> decode_ledger_bytes(std::string_view bytes,
                                                       const std::string& name, DecodedText& out);

}  // namespace gridbot::ledger
