#include "bot/http/session.h"

#include <algorithm>

#include "bot/core/crypto.h"

namespace gridbot::http {

Session Sessions::open(const Principal& who, int64_t now, int64_t ttl_seconds) {
    Session s;
    s.id = crypto::hex(crypto::random_bytes(32));
    s.csrf = crypto::hex(crypto::random_bytes(16));
    s.who = who;
    s.expires_at = now + ttl_seconds;
    std::lock_guard lock(mu_);
    evict_locked(now);
    by_id_[s.id] = s;
    return s;
}

std::optional<Session> Sessions::find(const std::string& id, int64_t now) {
    if (id.empty()) return std::nullopt;
    std::lock_guard lock(mu_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::nullopt;
    if (it->second.expires_at <= now) {
        by_id_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void Sessions::close(const std::string& id) {
    std::lock_guard lock(mu_);
    by_id_.erase(id);
}

size_t Sessions::size() const {
    std::lock_guard lock(mu_);
    return by_id_.size();
}

void Sessions::evict_locked(int64_t now) {
    if (by_id_.size() < max_) return;
    std::erase_if(by_id_, [now](const auto& kv) { return kv.second.expires_at <= now; });
    while (by_id_.size() >= max_) {
        auto oldest = std::min_element(by_id_.begin(), by_id_.end(), [](auto& a, auto& b) {
            return a.second.expires_at < b.second.expires_at;
        });
        by_id_.erase(oldest);
    }
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
