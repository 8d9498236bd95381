#include "tests/fakes/fake_feishu.h"

#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "adapters/feishu/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::fakes {

using nlohmann::json;

FakeFeishu::FakeFeishu() {
    server().Post(R"(/open-apis/bot/v2/hook/([^/]+))", [this](const httplib::Request& req,
                                                              httplib::Response& res) {
        Received rec{"POST", req.path, {}, req.body, false, ""};
        auto answer = [&](int code, const std::string& msg) {
            rec.accepted = code == 0;
            rec.verdict = "code=" + std::to_string(code);
            res.status = 200;
            json body = {{"code", code}, {"msg", msg}, {"data", json::object()}};
            if (code == 0) body.update({{"StatusCode", 0}, {"StatusMessage", "success"}});
            res.set_content(body.dump(), "application/json");
        };
        std::lock_guard lock(mu_);
        auto hook = hooks_.find(req.matches[1]);
        auto body = json::parse(req.body, nullptr, false);
        std::chrono::milliseconds wait{};
        if (hook == hooks_.end()) {
            answer(19001, "param invalid: incoming webhook access token invalid");
        } else if (body.is_discarded() || !body.is_object() || req.body.size() > 20000) {
            answer(9499, "Bad Request");
        } else if (!hook->second.empty() &&
                   (!body.contains("timestamp") || !body["timestamp"].is_string() ||
                    !body.contains("sign") || !body["sign"].is_string() ||
                    std::llabs(std::atoll(body["timestamp"].get<std::string>().c_str()) - now_) >
                        3600 ||
                    adapters::feishu::bot_sign(hook->second,
                                               body["timestamp"].get<std::string>()) !=
                        body["sign"].get<std::string>())) {
            answer(19021, "sign match fail or timestamp is not within one hour from current time");
        } else if (!per_second_.admit(hook->first, wait) || !per_minute_.admit(hook->first, wait)) {
            answer(11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]");
        } else {
            answer(0, "success");
        }
        received_unlocked(std::move(rec));
    });
    start();
}

void FakeFeishu::add_hook(const std::string& id, const std::string& secret) {
    std::lock_guard lock(mu_);
    hooks_[id] = secret;
}

delivery::InboundRequest FakeFeishu::event(const std::string& encrypt_key,
                                           const std::string& plaintext, int64_t ts,
                                           const std::string& nonce) {
    delivery::InboundRequest r;
    r.method = "POST";
    r.path = "/hooks/feishu";
    r.now = ts;
    if (encrypt_key.empty()) {
        r.body = plaintext;
        return r;
    }
    r.body = json{{"encrypt",
                   adapters::feishu::encrypt(encrypt_key, crypto::random_bytes(16), plaintext)}}
                 .dump();
    r.headers = {{"content-type", "application/json; charset=utf-8"},
                 {"x-lark-request-timestamp", std::to_string(ts)},
                 {"x-lark-request-nonce", nonce},
                 {"x-lark-signature", adapters::feishu::event_signature(std::to_string(ts), nonce,
                                                                        encrypt_key, r.body)},
                 {"x-request-id", crypto::hex(crypto::random_bytes(8))}};
    return r;
}

std::string FakeFeishu::message_event(const std::string& token, const std::string& event_id,
                                      const std::string& chat, const std::string& open_id,
                                      const std::string& text) {
    json content = {{"text", "@_user_1 " + text}};
    json ev = {{"schema", "2.0"},
               {"header",
                {{"event_id", event_id},
                 {"event_type", "im.message.receive_v1"},
                 {"create_time", "1700000000000"},
                 {"token", token},
                 {"app_id", "cli_fake"},
                 {"tenant_key", "tenant"}}},
               {"event",
                {{"sender",
                  {{"sender_id", {{"open_id", open_id}, {"user_id", "u"}, {"union_id", "on"}}},
                   {"sender_type", "user"}}},
                 {"message",
                  {{"message_id", "om_" + event_id},
                   {"create_time", "1700000000000"},
                   {"chat_id", chat},
                   {"chat_type", "group"},
                   {"message_type", "text"},
                   {"content", content.dump()},
                   {"mentions", json::array({{{"key", "@_user_1"},
                                              {"id", {{"open_id", "ou_bot"}}},
                                              {"name", "网格小助手"}}})}}}}}};
    return ev.dump();
}

}  // namespace gridbot::fakes
