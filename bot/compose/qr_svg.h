#pragma once
// A QR code as inline SVG, for the door posters' group join links: drawn on
// the server (prints sharply at any size, needs no script), with the four-
// module quiet zone readers need. libqrencode (Debian libqrencode-dev) makes
// the module matrix.
#include <string>
#include <string_view>

#include "bot/core/error.h"

namespace gridbot::compose {

// An <svg> of `text` at error-correction level M, `size_mm` wide when
// printed. print.qr_too_long when the text does not fit in a QR code (the
// config and the groups ledger refuse such join links, so a poster never
// meets one).
Result<std::string> qr_svg(std::string_view text, int size_mm = 50);

}  // namespace gridbot::compose
