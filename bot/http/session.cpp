#include "bot/http/session.h"

#include "bot/core/crypto.h"

namespace gridbot::http {

Session new_session(const Principal& who, int64_t now, int64_t ttl_seconds) {
    Session s;
    s.id = crypto::hex(crypto::random_bytes(32));
    s.csrf = crypto::hex(crypto::random_bytes(16));
    s.who = who;
    s.expires_at = now + ttl_seconds;
    return s;
}

std::string cookie_value(const std::string& header, const std::string& name) {
    size_t pos = 0;
    while (pos < header.size()) {
        size_t end = header.find(';', pos);
        if (end == std::string::npos) end = header.size();
        size_t a = header.find_first_not_of(' ', pos);
        if (a < end) {
            size_t eq = header.find('=', a);
            if (eq < end && header.compare(a, eq - a, name) == 0 && eq - a == name.size()) {
                size_t b = end;
                while (b > eq + 1 && header[b - 1] == ' ') --b;
                return header.substr(eq + 1, b - eq - 1);
            }
        }
        pos = end + 1;
    }
    return "";
}

std::string session_cookie(const std::string& id, int64_t max_age, bool secure) {
    return std::string(kSessionCookie) + "=" + id + "; Path=/; Max-Age=" + std::to_string(max_age) +
           "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace gridbot::http
