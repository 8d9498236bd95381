#pragma once
// Secrets inside URLs: what the adapters' logs and `check-config --effective` hide.
#include <string>
#include <string_view>

namespace gridbot {

// Replaces the values of secret-bearing query parameters (key, access_token,
// sign, session, token, secret) and the segment after /hook/ or /bot with REDACTED.
std::string redact_url_parts(std::string_view url);

}  // namespace gridbot
