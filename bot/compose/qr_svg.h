#pragma once
// A QR code as inline SVG, for the door posters' group join links: drawn on
// the server (prints sharply at any size, needs no script), with the four-
// module quiet zone readers need. libqrencode (Debian libqrencode-dev) makes
// the module matrix.
#include <string>
#include <string_view>

namespace gridbot::compose {

// An <svg> of `text` at error-correction level M, `size_mm` wide when
// printed; empty when the text cannot be encoded (too long for a QR code).
std::string qr_svg(std::string_view text, int size_mm = 50);

}  // namespace gridbot::compose
