#include "adapters/wecom/adapter.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_read.h"
#include "adapters/common/text_limits.h"
#include "adapters/wecom/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::wecom {

using namespace delivery;
using common::header;
using common::PlatformAnswer;
using common::query;
using nlohmann::json;

namespace {

// In groups the callback text starts with "@RobotName "; the core wants the rest.
std::string strip_leading_mention(std::string text) {
    if (text.rfind('@', 0) != 0) return text;
    auto sp = text.find_first_of(" \n");
    if (sp == std::string::npos) return {};
    text.erase(0, sp);
    auto first = text.find_first_not_of(" \n");
    return first == std::string::npos ? std::string() : text.substr(first);
}

InboundResult message_result(InboundMessage m) {
    InboundResult r;
    r.verdict = InboundVerdict::Message;
    r.response.status = 200;  // empty body: no passive reply
    r.reason = "ok";
    r.messages.push_back(std::move(m));
    return r;
}

std::string mixed_text(const json& j) {
    std::string out;
    const auto& items = common::obj(common::obj(j, "mixed"), "msg_item");
    if (!items.is_array()) return out;
    for (const auto& it : items) {
        if (common::str(it, "msgtype") != "text") continue;
        if (!out.empty()) out += "\n";
        out += common::str(common::obj(it, "text"), "content");
    }
    return out;
}

}  // namespace

WecomAdapter::WecomAdapter(ChannelSettings settings) : AdapterBase(std::move(settings)) {
    token_ = setting("token");
    if (auto k = derive_aes_key(setting("encoding_aes_key"))) aes_key_ = *k;
    receive_id_ = setting("receive_id");
    if (auto s = common::parse_int(setting("max_clock_skew", "3600"))) max_skew_ = *s;
    add_secret(token_);
    add_secret(setting("encoding_aes_key"));
    add_secret(setting("key"));
    for (const auto& [k, v] : channel().settings) {
        if (k.size() > 4 && k.compare(k.size() - 4, 4, ".key") == 0) add_secret(v);
    }
}

InboundResult WecomAdapter::handle_inbound(const InboundRequest& req) {
    if (token_.empty() || aes_key_.empty())
        return refused("wecom.not_configured: token and a valid encoding_aes_key are required");
    const std::string sig = query(req, "msg_signature");
    const std::string ts = query(req, "timestamp");
    const std::string nonce = query(req, "nonce");
    if (sig.empty() || ts.empty() || nonce.empty())
        return refused("wecom.missing_signature: msg_signature, timestamp and nonce required", 401);
    auto ts_value = common::parse_int(ts);
    if (!ts_value) return refused("wecom.bad_timestamp", 401);
    if (max_skew_ > 0 && !common::within(req.now, *ts_value, max_skew_))
        return refused("wecom.stale_timestamp: timestamp " + ts + " too far from now", 401);

    std::string encrypt;
    std::string agent;
    if (req.method == "GET") {
        encrypt = query(req, "echostr");
    } else {
        auto first = req.body.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && req.body[first] == '<') {
            encrypt = xml_text(req.body, "Encrypt").value_or("");
            agent = xml_text(req.body, "AgentID").value_or("");
        } else {
            auto j = json::parse(req.body, nullptr, false);
            if (!j.is_discarded()) encrypt = common::str(j, "encrypt");
        }
    }
    if (encrypt.empty()) return refused("wecom.no_encrypt: nothing signed to verify", 401);
    if (!crypto::constant_time_equal(msg_signature(token_, ts, nonce, encrypt), sig))
        return refused("wecom.bad_signature: msg_signature mismatch (-40001)", 401);

    Decrypted d = decrypt(aes_key_, encrypt);
    if (d.error != DecryptError::None)
        return refused("wecom.decrypt_failed: error " + std::to_string(static_cast<int>(d.error)));
    if (d.receiveid != receive_id_)
        return refused("wecom.receiveid_mismatch: got \"" + d.receiveid.substr(0, 64) +
                       "\" (-40005)");

    if (req.method == "GET") {
        InboundResult r;
        r.verdict = InboundVerdict::Handshake;
        r.response.status = 200;
        r.response.body = d.msg;  // exact plaintext: no quotes, no newline
        r.reason = "url verification";
        return r;
    }
    auto result = decode_plaintext(d.msg, agent);
    for (auto& m : result.messages)
        if (m.time == 0) m.time = req.now;
    return result;
}

InboundResult WecomAdapter::decode_plaintext(const std::string& plain, const std::string& agent) {
    auto first = plain.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return malformed("wecom.empty_plaintext");
    InboundMessage m;
    if (plain[first] == '<') {
        if (auto chat = xml_text(plain, "ChatId")) {  // group-robot callback
            if (xml_text(plain, "MsgType").value_or("") != "text")
                return ignored("wecom.robot_non_text");
            m.group = *chat;
            m.sender_id = xml_text(plain, "From/UserId").value_or("");
            m.sender_name = xml_text(plain, "From/Name").value_or("");
            m.text = strip_leading_mention(xml_text(plain, "Text/Content").value_or(""));
            m.message_id = xml_text(plain, "MsgId").value_or("");
            return message_result(std::move(m));
        }
        if (xml_text(plain, "MsgType").value_or("") != "text") return ignored("wecom.app_non_text");
        m.group = "app:" + xml_text(plain, "AgentID").value_or(agent);
        m.sender_id = xml_text(plain, "FromUserName").value_or("");
        m.text = xml_text(plain, "Content").value_or("");
        m.message_id = xml_text(plain, "MsgId").value_or("");
        m.time = common::parse_int(xml_text(plain, "CreateTime").value_or("")).value_or(0);
        if (m.sender_id.empty()) return malformed("wecom.no_sender");
        return message_result(std::move(m));
    }
    auto j = json::parse(plain, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return malformed("wecom.bad_json_plaintext");
    if (j.contains("FromUserName")) {  // app callback in JSON format
        if (common::str(j, "MsgType") != "text") return ignored("wecom.app_non_text");
        m.group = "app:" + common::str(j, "AgentID");
        m.sender_id = common::str(j, "FromUserName");
        m.text = common::str(j, "Content");
        m.message_id = common::str(j, "MsgId");
        m.time = common::integer(j, "CreateTime").value_or(0);
        return message_result(std::move(m));
    }
    const std::string type = common::str(j, "msgtype");
    const bool group = common::str(j, "chattype") == "group";
    m.sender_id = common::str(common::obj(j, "from"), "userid");
    m.group = group ? common::str(j, "chatid") : "user:" + m.sender_id;
    m.message_id = common::str(j, "msgid");
    if (type == "text") {
        m.text = common::str(common::obj(j, "text"), "content");
    } else if (type == "mixed") {
        m.text = mixed_text(j);
    } else {
        return ignored("wecom.aibot_" + type.substr(0, 32));
    }
    if (group) m.text = strip_leading_mention(m.text);
    if (m.sender_id.empty() || m.group.empty()) return malformed("wecom.no_sender_or_chat");
    return message_result(std::move(m));
}

std::string WecomAdapter::robot_url(const std::string& group) const {
    std::string url = group_setting(group, "webhook_url");
    if (!url.empty()) return url;
    std::string key = group_setting(group, "key");
    if (key.empty()) return {};
    return group_setting(group, "base_url", "https://qyapi.weixin.qq.com") +
           "/cgi-bin/webhook/send?key=" + crypto::url_encode(key);
}

std::vector<HttpRequest> WecomAdapter::build_outbound(const OutboundMessage& msg, int64_t) {
    std::vector<HttpRequest> out;
    const std::string url = robot_url(msg.group);
    if (url.empty()) return out;  // no robot for this group: the dispatcher fails it
    const bool truncate = group_setting(msg.group, "overflow", "split") == "truncate";

    std::string text = msg.text;
    if (msg.markdown && !msg.mentions.empty()) {
        std::string line;
        for (const auto& id : msg.mentions) line += "<@" + id + "> ";
        text = line + "\n" + text;
    }
    const std::size_t limit = msg.markdown ? kMarkdownLimitBytes : kTextLimitBytes;
    std::vector<std::string> parts =
        truncate
            ? std::vector<std::string>{common::truncate_utf8_bytes(text, limit, kTruncateMarker)}
            : common::split_utf8_bytes(text, limit);

    json mentioned = json::array();
    for (const auto& id : msg.mentions) mentioned.push_back(id);
    if (msg.mention_all) mentioned.push_back("@all");
    json mobiles = json::array();
    for (const auto& p : msg.mention_phones) mobiles.push_back(p);

    auto request = [&](const json& body) {
        HttpRequest r;
        r.url = url;
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
        out.push_back(std::move(r));
    };
    for (std::size_t i = 0; i < parts.size(); ++i) {
        json body;
        if (msg.markdown) {
            body = {{"msgtype", "markdown"}, {"markdown", {{"content", parts[i]}}}};
        } else {
            body = {{"msgtype", "text"}, {"text", {{"content", parts[i]}}}};
            if (i == 0 && !mentioned.empty()) body["text"]["mentioned_list"] = mentioned;
            if (i == 0 && !mobiles.empty()) body["text"]["mentioned_mobile_list"] = mobiles;
        }
        request(body);
    }
    // Markdown cannot @all or @mobile: a short text message carries those pings.
    if (msg.markdown && (msg.mention_all || !mobiles.empty())) {
        json list = json::array();
        if (msg.mention_all) list.push_back("@all");
        json body = {{"msgtype", "text"},
                     {"text",
                      {{"content", common::truncate_utf8_bytes(
                                       msg.text.substr(0, msg.text.find('\n')), 200, "…")},
                       {"mentioned_list", list}}}};
        if (!mobiles.empty()) body["text"]["mentioned_mobile_list"] = mobiles;
        request(body);
    }
    return out;
}

PlatformAnswer WecomAdapter::read_answer(const HttpResponse& resp) const {
    return common::errcode_answer(resp);
}

const common::ClassifyRules& WecomAdapter::rules() const {
    using std::chrono::seconds;
    static const common::ClassifyRules r{
        {{45009, seconds(65)}, {45033, seconds(65)}},
        {-1},
        {42001, 40014, 42007, 42009},
    };
    return r;
}

std::unique_ptr<Adapter> make_adapter(const ChannelSettings& settings) {
    return std::make_unique<WecomAdapter>(settings);
}

}  // namespace gridbot::adapters::wecom
