#pragma once
// Feishu/Lark crypto (platforms.md §3): custom-bot sign, event signature and the
// Encrypt Key envelope base64(IV ‖ AES-256-CBC(SHA256(encrypt_key), IV, PKCS7_16(text))).
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::adapters::feishu {

// base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = "")).
std::string bot_sign(std::string_view secret, std::string_view timestamp_s);

// hex_lower(SHA256(timestamp + nonce + encrypt_key + raw_body)).
std::string event_signature(std::string_view timestamp, std::string_view nonce,
                            std::string_view encrypt_key, std::string_view raw_body);

// Strict decrypt (base64, >= 2 blocks, PKCS#7-16); nullopt on any failure.
std::optional<std::string> decrypt(std::string_view encrypt_key, std::string_view encrypt_b64);

// For fakes and tests; iv must be 16 bytes.
std::string encrypt(std::string_view encrypt_key, std::string_view iv, std::string_view plaintext);

}  // namespace gridbot::adapters::feishu
