#pragma once
// Dashboard sessions (DESIGN §10): a leader signs in with an API token and
// gets a random session id in an HttpOnly, SameSite=Strict cookie; the
// session carries the token's principal and a CSRF secret that the page
// sends back in X-CSRF-Token on every request that changes something.
// Sessions live in memory: a restart signs everyone out (they sign in again
// with their token); nothing about a session is written to disk or logs.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "bot/http/auth.h"

namespace gridbot::http {

struct Session {
    std::string id;    // the cookie's value
    std::string csrf;  // echoed by the page in X-CSRF-Token
    Principal who;
    int64_t expires_at = 0;  // unix seconds
};

inline constexpr const char* kSessionCookie = "gb_session";

class Sessions {
  public:
    // At most `max_sessions` live at once; beyond, the one closest to expiry goes.
    explicit Sessions(size_t max_sessions = 20000) : max_(max_sessions) {}

    Session open(const Principal& who, int64_t now, int64_t ttl_seconds);
    // The live session of `id`, or nullopt when unknown or expired.
    std::optional<Session> find(const std::string& id, int64_t now);
    void close(const std::string& id);
    // Sessions of tokens no longer configured end at a reload.
    template <class Keep>
    void retain(Keep keep) {
        std::lock_guard lock(mu_);
        std::erase_if(by_id_, [&](const auto& kv) { return !keep(kv.second.who); });
    }
    size_t size() const;

  private:
    void evict_locked(int64_t now);

    size_t max_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Session> by_id_;
};

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string cookie_value(const std::string& header, const std::string& name);
// The Set-Cookie value for a session (HttpOnly, SameSite=Strict, Path=/;
// Secure when the page came over TLS); `max_age` 0 clears it.
std::string session_cookie(const std::string& id, int64_t max_age, bool secure);

}  // namespace gridbot::http
