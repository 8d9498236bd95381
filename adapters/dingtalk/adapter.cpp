#include "adapters/dingtalk/adapter.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_read.h"
#include "adapters/common/text_limits.h"
#include "adapters/dingtalk/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::dingtalk {

using namespace delivery;
using common::header;
using common::PlatformAnswer;
using common::query;
using nlohmann::json;

namespace {

constexpr long long kSessionMarginMs = 60'000;

std::string trim_leading_spaces(std::string s) {
    auto first = s.find_first_not_of(' ');
    return first == std::string::npos ? std::string() : s.substr(first);
}

std::string rich_text(const json& j) {
    std::string out;
    const auto& items = common::obj(common::obj(j, "content"), "richText");
    if (!items.is_array()) return out;
    for (const auto& it : items) out += common::str(it, "text");
    return out;
}

// A markdown message needs a title: the first line without heading marks.
std::string title_of(const std::string& text) {
    std::string line = text.substr(0, text.find('\n'));
    auto first = line.find_first_not_of("# ");
    line = first == std::string::npos ? std::string() : line.substr(first);
    if (line.empty()) line = "通知";
    return common::truncate_utf8_bytes(line, 64, "…");
}

}  // namespace

DingtalkAdapter::DingtalkAdapter(ChannelSettings settings) : AdapterBase(std::move(settings)) {
    app_secret_ = setting("app_secret");
    session_prefix_ = setting("session_webhook_prefix", "https://oapi.dingtalk.com/");
    if (auto s = common::parse_int(setting("max_clock_skew", "3600"))) max_skew_ = *s;
    for (const auto& [k, v] : channel().settings) {
        auto ends = [&key = k](std::string_view suffix) { return common::ends_with(key, suffix); };
        if (ends("secret") || ends("access_token")) add_secret(v);
    }
}

InboundResult DingtalkAdapter::handle_inbound(const InboundRequest& req) {
    if (app_secret_.empty()) return refused("dingtalk.not_configured: app_secret is required");
    const std::string ts = header(req, "timestamp");
    const std::string sig = header(req, "sign");
    if (ts.empty() || sig.empty()) return refused("dingtalk.missing_signature", 401);
    auto ts_ms = common::parse_int(ts);
    if (!ts_ms) return refused("dingtalk.bad_timestamp", 401);
    if (max_skew_ > 0 && !common::within(req.now * 1000, *ts_ms, max_skew_ * 1000))
        return refused("dingtalk.stale_timestamp: timestamp " + ts + " outside the window", 401);
    if (!crypto::constant_time_equal(sign(app_secret_, ts), sig))
        return refused("dingtalk.bad_signature", 401);

    auto j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return malformed("dingtalk.bad_json");
    InboundMessage m;
    const std::string type = common::str(j, "msgtype");
    if (type == "text") {
        m.text = common::str(common::obj(j, "text"), "content");
    } else if (type == "richText") {
        m.text = rich_text(j);
    } else {
        return ignored("dingtalk.non_text");
    }
    m.text = trim_leading_spaces(m.text);  // "@robot" is removed, its space stays
    m.group = common::str(j, "conversationId");
    m.sender_id = common::str(j, "senderStaffId");
    if (m.sender_id.empty()) m.sender_id = common::str(j, "senderId");
    m.sender_name = common::str(j, "senderNick");
    m.message_id = common::str(j, "msgId");
    m.time = common::integer(j, "createAt").value_or(req.now * 1000) / 1000;
    const std::string bot = common::str(j, "chatbotUserId");
    const auto& at = common::obj(j, "atUsers");
    if (at.is_array()) {
        for (const auto& u : at) {
            if (!bot.empty() && common::str(u, "dingtalkId") == bot) continue;
            std::string id = common::str(u, "staffId");
            if (!id.empty()) m.mentions.push_back(id);
        }
    }
    if (m.group.empty() || m.sender_id.empty())
        return malformed("dingtalk.no_conversation_or_sender");
    m.extra["dingtalk.conversation_type"] = common::str(j, "conversationType");
    const std::string session = common::str(j, "sessionWebhook");
    auto expires = common::integer(j, "sessionWebhookExpiredTime");
    if (!session.empty() && expires && session.rfind(session_prefix_, 0) == 0) {
        m.extra["dingtalk.session_webhook"] = session;
        m.extra["dingtalk.session_webhook_expires_ms"] = std::to_string(*expires);
        remember(m.group, session, *expires);
    }
    InboundResult r;
    r.verdict = InboundVerdict::Message;
    r.response.status = 200;
    r.reason = "ok";
    r.messages.push_back(std::move(m));
    return r;
}

void DingtalkAdapter::restore_reply_context(const InboundMessage& m) {
    auto url = m.extra.find("dingtalk.session_webhook");
    auto exp = m.extra.find("dingtalk.session_webhook_expires_ms");
    if (url == m.extra.end() || exp == m.extra.end()) return;
    auto ms = common::parse_int(exp->second);
    if (ms && url->second.rfind(session_prefix_, 0) == 0) remember(m.group, url->second, *ms);
}

void DingtalkAdapter::remember(const std::string& group, const std::string& url,
                               long long expires_ms) {
    std::lock_guard lock(mu_);
    auto& s = sessions_[group];
    if (expires_ms >= s.expires_ms) s = Session{url, expires_ms};
}

std::string DingtalkAdapter::route(const std::string& group, int64_t now, bool& signed_robot) {
    signed_robot = false;
    {
        std::lock_guard lock(mu_);
        auto it = sessions_.find(group);
        if (it != sessions_.end()) {
            if (now * 1000 + kSessionMarginMs < it->second.expires_ms) return it->second.url;
            sessions_.erase(it);
        }
    }
    std::string url = group_setting(group, "webhook_url");
    if (url.empty()) {
        std::string token = group_setting(group, "access_token");
        if (token.empty()) return {};
        url = group_setting(group, "base_url", "https://oapi.dingtalk.com") +
              "/robot/send?access_token=" + crypto::url_encode(token);
    }
    signed_robot = true;
    return url;
}

std::vector<HttpRequest> DingtalkAdapter::build_outbound(const OutboundMessage& msg, int64_t now) {
    std::vector<HttpRequest> out;
    bool robot = false;
    const std::string base = route(msg.group, now, robot);
    if (base.empty()) return out;
    const std::string secret = robot ? group_setting(msg.group, "secret") : std::string();

    // atMobiles / atUserIds only ping when "@<id>" also appears in the content.
    std::string ping;
    for (const auto& p : msg.mention_phones) ping += "@" + p + " ";
    for (const auto& u : msg.mentions) ping += "@" + u + " ";
    if (!ping.empty()) ping.pop_back();
    json at = {{"atMobiles", msg.mention_phones},
               {"atUserIds", msg.mentions},
               {"isAtAll", msg.mention_all}};

    // One piece's body as sent; the mentions follow the first piece.
    auto body_of = [&](std::string_view part, bool first) {
        std::string content(part);
        if (first && !ping.empty()) content += "\n" + ping;
        json body;
        if (msg.markdown) {
            body = {{"msgtype", "markdown"},
                    {"markdown", {{"title", title_of(std::string(part))}, {"text", content}}}};
        } else {
            body = {{"msgtype", "text"}, {"text", {{"content", content}}}};
        }
        if (first) body["at"] = at;
        return body.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    // Every piece is measured as the first (with the mentions), so every body fits.
    auto encoded = [&](std::string_view p) { return body_of(p, true).size(); };
    std::vector<std::string> parts;
    if (encoded(msg.text) <= kBodyLimitBytes) {
        parts = {msg.text};
    } else if (group_setting(msg.group, "overflow", "split") == "truncate") {
        const std::string marker = "…(内容过长，已截断)";
        parts = common::split_encoded(msg.text, kBodyLimitBytes, [&](std::string_view p) {
            return encoded(std::string(p) + marker);
        });
        parts = {parts[0] + marker};
    } else {
        parts = common::split_encoded(msg.text, kBodyLimitBytes, encoded);
    }
    const std::string ts_ms = std::to_string(now * 1000);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        HttpRequest r;
        r.url = secret.empty() ? base : signed_url(base, secret, ts_ms);
        r.headers.emplace_back("Content-Type", "application/json;charset=utf-8");
        r.body = body_of(parts[i], i == 0);
        out.push_back(std::move(r));
    }
    return out;
}

PlatformAnswer DingtalkAdapter::read_answer(const HttpResponse& resp) const {
    return common::errcode_answer(resp);
}

const common::ClassifyRules& DingtalkAdapter::rules() const {
    using std::chrono::seconds;
    // 130101: "send too fast"; the robot is reportedly throttled for up to 10 min,
    // so retry no sooner than a minute.
    static const common::ClassifyRules r{
        {{130101, seconds(60)}, {410100, seconds(60)}},
        {-1},
        {42001, 40014},
    };
    return r;
}

std::unique_ptr<Adapter> make_adapter(const ChannelSettings& settings) {
    return std::make_unique<DingtalkAdapter>(settings);
}

}  // namespace gridbot::adapters::dingtalk
