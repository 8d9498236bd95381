#include "adapters/webhook/adapter.h"

#include <nlohmann/json.hpp>

#include "bot/core/crypto.h"

namespace gridbot::adapters::webhook {

using nlohmann::json;

WebhookAdapter::WebhookAdapter(delivery::ChannelSettings settings)
    : AdapterBase(std::move(settings)), secret_(setting("secret")) {
    add_secret(secret_);
    if (auto w = common::parse_int(setting("window_seconds", "300")); w && *w > 0) window_ = *w;
}

std::string WebhookAdapter::sign(std::string_view secret, std::string_view timestamp,
                                 std::string_view body) {
    std::string msg;
    msg.reserve(timestamp.size() + 1 + body.size());
    msg.append(timestamp).append(".").append(body);
    return "sha256=" + crypto::hex(crypto::hmac_sha256(secret, msg));
}

delivery::InboundResult WebhookAdapter::handle_inbound(const delivery::InboundRequest& req) {
    if (req.method != "POST") return refused("webhook: only POST carries messages", 405);
    if (secret_.empty()) return refused("webhook: channel has no secret configured", 401);
    std::string ts = common::header(req, "x-gridbot-timestamp");
    std::string sig = common::header(req, "x-gridbot-signature");
    auto t = common::parse_int(ts);
    if (!t) return refused("webhook: missing or malformed X-Gridbot-Timestamp", 401);
    if (*t > req.now + window_ || *t < req.now - window_) {
        return refused(
            "webhook: timestamp " + ts + " outside the " + std::to_string(window_) + " s window",
            401);
    }
    if (!crypto::constant_time_equal(sig, sign(secret_, ts, req.body))) {
        return refused("webhook: bad signature", 401);
    }
    // Verified: parse leniently, never throw.
    json j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return malformed("webhook: body is not a JSON object");
    auto str = [](const json& o, const char* k) -> std::optional<std::string> {
        auto it = o.find(k);
        if (it == o.end()) return std::nullopt;
        if (it->is_string()) return it->get<std::string>();
        if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
        return std::nullopt;
    };
    auto group = str(j, "group");
    auto text = str(j, "text");
    auto message_id = str(j, "message_id");
    auto sender = j.find("sender");
    if (!group || group->empty() || !text || !message_id || message_id->empty() ||
        sender == j.end() || !sender->is_object() || !str(*sender, "id")) {
        return malformed("webhook: expected group, sender.id, text and message_id");
    }
    delivery::InboundMessage m;
    m.channel = channel().name;
    m.group = *group;
    m.sender_id = *str(*sender, "id");
    m.sender_name = str(*sender, "name").value_or("");
    m.text = *text;
    m.message_id = *message_id;
    auto time = j.find("time");
    m.time = time != j.end() && time->is_number_integer() ? time->get<int64_t>() : req.now;
    delivery::InboundResult r;
    r.verdict = delivery::InboundVerdict::Message;
    r.messages.push_back(std::move(m));
    r.response = {200, R"({"ok":true})", "application/json"};
    return r;
}

std::vector<delivery::HttpRequest> WebhookAdapter::build_outbound(
    const delivery::OutboundMessage& msg, int64_t now) {
    std::string url = group_setting(msg.group, "url");
    if (auto at = url.find("{group}"); at != std::string::npos) {
        url.replace(at, 7, crypto::url_encode(msg.group));
    }
    json body = {{"channel", channel().name},
                 {"group", msg.group},
                 {"text", msg.text},
                 {"format", msg.markdown ? "markdown" : "text"},
                 {"mentions", msg.mentions},
                 {"mention_all", msg.mention_all},
                 {"idempotency_key", msg.idempotency_key}};
    delivery::HttpRequest r;
    r.url = url;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string ts = std::to_string(now);
    r.headers = {{"Content-Type", "application/json"},
                 {"X-Gridbot-Timestamp", ts},
                 {"X-Gridbot-Signature", sign(secret_, ts, r.body)},
                 {"Idempotency-Key", msg.idempotency_key}};
    return {r};
}

common::PlatformAnswer WebhookAdapter::read_answer(const delivery::HttpResponse& resp) const {
    common::PlatformAnswer a;
    a.http_status = resp.status;
    a.transport_error = resp.transport_error;
    a.code_name = "http";
    a.message_name = "body";
    if (resp.status >= 200 && resp.status < 300) {
        a.code = 0;
    } else if (resp.status == 429 || resp.status >= 500) {
        auto it = resp.headers.find("retry-after");
        if (it != resp.headers.end()) {
            if (auto s = common::parse_int(it->second); s && *s >= 0) {
                a.retry_after = std::chrono::seconds(*s);
            }
        }
    } else if (resp.status > 0) {
        a.code = resp.status;  // other 4xx: fails at once
        a.message = resp.body.substr(0, 200);
    }
    return a;
}

const common::ClassifyRules& WebhookAdapter::rules() const {
    static const common::ClassifyRules r;
    return r;
}

}  // namespace gridbot::adapters::webhook
