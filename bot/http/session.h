#pragma once
// Dashboard sessions (DESIGN §10): a leader signs in with an API token and
// gets a random session id in an HttpOnly, SameSite=Strict cookie; the
// session carries the token's principal and a CSRF secret that the page
// sends back in X-CSRF-Token on every request that changes something. The
// daemon keeps them in the store (store/sessions.h), so a sign-in outlives a
// restart and every daemon of one database knows it; nothing about a
// session reaches a log.
#include <cstdint>
#include <optional>
#include <string>

#include "bot/http/auth.h"

namespace gridbot::http {

struct Session {
    std::string id;    // the cookie's value
    std::string csrf;  // echoed by the page in X-CSRF-Token
    Principal who;
    int64_t expires_at = 0;  // unix seconds
};

inline constexpr const char* kSessionCookie = "gb_session";

// A new session for `who`: a random id (256 bits) and CSRF secret (128 bits).
Session new_session(const Principal& who, int64_t now, int64_t ttl_seconds);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string cookie_value(const std::string& header, const std::string& name);
// The Set-Cookie value for a session (HttpOnly, SameSite=Strict, Path=/;
// Secure when the page came over TLS); `max_age` 0 clears it.
std::string session_cookie(const std::string& id, int64_t max_age, bool secure);

}  // namespace gridbot::http
