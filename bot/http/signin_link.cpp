#include "bot/http/signin_link.h"

#include "bot/core/crypto.h"

namespace gridbot::http {

namespace {
std::string mac_of(const std::string& nonce, int64_t expires_at, const std::string& key) {
    return crypto::hex(crypto::hmac_sha256(key, nonce + "." + std::to_string(expires_at)));
}
}  // namespace

std::string make_signin_code(const std::string& token_sha256_hex, int64_t expires_at) {
    std::string nonce = crypto::hex(crypto::random_bytes(12));
    return nonce + "." + std::to_string(expires_at) + "." +
           mac_of(nonce, expires_at, token_sha256_hex);
}

std::optional<SigninCode> parse_signin_code(const std::string& code) {
    auto a = code.find('.');
    auto b = code.find('.', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos || a != 24 || b - a - 1 > 12 ||
        b - a - 1 == 0 || code.size() - b - 1 != 64) {
        return std::nullopt;
    }
    SigninCode c{code.substr(0, a), 0, code.substr(b + 1)};
    for (char ch : code.substr(a + 1, b - a - 1)) {
        if (ch < '0' || ch > '9') return std::nullopt;
        c.expires_at = c.expires_at * 10 + (ch - '0');
    }
    return c;
}

bool signin_code_matches(const SigninCode& code, const std::string& token_sha256_hex) {
    return crypto::constant_time_equal(mac_of(code.nonce, code.expires_at, token_sha256_hex),
                                       code.mac);
}

}  // namespace gridbot::http
