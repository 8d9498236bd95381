#pragma once
// Small, dependency-free-looking crypto helpers for the platform adapters.
// OpenSSL stays inside crypto.cpp (STYLE.md: no third-party type in a header).
// Digests and MACs return raw bytes; use hex()/base64_encode() to print them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::crypto {

std::string sha1(std::string_view data);
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view msg);

// Lowercase hex of raw bytes; from_hex accepts either case, rejects odd length
// and non-hex characters.
std::string hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view text);

// Standard alphabet with '=' padding. Decoding is strict: length must be a
// multiple of 4, only the alphabet, padding only at the end.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// AES-256-CBC without padding: key must be 32 bytes, iv 16 bytes and data a
// multiple of 16 bytes, else nullopt. Callers add/strip their own padding.
std::optional<std::string> aes_256_cbc_encrypt(std::string_view key, std::string_view iv,
                                               std::string_view data);
std::optional<std::string> aes_256_cbc_decrypt(std::string_view key, std::string_view iv,
                                               std::string_view data);

// Time independent of where the first difference is (length still leaks).
bool constant_time_equal(std::string_view a, std::string_view b);

// Cryptographically strong random bytes; aborts if the RNG fails (a bug-level event).
std::string random_bytes(std::size_t n);

// RFC 3986: unreserved (ALPHA DIGIT - . _ ~) kept, everything else %XX (uppercase).
std::string url_encode(std::string_view text);
// %XX decoded; '+' is kept as '+' (query decoding is the HTTP layer's job).
// Malformed escapes are kept literally.
std::string url_decode(std::string_view text);

}  // namespace gridbot::crypto
