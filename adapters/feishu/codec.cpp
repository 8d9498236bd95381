#include "adapters/feishu/codec.h"

#include "adapters/common/pkcs7.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::feishu {

std::string bot_sign(std::string_view secret, std::string_view timestamp_s) {
    std::string key = std::string(timestamp_s) + "\n" + std::string(secret);
    return crypto::base64_encode(crypto::hmac_sha256(key, ""));
}

std::string event_signature(std::string_view timestamp, std::string_view nonce,
                            std::string_view encrypt_key, std::string_view raw_body) {
    std::string s;
    s.reserve(timestamp.size() + nonce.size() + encrypt_key.size() + raw_body.size());
    s.append(timestamp).append(nonce).append(encrypt_key).append(raw_body);
    return crypto::hex(crypto::sha256(s));
}

std::optional<std::string> decrypt(std::string_view encrypt_key, std::string_view encrypt_b64) {
    auto raw = crypto::base64_decode(encrypt_b64);
    if (!raw || raw->size() < 32 || raw->size() % 16 != 0) return std::nullopt;
    std::string key = crypto::sha256(encrypt_key);
    std::string_view all(*raw);
    auto plain = crypto::aes_256_cbc_decrypt(key, all.substr(0, 16), all.substr(16));
    if (!plain) return std::nullopt;
    return common::pkcs7_unpad(*plain, 16);
}

std::string encrypt(std::string_view encrypt_key, std::string_view iv, std::string_view plaintext) {
    if (iv.size() != 16) return {};
    auto ct = crypto::aes_256_cbc_encrypt(crypto::sha256(encrypt_key), iv,
                                          common::pkcs7_pad(plaintext, 16));
    return ct ? crypto::base64_encode(std::string(iv) + *ct) : std::string();
}

}  // namespace gridbot::adapters::feishu
