#include "adapters/dingtalk/codec.h"

#include "bot/core/crypto.h"

namespace gridbot::adapters::dingtalk {

std::string sign(std::string_view secret, std::string_view timestamp_ms) {
    std::string to_sign = std::string(timestamp_ms) + "\n" + std::string(secret);
    return crypto::base64_encode(crypto::hmac_sha256(secret, to_sign));
}

std::string signed_url(std::string_view webhook, std::string_view secret,
                       std::string_view timestamp_ms) {
    std::string url(webhook);
    url += url.find('?') == std::string::npos ? "?" : "&";
    url += "timestamp=" + std::string(timestamp_ms) +
           "&sign=" + crypto::url_encode(sign(secret, timestamp_ms));
    return url;
}

}  // namespace gridbot::adapters::dingtalk
