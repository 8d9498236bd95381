#include "bot/compose/qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "bot/core/join_link.h"

namespace gridbot::compose {

Result<std::string> qr_svg(std::string_view text, int size_mm) {
    std::string s(text);
    std::unique_ptr<QRcode, void (*)(QRcode*)> qr(
        QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
    if (!qr)
        return Error{"print.qr_too_long",
                     "a QR code holds at most " + std::to_string(max_join_link_bytes) +
                         " bytes; the text has " + std::to_string(text.size())};
    const int quiet = 4;
    const int n = qr->width + 2 * quiet;
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " +
                      std::to_string(n) + " " + std::to_string(n) + "\" width=\"" +
                      std::to_string(size_mm) + "mm\" height=\"" + std::to_string(size_mm) +
                      "mm\" shape-rendering=\"crispEdges\"><rect width=\"" + std::to_string(n) +
                      "\" height=\"" + std::to_string(n) +
                      "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    // One horizontal run of dark modules per path segment.
    for (int y = 0; y < qr->width; ++y) {
        for (int x = 0; x < qr->width;) {
            if (!(qr->data[y * qr->width + x] & 1)) {
                ++x;
                continue;
            }
            int run = 1;
            while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1)) ++run;
            svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" +
                   std::to_string(run) + "v1h-" + std::to_string(run) + "z";
            x += run;
        }
    }
    return svg + "\"/></svg>";
}

}  // namespace gridbot::compose
