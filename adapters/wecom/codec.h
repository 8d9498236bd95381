#pragma once
// WXBizMsgCrypt as WeCom (and WeChat MP) use it: SHA1 msg_signature over the
// sorted strings, AES-256-CBC with IV = key[0:16], PKCS#7 with a 32-byte block,
// plaintext = random(16) ‖ len(u32 BE) ‖ msg ‖ receiveid. See platforms.md §1.3.
#include <optional>
#include <string>
#include <string_view>

namespace gridbot::adapters::wecom {

// base64decode(EncodingAESKey + "="); nullopt unless 43 chars giving 32 bytes.
std::optional<std::string> derive_aes_key(std::string_view encoding_aes_key);

// hex_lower(SHA1(concat(sort([token, timestamp, nonce, encrypt])))).
std::string msg_signature(std::string_view token, std::string_view timestamp,
                          std::string_view nonce, std::string_view encrypt);

enum class DecryptError { None, Base64, Length, Cipher, Padding, Layout };

struct Decrypted {
    DecryptError error = DecryptError::None;
    std::string random;
    std::string msg;
    std::string receiveid;
};

// Strict: base64, a whole number of blocks, valid PKCS#7-32 and a msg_len that
// fits. The receiveid is returned, not checked (the caller compares it).
Decrypted decrypt(std::string_view aes_key, std::string_view encrypt_b64);

// The inverse, with the 16-byte random prefix chosen by the caller (tests and
// fakes pass fixed bytes to reproduce official ciphertexts).
std::string encrypt(std::string_view aes_key, std::string_view random16, std::string_view msg,
                    std::string_view receiveid);

// Text of the first <name>…</name> element (CDATA unwrapped), searching only
// inside `xml`. Nested paths use '/': "From/UserId". nullopt when absent.
std::optional<std::string> xml_text(std::string_view xml, std::string_view path);

}  // namespace gridbot::adapters::wecom
