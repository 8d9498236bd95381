#include "adapters/telegram/adapter.h"

#include <nlohmann/json.hpp>

#include "adapters/common/json_read.h"
#include "adapters/common/text_limits.h"
#include "adapters/telegram/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::adapters::telegram {

using namespace delivery;
using common::header;
using common::PlatformAnswer;
using common::query;
using nlohmann::json;

namespace {

// A numeric user id that fits int64 (only those can become tg://user links).
bool all_digits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
           common::parse_int(s).has_value();
}

// Mentions named in entities: "mention" gives "@username", "text_mention" the user id.
std::vector<std::string> entity_mentions(const std::string& text, const json& entities) {
    std::vector<std::string> out;
    if (!entities.is_array()) return out;
    for (const auto& e : entities) {
        const std::string type = common::str(e, "type");
        if (type == "text_mention") {
            std::string id = common::str(common::obj(e, "user"), "id");
            if (!id.empty()) out.push_back(id);
        } else if (type == "mention") {
            auto off = common::integer(e, "offset").value_or(-1);
            auto len = common::integer(e, "length").value_or(-1);
            constexpr long long kMax = 1 << 20;  // keeps off + len far from overflow
            if (off < 0 || len <= 0 || off > kMax || len > kMax) continue;
            std::size_t a = utf16_to_byte_offset(text, static_cast<std::size_t>(off));
            std::size_t b = utf16_to_byte_offset(text, static_cast<std::size_t>(off + len));
            if (b > a) out.push_back(text.substr(a, b - a));
        }
    }
    return out;
}

}  // namespace

TelegramAdapter::TelegramAdapter(ChannelSettings settings) : AdapterBase(std::move(settings)) {
    bot_token_ = setting("bot_token");
    secret_token_ = setting("secret_token");
    parse_mode_ = setting("parse_mode");
    api_base_ = setting("api_base", "https://api.telegram.org");
    add_secret(bot_token_);
    // The part after "<bot id>:" is the secret on its own; it may be echoed alone.
    if (auto colon = bot_token_.find(':'); colon != std::string::npos)
        add_secret(bot_token_.substr(colon + 1));
    add_secret(secret_token_);
}

InboundResult TelegramAdapter::handle_inbound(const InboundRequest& req) {
    if (secret_token_.empty()) return refused("telegram.not_configured: secret_token required");
    if (!crypto::constant_time_equal(header(req, "x-telegram-bot-api-secret-token"), secret_token_))
        return refused("telegram.bad_secret_token", 401);
    auto j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return malformed("telegram.bad_json");
    const auto& msg = common::obj(j, "message");
    if (!msg.is_object()) return ignored("telegram.not_a_message");
    InboundMessage m;
    m.text = common::str(msg, "text");
    const char* entities_key = "entities";
    if (m.text.empty()) {
        m.text = common::str(msg, "caption");
        entities_key = "caption_entities";
    }
    if (m.text.empty()) return ignored("telegram.no_text");
    const auto& chat = common::obj(msg, "chat");
    const auto& from = common::obj(msg, "from");
    auto chat_id = common::integer(chat, "id");
    auto message_id = common::integer(msg, "message_id");
    if (!chat_id || !message_id) return malformed("telegram.no_chat_or_message_id");
    m.group = std::to_string(*chat_id);
    m.sender_id = common::str(from, "id");
    if (m.sender_id.empty()) m.sender_id = common::str(common::obj(msg, "sender_chat"), "id");
    m.sender_name = common::str(from, "first_name");
    std::string last = common::str(from, "last_name");
    if (!last.empty()) m.sender_name += (m.sender_name.empty() ? "" : " ") + last;
    if (m.sender_name.empty()) m.sender_name = common::str(from, "username");
    m.message_id = m.group + ":" + std::to_string(*message_id);
    m.time = common::integer(msg, "date").value_or(req.now);
    m.mentions = entity_mentions(m.text, common::obj(msg, entities_key));
    m.extra["telegram.update_id"] = common::str(j, "update_id");
    InboundResult r;
    r.verdict = InboundVerdict::Message;
    r.response.status = 200;
    r.reason = "ok";
    r.messages.push_back(std::move(m));
    return r;
}

std::vector<HttpRequest> TelegramAdapter::build_outbound(const OutboundMessage& msg, int64_t) {
    std::vector<HttpRequest> out;
    if (bot_token_.empty() || msg.group.empty()) return out;
    const bool v2 = parse_mode_ == "MarkdownV2";
    const bool html = parse_mode_ == "HTML";
    auto escape = [&](std::string_view s) {
        return v2 ? escape_markdown_v2(s) : html ? escape_html(s) : std::string(s);
    };

    // Mentions go at the end of the first piece; their visible length is reserved.
    std::string tail;
    std::size_t tail_points = 0;
    json entities = json::array();
    std::vector<std::pair<std::string, std::string>> ids;  // label, numeric id
    for (const auto& id : msg.mentions) {
        std::string label = id.rfind('@', 0) == 0 ? id : "@" + id;
        tail_points += common::utf8_code_points(label) + 1;
        if (all_digits(id)) {
            ids.emplace_back(label, id);
            tail += v2     ? "[" + escape(label) + "](tg://user?id=" + id + ") "
                    : html ? "<a href=\"tg://user?id=" + id + "\">" + escape(label) + "</a> "
                           : label + " ";
        } else {
            tail += escape(label) + " ";
        }
    }
    // Mentions that would eat over half the room are dropped rather than split.
    const bool with_tail = !tail.empty() && tail_points + 1 < kTextLimitPoints / 2;
    std::size_t budget = kTextLimitPoints - (with_tail ? tail_points + 1 : 0);
    auto parts = common::split_code_points(msg.text, budget);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string text = escape(parts[i]);
        json body = {{"chat_id", msg.group}};
        if (auto id = common::parse_int(msg.group)) body["chat_id"] = *id;
        if (i == 0 && with_tail) {
            std::string prefix = text + "\n";
            text = prefix + tail;
            text.pop_back();
            if (!v2 && !html) {  // plain text: numeric ids need text_mention entities
                std::size_t at = common::utf16_units(prefix);
                for (const auto& id : msg.mentions) {
                    std::string label = id.rfind('@', 0) == 0 ? id : "@" + id;
                    std::size_t len = common::utf16_units(label);
                    if (all_digits(id))
                        entities.push_back({{"type", "text_mention"},
                                            {"offset", at},
                                            {"length", len},
                                            {"user", {{"id", *common::parse_int(id)}}}});
                    at += len + 1;
                }
                if (!entities.empty()) body["entities"] = entities;
            }
        }
        body["text"] = text;
        if (v2 || html) body["parse_mode"] = parse_mode_;
        HttpRequest r;
        r.url = api_base_ + "/bot" + bot_token_ + "/sendMessage";
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
        out.push_back(std::move(r));
    }
    return out;
}

PlatformAnswer TelegramAdapter::read_answer(const HttpResponse& resp) const {
    PlatformAnswer a;
    a.http_status = resp.status;
    a.transport_error = resp.transport_error;
    a.code_name = "error_code";
    a.message_name = "description";
    auto j = json::parse(resp.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return a;
    const auto* ok = common::field(j, "ok");
    if (ok != nullptr && ok->is_boolean() && ok->get<bool>()) {
        a.code = 0;
        return a;
    }
    if (ok == nullptr || !ok->is_boolean()) return a;
    a.code = common::integer(j, "error_code").value_or(resp.status);
    a.message = common::str(j, "description");
    const auto& params = common::obj(j, "parameters");
    if (auto s = common::integer(params, "retry_after"); s && *s >= 0 && *s < 86400)
        a.retry_after = std::chrono::seconds(*s);
    if (auto to = common::integer(params, "migrate_to_chat_id"))
        a.message += " migrate_to_chat_id=" + std::to_string(*to);
    return a;
}

const common::ClassifyRules& TelegramAdapter::rules() const {
    using std::chrono::seconds;
    static const common::ClassifyRules r{
        {{429, seconds(30)}},
        {500, 502, 503, 504},
        {},
    };
    return r;
}

std::unique_ptr<Adapter> make_adapter(const ChannelSettings& settings) {
    return std::make_unique<TelegramAdapter>(settings);
}

}  // namespace gridbot::adapters::telegram
