#include "bot/http/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace gridbot::http {

bool node_within(const std::string& node, const std::string& root) {
    if (node == root) return true;
    return node.size() > root.size() && node.compare(0, root.size(), root) == 0 &&
           node[root.size()] == '/';
}

std::string new_token() {
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("RAND_bytes failed");
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out = "gb_";
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char b : raw) {
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

std::string token_hash(const std::string& token) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(token.data(), token.size(), md, &len, EVP_sha256(), nullptr);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

void Authenticator::load(const std::vector<config::Token>& tokens) {
    std::unordered_map<std::string, Principal> next;
    for (const auto& t : tokens) next[t.sha256] = Principal{t.name, t.role, t.node};
    std::lock_guard lock(mu_);
    by_hash_.swap(next);
}

std::optional<Principal> Authenticator::authenticate(const std::string& authorization) const {
    static const std::string prefix = "Bearer ";
    if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) {
        return std::nullopt;
    }
    // Comparing hashes, not tokens: the lookup leaks nothing useful about a token.
    std::string hash = token_hash(authorization.substr(prefix.size()));
    std::lock_guard lock(mu_);
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

}  // namespace gridbot::http
