#pragma once
// The bodies of the inbound fuzz targets, header-only so that tests/fuzz/*.cpp
// (linked without gridbot_tests) and tests/unit/test_platform_regressions.cpp
// (which replays kept inputs) run exactly the same code.
//
// Input layout: byte 0 picks a mode, the rest is the payload. Modes that wrap
// the payload in a correctly signed (and encrypted) envelope — computed here
// with the fixed settings — get the fuzzer past verification into the decoders
// without any "skip verification" switch in the adapters.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/dingtalk/adapter.h"
#include "adapters/dingtalk/codec.h"
#include "adapters/feishu/adapter.h"
#include "adapters/feishu/codec.h"
#include "adapters/telegram/adapter.h"
#include "adapters/wecom/adapter.h"
#include "adapters/wecom/codec.h"

namespace gridbot::fuzz {

inline constexpr int64_t kNow = 1700000000;
inline constexpr const char* kWecomKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

inline void check(bool ok) {
    if (!ok) __builtin_trap();  // an invariant broke: make the fuzzer keep the input
}

// Invariants every inbound result must hold, whatever the input.
inline void check_result(const delivery::InboundResult& r) {
    using delivery::InboundVerdict;
    check(r.verdict == InboundVerdict::Message || r.messages.empty());
    check(r.verdict != InboundVerdict::Refused ||
          (r.response.status == 401 || r.response.status == 403));
    check(r.verdict != InboundVerdict::Malformed || r.response.status == 400);
}

inline void drive_wecom(const uint8_t* data, size_t size) {
    static auto adapter = adapters::wecom::make_adapter(
        {"fz",
         "wecom",
         {{"token", "QDG6eK"}, {"encoding_aes_key", kWecomKey}, {"receive_id", ""}}});
    static const std::string key = *adapters::wecom::derive_aes_key(kWecomKey);
    if (size == 0) return;
    const int mode = data[0] % 4;
    const std::string payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    delivery::InboundRequest req;
    req.method = "POST";
    req.now = kNow;
    const std::string ts = std::to_string(kNow);
    std::string enc;
    switch (mode) {
        case 0:  // raw body, arbitrary signature
            req.body = payload;
            req.query = {{"msg_signature", "0"}, {"timestamp", ts}, {"nonce", "n"}};
            break;
        case 1:  // payload is the decrypted XML/JSON, in a valid XML envelope
            enc = adapters::wecom::encrypt(key, "0123456789abcdef", payload, "");
            req.body = "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>";
            break;
        case 2:  // payload is the decrypted message, in a valid JSON envelope
            enc = adapters::wecom::encrypt(key, "0123456789abcdef", payload, "");
            req.body = nlohmann::json{{"encrypt", enc}}.dump();
            break;
        default:  // GET with payload as echostr, correctly signed: exercises decrypt
            req.method = "GET";
            enc = payload;
            req.query = {{"echostr", payload}};
            break;
    }
    if (mode != 0) {
        req.query.emplace("msg_signature", adapters::wecom::msg_signature("QDG6eK", ts, "n", enc));
        req.query.emplace("timestamp", ts);
        req.query.emplace("nonce", "n");
    }
    check_result(adapter->inbound(req));
    (void)adapters::wecom::xml_text(payload, "From/UserId");
    (void)adapters::wecom::decrypt(key, payload);
}

inline void drive_dingtalk(const uint8_t* data, size_t size) {
    static auto adapter = adapters::dingtalk::make_adapter(
        {"fz", "dingtalk", {{"app_secret", "fuzz-app-secret"}, {"access_token", "t"}}});
    if (size == 0) return;
    const std::string payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    delivery::InboundRequest req;
    req.method = "POST";
    req.now = kNow;
    const std::string ts = std::to_string(kNow * 1000);
    if (data[0] % 2 == 0) {  // the sign covers the timestamp only: payload is the body
        req.body = payload;
        req.headers = {{"timestamp", ts},
                       {"sign", adapters::dingtalk::sign("fuzz-app-secret", ts)}};
    } else {  // "timestamp\nsign\nbody" all from the input
        auto a = payload.find('\n');
        auto b = a == std::string::npos ? a : payload.find('\n', a + 1);
        req.headers = {{"timestamp", payload.substr(0, a)},
                       {"sign", a == std::string::npos ? "" : payload.substr(a + 1, b - a - 1)}};
        req.body = b == std::string::npos ? "" : payload.substr(b + 1);
    }
    check_result(adapter->inbound(req));
    // Outbound right after: exercises the session-webhook route the body may have set.
    delivery::OutboundMessage m;
    m.group = "g";
    m.text = payload.substr(0, 64);
    (void)adapter->outbound(m, kNow);
}

inline void drive_feishu(const uint8_t* data, size_t size) {
    static auto adapter = adapters::feishu::make_adapter(
        {"fz", "feishu", {{"encrypt_key", "ek"}, {"verification_token", "vt"}}});
    static auto plain_adapter =
        adapters::feishu::make_adapter({"fz", "feishu", {{"verification_token", "vt"}}});
    if (size == 0) return;
    const int mode = data[0] % 3;
    const std::string payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    delivery::InboundRequest req;
    req.method = "POST";
    req.now = kNow;
    const std::string ts = std::to_string(kNow);
    if (mode == 2) {  // token-only adapter, unsigned plain body
        req.body = payload;
        check_result(plain_adapter->inbound(req));
        return;
    }
    req.body = mode == 0 ? nlohmann::json{{"encrypt", adapters::feishu::encrypt(
                                                          "ek", "0123456789abcdef", payload)}}
                               .dump()
                         : payload;  // mode 1: raw body, correctly signed
    req.headers = {
        {"x-lark-request-timestamp", ts},
        {"x-lark-request-nonce", "n"},
        {"x-lark-signature", adapters::feishu::event_signature(ts, "n", "ek", req.body)}};
    check_result(adapter->inbound(req));
    (void)adapters::feishu::decrypt("ek", payload);
}

inline void drive_telegram(const uint8_t* data, size_t size) {
    static auto adapter = adapters::telegram::make_adapter(
        {"fz",
         "telegram",
         {{"bot_token", "1:x"}, {"secret_token", "st"}, {"parse_mode", "MarkdownV2"}}});
    if (size == 0) return;
    const std::string payload(reinterpret_cast<const char*>(data) + 1, size - 1);
    delivery::InboundRequest req;
    req.method = "POST";
    req.now = kNow;
    req.body = payload;
    req.headers = {
        {"x-telegram-bot-api-secret-token", data[0] % 2 == 0 ? "st" : payload.substr(0, 8)}};
    check_result(adapter->inbound(req));
    delivery::OutboundMessage m;
    m.group = "-1";
    m.text = payload;
    m.mentions = {"1", "@a"};
    for (const auto& q : adapter->outbound(m, kNow)) check(!q.body.empty());
}

}  // namespace gridbot::fuzz
