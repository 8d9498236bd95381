#include "tests/fakes/fake_telegram.h"

#include <httplib.h>

#include "adapters/common/text_limits.h"

namespace gridbot::fakes {

using nlohmann::json;

bool markdown_v2_ok(const std::string& text) {
    static const std::string kReserved = "_*[]()~`>#+-=|{}.!";
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            ++i;
            continue;
        }
        if (c == '[') {  // a link: [label](url) with an escaped label
            auto close = text.find("](", i);
            auto end = close == std::string::npos ? close : text.find(')', close);
            if (end == std::string::npos || !markdown_v2_ok(text.substr(i + 1, close - i - 1)))
                return false;
            i = end;
            continue;
        }
        if (kReserved.find(c) != std::string::npos) return false;
    }
    return true;
}

FakeTelegram::FakeTelegram() {
    server().Post(R"(/bot([^/]+)/sendMessage)", [this](const httplib::Request& req,
                                                       httplib::Response& res) {
        Received rec{"POST", req.path, {}, req.body, false, ""};
        auto fail = [&](int code, const std::string& description, json params = nullptr) {
            rec.verdict = "error_code=" + std::to_string(code);
            res.status = code;  // Telegram's HTTP status equals error_code
            json body = {{"ok", false}, {"error_code", code}, {"description", description}};
            if (!params.is_null()) body["parameters"] = params;
            res.set_content(body.dump(), "application/json");
        };
        std::lock_guard lock(mu_);
        auto body = json::parse(req.body, nullptr, false);
        std::chrono::milliseconds wait{};
        if (bots_.count(req.matches[1]) == 0) {
            fail(401, "Unauthorized");
        } else if (body.is_discarded() || !body.is_object() || !body.contains("chat_id") ||
                   !body.contains("text") || !body["text"].is_string()) {
            fail(400, "Bad Request: message text is empty");
        } else if (adapters::common::utf8_code_points(body["text"].get<std::string>()) > 4096) {
            fail(400, "Bad Request: message is too long");
        } else if (body.value("parse_mode", "") == "MarkdownV2" &&
                   !markdown_v2_ok(body["text"].get<std::string>())) {
            fail(
                400,
                "Bad Request: can't parse entities: Character '.' is reserved and must be escaped");
        } else if (!window_.admit(body["chat_id"].dump(), wait)) {
            auto secs = std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1;
            fail(429, "Too Many Requests: retry after " + std::to_string(secs),
                 {{"retry_after", secs}});
        } else {
            rec.accepted = true;
            rec.verdict = "ok";
            json result = {{"message_id", next_message_id_++},
                           {"chat", {{"id", body["chat_id"]}, {"type", "supergroup"}}},
                           {"date", 1700000000},
                           {"text", body["text"]}};
            res.set_content(json{{"ok", true}, {"result", result}}.dump(), "application/json");
        }
        received_unlocked(std::move(rec));
    });
    start();
}

void FakeTelegram::add_bot(const std::string& token) {
    std::lock_guard lock(mu_);
    bots_.insert(token);
}

delivery::InboundRequest FakeTelegram::update(const std::string& secret_token, const json& update) {
    delivery::InboundRequest r;
    r.method = "POST";
    r.path = "/hooks/telegram";
    r.body = update.dump();
    r.headers = {{"content-type", "application/json"},
                 {"x-telegram-bot-api-secret-token", secret_token}};
    r.now = 1700000000;
    return r;
}

}  // namespace gridbot::fakes
