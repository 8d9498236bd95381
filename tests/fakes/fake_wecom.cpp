#include "tests/fakes/fake_wecom.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "adapters/wecom/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::fakes {

using nlohmann::json;
namespace wc = adapters::wecom;

FakeWecom::FakeWecom() {
    server().Post("/cgi-bin/webhook/send", [this](const httplib::Request& req,
                                                  httplib::Response& res) {
        Received rec{"POST", req.path, {req.params.begin(), req.params.end()}, req.body, false, ""};
        auto answer = [&](int code, const std::string& msg) {
            rec.accepted = code == 0;
            rec.verdict = "errcode=" + std::to_string(code);
            res.status = 200;  // WeCom always answers 200
            res.set_content(json{{"errcode", code}, {"errmsg", msg}}.dump(), "application/json");
        };
        std::lock_guard lock(mu_);
        const std::string key = req.get_param_value("key");
        auto body = json::parse(req.body, nullptr, false);
        std::chrono::milliseconds wait{};
        if (robots_.count(key) == 0) {
            answer(93000, "invalid webhook url, hint: [fake]");
        } else if (body.is_discarded() || !body.is_object()) {
            answer(40016, "invalid button size");  // WeCom's answer to unreadable JSON varies
        } else if (!window_.admit(key, wait)) {
            answer(45009, "api freq out of limit");
        } else {
            const std::string type = body.value("msgtype", "");
            std::size_t limit = type == "markdown" ? 4096 : 2048;
            const auto& part = body.contains(type) ? body[type] : json();
            if (type != "text" && type != "markdown") {
                answer(40008, "invalid message type");
            } else if (!part.is_object() || !part.contains("content") ||
                       !part["content"].is_string()) {
                answer(44004, "empty content");
            } else if (part["content"].get<std::string>().size() > limit) {
                answer(40058, "content exceed max length");
            } else {
                answer(0, "ok");
            }
        }
        received_unlocked(std::move(rec));
    });
    start();
}

void FakeWecom::add_robot(const std::string& key) {
    std::lock_guard lock(mu_);
    robots_.insert(key);
}

delivery::InboundRequest FakeWecom::verify_url(const std::string& token,
                                               const std::string& aes_key_text,
                                               const std::string& receiveid,
                                               const std::string& echo_plain, int64_t ts,
                                               const std::string& nonce) {
    auto key = *wc::derive_aes_key(aes_key_text);
    std::string echostr =
        wc::encrypt(key, crypto::hex(crypto::random_bytes(8)), echo_plain, receiveid);
    delivery::InboundRequest r;
    r.method = "GET";
    r.path = "/hooks/wecom";
    r.query = {{"msg_signature", wc::msg_signature(token, std::to_string(ts), nonce, echostr)},
               {"timestamp", std::to_string(ts)},
               {"nonce", nonce},
               {"echostr", echostr}};
    r.now = ts;
    return r;
}

delivery::InboundRequest FakeWecom::callback(const std::string& token,
                                             const std::string& aes_key_text,
                                             const std::string& receiveid,
                                             const std::string& plaintext, int64_t ts,
                                             const std::string& nonce, bool json_envelope) {
    auto key = *wc::derive_aes_key(aes_key_text);
    std::string enc = wc::encrypt(key, crypto::hex(crypto::random_bytes(8)), plaintext, receiveid);
    delivery::InboundRequest r;
    r.method = "POST";
    r.path = "/hooks/wecom";
    r.query = {{"msg_signature", wc::msg_signature(token, std::to_string(ts), nonce, enc)},
               {"timestamp", std::to_string(ts)},
               {"nonce", nonce}};
    r.body = json_envelope ? json{{"encrypt", enc}}.dump()
                           : "<xml><ToUserName><![CDATA[" + receiveid +
                                 "]]></ToUserName>\n<Encrypt><![CDATA[" + enc +
                                 "]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>";
    r.now = ts;
    return r;
}

}  // namespace gridbot::fakes
