#include "adapters/feishu/adapter.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_read.h"
#include "adapters/common/text_limits.h"
#include "adapters/feishu/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::feishu {

using namespace delivery;
using common::header;
using common::PlatformAnswer;
using common::query;
using nlohmann::json;

namespace {

const char* kSuccessBody = R"({"msg":"success"})";

std::string trim_spaces(const std::string& s) {
    auto a = s.find_first_not_of(' ');
    if (a == std::string::npos) return {};
    return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

// Text of a "post" (rich text) message: its title and every text/at/a element.
std::string post_text(const json& c) {
    std::string out = common::str(c, "title");
    const auto& lines = common::obj(c, "content");
    if (!lines.is_array()) return out;
    for (const auto& line : lines) {
        if (!line.is_array()) continue;
        if (!out.empty()) out += "\n";
        for (const auto& el : line) {
            const std::string tag = common::str(el, "tag");
            if (tag == "text" || tag == "a") out += common::str(el, "text");
        }
    }
    return out;
}

InboundResult message_event(const json& ev, const json& hdr) {
    const auto& message = common::obj(ev, "message");
    InboundMessage m;
    m.group = common::str(message, "chat_id");
    const auto& sid = common::obj(common::obj(ev, "sender"), "sender_id");
    m.sender_id = common::str(sid, "open_id");
    if (m.sender_id.empty()) m.sender_id = common::str(sid, "user_id");
    m.message_id = common::str(hdr, "event_id");
    m.time = common::integer(message, "create_time").value_or(0) / 1000;
    auto content = json::parse(common::str(message, "content"), nullptr, false);
    if (content.is_discarded())
        return common::AdapterBase::ignored("feishu.bad_content", kSuccessBody);
    const std::string type = common::str(message, "message_type");
    if (type == "text") {
        m.text = common::str(content, "text");
    } else if (type == "post") {
        m.text = post_text(content);
    } else {
        return common::AdapterBase::ignored("feishu.non_text", kSuccessBody);
    }
    const auto& mentions = common::obj(message, "mentions");
    if (mentions.is_array()) {
        for (const auto& men : mentions) {
            const std::string key = common::str(men, "key");
            for (auto pos = key.empty() ? std::string::npos : m.text.find(key);
                 pos != std::string::npos; pos = m.text.find(key, pos)) {
                // "@_user_1" must not match inside "@_user_10".
                auto end = pos + key.size();
                if (end < m.text.size() && m.text[end] >= '0' && m.text[end] <= '9') {
                    pos = end;
                    continue;
                }
                m.text.erase(pos, key.size() + (end < m.text.size() && m.text[end] == ' ' ? 1 : 0));
            }
            std::string id = common::str(common::obj(men, "id"), "open_id");
            if (!id.empty()) m.mentions.push_back(id);
        }
    }
    m.text = trim_spaces(m.text);
    if (m.group.empty() || m.sender_id.empty() || m.message_id.empty())
        return common::AdapterBase::malformed("feishu.incomplete_message");
    InboundResult r;
    r.verdict = InboundVerdict::Message;
    r.response = {200, kSuccessBody, "application/json; charset=utf-8"};
    r.reason = "ok";
    r.messages.push_back(std::move(m));
    return r;
}

}  // namespace

FeishuAdapter::FeishuAdapter(ChannelSettings settings) : AdapterBase(std::move(settings)) {
    encrypt_key_ = setting("encrypt_key");
    verification_token_ = setting("verification_token");
    if (auto s = common::parse_int(setting("max_clock_skew", "0"))) max_skew_ = *s;
    for (const auto& [k, v] : channel().settings) {
        auto ends = [&key = k](std::string_view suffix) { return common::ends_with(key, suffix); };
        if (ends("secret") || ends("hook") || ends("encrypt_key") || ends("verification_token"))
            add_secret(v);
    }
}

InboundResult FeishuAdapter::handle_inbound(const InboundRequest& req) {
    if (encrypt_key_.empty() && verification_token_.empty())
        return refused("feishu.not_configured: encrypt_key or verification_token required");
    const std::string sig = header(req, "x-lark-signature");
    const std::string ts = header(req, "x-lark-request-timestamp");
    const std::string nonce = header(req, "x-lark-request-nonce");
    bool signed_ok = false;
    if (!encrypt_key_.empty() && !sig.empty()) {
        if (!crypto::constant_time_equal(event_signature(ts, nonce, encrypt_key_, req.body), sig))
            return refused("feishu.bad_signature", 401);
        signed_ok = true;
    }
    if (max_skew_ > 0 && !ts.empty()) {
        auto t = common::parse_int(ts);
        if (!t || !common::within(req.now, *t, max_skew_))
            return refused("feishu.stale_timestamp", 401);
    }

    auto outer = json::parse(req.body, nullptr, false);
    if (outer.is_discarded() || !outer.is_object())
        return signed_ok ? malformed("feishu.bad_json") : refused("feishu.unreadable", 401);
    json body = std::move(outer);
    if (body.contains("encrypt")) {
        if (encrypt_key_.empty()) return refused("feishu.encrypted_but_no_key");
        auto plain = decrypt(encrypt_key_, common::str(body, "encrypt"));
        if (!plain) return refused("feishu.decrypt_failed", 401);
        body = json::parse(*plain, nullptr, false);
        if (body.is_discarded() || !body.is_object())
            return refused("feishu.decrypted_unreadable", 401);
    }
    const auto& hdr = common::obj(body, "header");
    const std::string token =
        hdr.is_object() ? common::str(hdr, "token") : common::str(body, "token");
    const bool token_ok =
        !verification_token_.empty() && crypto::constant_time_equal(token, verification_token_);
    if (!verification_token_.empty() && !token_ok) return refused("feishu.bad_token", 401);
    const bool challenge = common::str(body, "type") == "url_verification";
    // Unsigned requests are accepted only where Feishu does not sign: the challenge,
    // or every request when no Encrypt Key is configured (token check only).
    if (!signed_ok && !encrypt_key_.empty() && !(challenge && token_ok))
        return refused("feishu.unsigned", 401);

    if (challenge) {
        InboundResult r;
        r.verdict = InboundVerdict::Handshake;
        r.response = {200, json{{"challenge", common::str(body, "challenge")}}.dump(),
                      "application/json"};
        r.reason = "url verification";
        return r;
    }
    if (common::str(hdr, "event_type") != "im.message.receive_v1")
        return ignored("feishu.event_not_handled", kSuccessBody);
    return message_event(common::obj(body, "event"), hdr);
}

std::vector<HttpRequest> FeishuAdapter::build_outbound(const OutboundMessage& msg, int64_t now) {
    std::vector<HttpRequest> out;
    std::string url = group_setting(msg.group, "webhook_url");
    if (url.empty()) {
        std::string hook = group_setting(msg.group, "hook");
        if (hook.empty()) return out;
        url = group_setting(msg.group, "base_url", "https://open.feishu.cn") +
              "/open-apis/bot/v2/hook/" + crypto::url_encode(hook);
    }
    const std::string secret = group_setting(msg.group, "secret");
    // Custom bots mention by open_id only; cards use <at id=..>, text <at user_id="..">.
    std::string ping;
    for (const auto& id : msg.mentions)
        ping += msg.markdown ? "<at id=" + id + "></at> " : "<at user_id=\"" + id + "\"></at> ";
    if (msg.mention_all)
        ping += msg.markdown ? "<at id=all></at> " : "<at user_id=\"all\">所有人</at> ";

    const std::string ts = std::to_string(now);
    const std::string sign = secret.empty() ? std::string() : bot_sign(secret, ts);
    auto body_of = [&](std::string_view piece) {
        const std::string content(piece);
        json body;
        if (msg.markdown) {
            body = {{"msg_type", "interactive"},
                    {"card",
                     {{"elements", json::array({{{"tag", "markdown"}, {"content", content}}})}}}};
        } else {
            body = {{"msg_type", "text"}, {"content", {{"text", content}}}};
        }
        if (!secret.empty()) {
            body["timestamp"] = ts;
            body["sign"] = sign;
        }
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    // The mentions lead the first piece; every piece's whole body fits the limit.
    const std::string text = ping + msg.text;
    std::vector<std::string> parts;
    if (body_of(text).size() <= kBodyLimitBytes) {
        parts = {text};
    } else if (group_setting(msg.group, "overflow", "split") == "truncate") {
        const std::string marker = "…(内容过长，已截断)";
        parts = common::split_encoded(text, kBodyLimitBytes, [&](std::string_view p) {
            return body_of(std::string(p) + marker).size();
        });
        if (parts.size() > 1) parts = {parts[0] + marker};
    } else {
        parts = common::split_encoded(text, kBodyLimitBytes,
                                      [&](std::string_view p) { return body_of(p).size(); });
    }
    for (const auto& part : parts) {
        HttpRequest r;
        r.url = url;
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = body_of(part);
        out.push_back(std::move(r));
    }
    return out;
}

PlatformAnswer FeishuAdapter::read_answer(const HttpResponse& resp) const {
    PlatformAnswer a;
    a.http_status = resp.status;
    a.transport_error = resp.transport_error;
    a.code_name = "code";
    a.message_name = "msg";
    auto j = json::parse(resp.body, nullptr, false);
    if (!j.is_discarded()) {
        a.code = common::integer(j, "code");
        a.message = common::str(j, "msg");
        if (!a.code) {  // older answers carry only the legacy fields
            a.code = common::integer(j, "StatusCode");
            a.message = common::str(j, "StatusMessage");
        }
    }
    auto reset = resp.headers.find("x-ogw-ratelimit-reset");
    if (reset != resp.headers.end()) {
        if (auto s = common::parse_int(reset->second); s && *s >= 0 && *s < 86400)
            a.retry_after = std::chrono::seconds(*s);
    }
    if (!a.code && resp.status == 429) a.code = 11232;  // gateway-level limit
    return a;
}

const common::ClassifyRules& FeishuAdapter::rules() const {
    using std::chrono::seconds;
    static const common::ClassifyRules r{
        {{11232, seconds(10)}, {230020, seconds(10)}},
        {-1, 1000004},
        {99991661, 99991663, 99991668},
    };
    return r;
}

std::unique_ptr<Adapter> make_adapter(const ChannelSettings& settings) {
    return std::make_unique<FeishuAdapter>(settings);
}

}  // namespace gridbot::adapters::feishu
