#pragma once
// API tokens (DESIGN.md §10): configuration holds only SHA-256 hashes, each
// with a role and a node; a token sees and acts on its node's subtree only.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/config/config.h"

namespace gridbot::http {

struct Principal {
    std::string name;
    config::Role role = config::Role::Grid;
    std::string node;
};

// A fresh token: "gb_" + 43 base64url characters (256 random bits).
std::string new_token();
// Lowercase hex SHA-256, as written in [[tokens]] sha256.
std::string token_hash(const std::string& token);

class Authenticator {
  public:
    // Replaces the token table (on start and on reload).
    void load(const std::vector<config::Token>& tokens);
    // From an "Authorization: Bearer <token>" header value; nullopt when
    // missing, malformed or unknown.
    std::optional<Principal> authenticate(const std::string& authorization) const;
    // The token whose hash signed a one-time sign-in code (signin_link.h);
    // nullopt when none did. Expiry and reuse are the caller's checks.
    std::optional<Principal> signed_by(const std::string& code) const;

  private:
    mutable std::mutex mu_;
    std::unordered_map<std::string, Principal> by_hash_;
};

}  // namespace gridbot::http
