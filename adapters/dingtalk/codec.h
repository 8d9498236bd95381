#pragma once
// DingTalk signatures (platforms.md §2): both directions are
// base64(HMAC-SHA256(key = secret, msg = timestamp_ms + "\n" + secret)); outbound
// puts it URL-encoded in the query, inbound sends it raw in the `sign` header.
#include <string>
#include <string_view>

namespace gridbot::adapters::dingtalk {

std::string sign(std::string_view secret, std::string_view timestamp_ms);

// webhook + "&timestamp=<ms>&sign=<urlencoded>" ("?" if the URL has no query).
std::string signed_url(std::string_view webhook, std::string_view secret,
                       std::string_view timestamp_ms);

}  // namespace gridbot::adapters::dingtalk
