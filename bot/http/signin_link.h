#pragma once
// One-time sign-in links for the dashboard (`gridbot token new --link`):
// "<nonce>.<expires>.<mac>", the MAC an HMAC-SHA256 of "<nonce>.<expires>"
// keyed with the token's hash as the configuration holds it. The daemon finds
// the configured token whose hash verifies the MAC, refuses an expired code,
// and lets each nonce sign in once (its use is an audit row). The link
// carries the code in its fragment (…/signin#code=…), which browsers never
// send to a server, a proxy's log or a Referer.
#include <cstdint>
#include <optional>
#include <string>

namespace gridbot::http {

inline constexpr int64_t kSigninLinkSeconds = 24 * 3600;

std::string make_signin_code(const std::string& token_sha256_hex, int64_t expires_at);

struct SigninCode {
    std::string nonce;
    int64_t expires_at = 0;
    std::string mac;  // hex
};
std::optional<SigninCode> parse_signin_code(const std::string& code);
bool signin_code_matches(const SigninCode& code, const std::string& token_sha256_hex);

}  // namespace gridbot::http
