#include "adapters/wecom/codec.h"

#include <algorithm>
#include <array>

#include "adapters/common/pkcs7.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::wecom {

namespace crypto = gridbot::crypto;

std::optional<std::string> derive_aes_key(std::string_view encoding_aes_key) {
    if (encoding_aes_key.size() != 43) return std::nullopt;
    // The 43rd character carries 2 spare bits that WeCom keys do not keep zero;
    // base64_decode drops them, which is what the official samples do.
    auto key = crypto::base64_decode(std::string(encoding_aes_key) + "=");
    if (!key || key->size() != 32) return std::nullopt;
    return key;
}

std::string msg_signature(std::string_view token, std::string_view timestamp,
                          std::string_view nonce, std::string_view encrypt) {
    std::array<std::string_view, 4> parts{token, timestamp, nonce, encrypt};
    std::sort(parts.begin(), parts.end());
    std::string joined;
    for (auto p : parts) joined += p;
    return crypto::hex(crypto::sha1(joined));
}

Decrypted decrypt(std::string_view aes_key, std::string_view encrypt_b64) {
    Decrypted d;
    auto raw = crypto::base64_decode(encrypt_b64);
    if (!raw) {
        d.error = DecryptError::Base64;
        return d;
    }
    if (raw->empty() || raw->size() % 32 != 0) {
        d.error = DecryptError::Length;
        return d;
    }
    auto plain = crypto::aes_256_cbc_decrypt(aes_key, aes_key.substr(0, 16), *raw);
    if (!plain) {
        d.error = DecryptError::Cipher;
        return d;
    }
    auto unpadded = common::pkcs7_unpad(*plain, 32);
    if (!unpadded) {
        d.error = DecryptError::Padding;
        return d;
    }
    const std::string& p = *unpadded;
    if (p.size() < 20) {
        d.error = DecryptError::Layout;
        return d;
    }
    auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i]));
    };
    std::uint32_t len = (byte(16) << 24) | (byte(17) << 16) | (byte(18) << 8) | byte(19);
    if (len > p.size() - 20) {
        d.error = DecryptError::Layout;
        return d;
    }
    d.random = p.substr(0, 16);
    d.msg = p.substr(20, len);
    d.receiveid = p.substr(20 + len);
    return d;
}

std::string encrypt(std::string_view aes_key, std::string_view random16, std::string_view msg,
                    std::string_view receiveid) {
    std::string p(random16.substr(0, 16));
    p.resize(16, '0');
    auto len = static_cast<std::uint32_t>(msg.size());
    p.push_back(static_cast<char>((len >> 24) & 0xff));
    p.push_back(static_cast<char>((len >> 16) & 0xff));
    p.push_back(static_cast<char>((len >> 8) & 0xff));
    p.push_back(static_cast<char>(len & 0xff));
    p += msg;
    p += receiveid;
    auto ct = crypto::aes_256_cbc_encrypt(aes_key, aes_key.substr(0, 16), common::pkcs7_pad(p, 32));
    return ct ? crypto::base64_encode(*ct) : std::string();
}

namespace {

std::optional<std::string_view> element(std::string_view xml, std::string_view name) {
    // Built with append(): GCC 12 warns falsely (-Wrestrict) on "<" + s + ">".
    std::string open;
    open.reserve(name.size() + 3);
    open.append("<").append(name).append(">");
    std::string close;
    close.reserve(name.size() + 3);
    close.append("</").append(name).append(">");
    auto a = xml.find(open);
    if (a == std::string_view::npos) return std::nullopt;
    a += open.size();
    auto b = xml.find(close, a);
    if (b == std::string_view::npos) return std::nullopt;
    return xml.substr(a, b - a);
}

}  // namespace

std::optional<std::string> xml_text(std::string_view xml, std::string_view path) {
    std::string_view cur = xml;
    while (!path.empty()) {
        auto slash = path.find('/');
        auto name = path.substr(0, slash);
        auto e = element(cur, name);
        if (!e) return std::nullopt;
        cur = *e;
        path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    }
    // Trim whitespace around a CDATA section; plain text is returned as is.
    auto first = cur.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && cur.substr(first).rfind("<![CDATA[", 0) == 0) {
        auto start = first + 9;
        auto end = cur.find("]]>", start);
        if (end == std::string_view::npos) return std::nullopt;
        return std::string(cur.substr(start, end - start));
    }
    return std::string(cur);
}

}  // namespace gridbot::adapters::wecom
