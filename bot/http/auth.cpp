#include "bot/http/auth.h"

#include <stdexcept>

#include "bot/core/crypto.h"
#include "bot/core/hierarchy.h"
#include "bot/http/signin_link.h"

namespace gridbot::http {

std::string new_token() {
    std::string raw = crypto::random_bytes(32);
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out = "gb_";
    uint32_t acc = 0;
    int bits = 0;
    for (char ch : raw) {
        auto b = static_cast<unsigned char>(ch);
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
    return out;
}

std::string token_hash(const std::string& token) { return crypto::hex(crypto::sha256(token)); }

void Authenticator::load(const std::vector<config::Token>& tokens) {
    std::unordered_map<std::string, Principal> next;
    for (const auto& t : tokens) next[t.sha256] = Principal{t.name, t.role, t.node};
    std::lock_guard lock(mu_);
    by_hash_.swap(next);
}

std::optional<Principal> Authenticator::authenticate(const std::string& authorization) const {
    static const std::string prefix = "Bearer ";
    if (authorization.size() <= prefix.size() ||
        authorization.compare(0, prefix.size(), prefix) != 0) {
        return std::nullopt;
    }
    // Comparing hashes, not tokens: the lookup leaks nothing useful about a token.
    std::string hash = token_hash(authorization.substr(prefix.size()));
    std::lock_guard lock(mu_);
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

std::optional<Principal> Authenticator::signed_by(const std::string& code) const {
    auto parsed = parse_signin_code(code);
    if (!parsed) return std::nullopt;
    std::lock_guard lock(mu_);
    for (const auto& [hash, who] : by_hash_)
        if (signin_code_matches(*parsed, hash)) return who;
    return std::nullopt;
}

}  // namespace gridbot::http
