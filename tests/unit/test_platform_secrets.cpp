// Secrets never reach a reason or a redacted URL (STYLE.md): for each adapter,
// provoke every kind of error — including platform answers and transport errors
// that echo the secret back — and look for each secret in everything we hand out.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "adapters/registry.h"
#include "tests/fakes/messages.h"

using namespace gridbot;

namespace {

struct Subject {
    delivery::ChannelSettings settings;
    std::vector<std::string> secrets;
};

std::vector<Subject> subjects() {
    return {
        {{"c",
          "wecom",
          {{"key", "wecomkey-1111-2222"},
           {"token", "wecomtoken99"},
           {"encoding_aes_key", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"},
           {"group.g2.key", "wecomkey-group-two"}}},
         {"wecomkey-1111-2222", "wecomtoken99", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
          "wecomkey-group-two"}},
        {{"c",
          "dingtalk",
          {{"access_token", "dtaccesstoken777"},
           {"secret", "SECdtrobotsecret"},
           {"app_secret", "dtappsecret555"},
           {"group.g2.webhook_url",
            "https://oapi.dingtalk.com/robot/send?access_token=dtgrouptoken2"}}},
         {"dtaccesstoken777", "SECdtrobotsecret", "dtappsecret555", "dtgrouptoken2"}},
        {{"c",
          "feishu",
          {{"hook", "fshook-aaaa-bbbb"},
           {"secret", "fssignsecret"},
           {"encrypt_key", "fsencryptkey"},
           {"verification_token", "fsverifytoken"}}},
         {"fshook-aaaa-bbbb", "fssignsecret", "fsencryptkey", "fsverifytoken"}},
        {{"c",
          "telegram",
          {{"bot_token", "123456:tgBotTokenSecretXYZ"}, {"secret_token", "tgsecrettoken"}}},
         {"123456:tgBotTokenSecretXYZ", "tgBotTokenSecretXYZ", "tgsecrettoken"}},
    };
}

std::vector<delivery::InboundRequest> hostile_requests(const std::vector<std::string>& secrets) {
    std::vector<delivery::InboundRequest> out;
    std::vector<std::string> bodies = {"", "{", "<xml><Encrypt>AAAA</Encrypt></xml>",
                                       R"({"encrypt":"AAAA"})", R"({"type":"url_verification"})"};
    for (const auto& s : secrets) {
        bodies.push_back("{\"token\":\"" + s + "\",\"encrypt\":\"" + s + "\"}");
        bodies.push_back("<xml><Encrypt>" + s + "</Encrypt></xml>");
    }
    for (const auto& b : bodies) {
        for (const char* method : {"GET", "POST"}) {
            delivery::InboundRequest r;
            r.method = method;
            r.body = b;
            r.now = 1700000000;
            r.query = {{"msg_signature", "x"},
                       {"timestamp", "1700000000"},
                       {"nonce", "n"},
                       {"echostr", secrets.front()}};
            r.headers = {{"timestamp", "1700000000000"},
                         {"sign", secrets.back()},
                         {"x-lark-signature", secrets.front()},
                         {"x-telegram-bot-api-secret-token", secrets.back() + "x"}};
            out.push_back(r);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("platform secrets: no adapter leaks a secret in reasons or URLs") {
    auto registry = adapters::make_registry();
    for (const auto& subject : subjects()) {
        CAPTURE(subject.settings.platform);
        auto a = registry.make(subject.settings);
        REQUIRE(a);
        std::vector<std::string> exposed;
        for (const auto& req : hostile_requests(subject.secrets)) {
            auto r = a->inbound(req);
            CHECK(r.verdict != delivery::InboundVerdict::Message);
            exposed.push_back(r.reason);
            exposed.push_back(r.response.body);
        }
        for (const char* group : {"g1", "g2"}) {
            for (const auto& q : a->outbound(fakes::text_msg(group, "hello"), 1700000000)) {
                exposed.push_back(q.redacted_url);
                exposed.push_back(q.body);
            }
        }
        for (const auto& s : subject.secrets) {
            for (long status : {0L, 200L, 400L, 429L, 500L}) {
                delivery::HttpResponse resp;
                resp.status = status;
                resp.transport_error =
                    status == 0 ? "Could not connect to https://x/?key=" + s : "";
                resp.body = R"({"errcode":93000,"errmsg":"invalid webhook url )" + s +
                            R"(","code":19021,"msg":")" + s +
                            R"(","ok":false,"error_code":401,"description":"Unauthorized )" + s +
                            "\"}";
                exposed.push_back(a->classify(resp).reason);
            }
        }
        for (const auto& text : exposed)
            for (const auto& s : subject.secrets) {
                CAPTURE(text);
                CHECK(text.find(s) == std::string::npos);
            }
    }
}
