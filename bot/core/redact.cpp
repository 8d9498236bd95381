#include "bot/core/redact.h"

namespace gridbot {

std::string redact_url_parts(std::string_view url) {
    std::string out(url);
    static const char* const kParams[] = {
        "key=", "access_token=", "sign=", "session=", "token=", "secret="};
    for (const char* p : kParams) {
        std::string_view param(p);
        for (std::size_t pos = out.find(param); pos != std::string::npos;
             pos = out.find(param, pos + 1)) {
            if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
            std::size_t start = pos + param.size();
            std::size_t end = out.find_first_of("&# \"'\n", start);
            if (end == std::string::npos) end = out.size();
            out.replace(start, end - start, "REDACTED");
        }
    }
    for (std::string_view seg : {std::string_view("/hook/"), std::string_view("/bot")}) {
        for (std::size_t pos = out.find(seg); pos != std::string::npos;
             pos = out.find(seg, pos + 1)) {
            std::size_t start = pos + seg.size();
            std::size_t end = out.find_first_of("/?# \"'\n", start);
            if (end == std::string::npos) end = out.size();
            if (end == start || out.compare(start, end - start, "REDACTED") == 0) continue;
            // "/bot" only when followed by a token shape "<digits>:..." (Telegram).
            if (seg == "/bot" && out.find(':', start) >= end) continue;
            out.replace(start, end - start, "REDACTED");
        }
    }
    return out;
}

}  // namespace gridbot
