// DingTalk: both signature vectors, outbound bodies and mentions, inbound
// verification and the session-webhook reply route.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/dingtalk/adapter.h"
#include "adapters/dingtalk/codec.h"
#include "bot/core/crypto.h"
#include "tests/fakes/messages.h"
#include "tests/fakes/vectors.h"

using namespace gridbot;
using namespace gridbot::adapters::dingtalk;
using gridbot::fakes::in;
using gridbot::fakes::out;
using gridbot::fakes::text_msg;
using gridbot::fakes::vec;
using nlohmann::json;

namespace {

delivery::InboundRequest callback(const json& body, const std::string& ts, const std::string& sig,
                                  int64_t now) {
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = body.dump();
    req.headers = {{"timestamp", ts}, {"sign", sig}, {"content-type", "application/json"}};
    req.now = now;
    return req;
}

}  // namespace

TEST_CASE("dingtalk vector dingtalk.custom_robot.sign") {
    const std::string id = "dingtalk.custom_robot.sign";
    CHECK(sign(in(id, "secret"), in(id, "timestamp_ms")) == out(id, "sign_base64"));
    CHECK(crypto::url_encode(out(id, "sign_base64")) == out(id, "sign_urlencoded"));
    CHECK(signed_url(in(id, "webhook"), in(id, "secret"), in(id, "timestamp_ms")) ==
          out(id, "final_url"));

    // Through the adapter: now is seconds, the query carries milliseconds.
    DingtalkAdapter a(
        {"dt", "dingtalk", {{"webhook_url", in(id, "webhook")}, {"secret", in(id, "secret")}}});
    auto reqs = a.outbound(text_msg("g", "hi"), 1577262236);
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].url == signed_url(in(id, "webhook"), in(id, "secret"), "1577262236000"));
    CHECK(reqs[0].redacted_url ==
          "https://oapi.dingtalk.com/robot/"
          "send?access_token=REDACTED&timestamp=1577262236000&sign=REDACTED");
}

TEST_CASE("dingtalk vector dingtalk.inbound.sign through the adapter") {
    const std::string id = "dingtalk.inbound.sign";
    const std::string secret = in(id, "appSecret");
    const std::string ts = in(id, "header_timestamp");
    CHECK(sign(secret, ts) == out(id, "header_sign"));
    const json body = vec(id)["inputs"]["body_example"];
    CHECK(body["sessionWebhookExpiredTime"].get<long long>() - body["createAt"].get<long long>() ==
          vec(id)["expected"]["sessionWebhook_lifetime_ms"].get<long long>());

    DingtalkAdapter a(
        {"dt", "dingtalk", {{"app_secret", secret}, {"access_token", "robot-token-1"}}});
    auto r = a.inbound(callback(body, ts, out(id, "header_sign"), 1577262236 + 600));
    REQUIRE(r.verdict == delivery::InboundVerdict::Message);
    const auto& m = r.messages.at(0);
    CHECK(m.group == "xxx");
    CHECK(m.sender_id == "user123");
    CHECK(m.sender_name == "杨xx");
    CHECK(m.text == "你好");  // leading space stripped
    CHECK(m.message_id == "msg0xxxxx");
    CHECK(m.time == 1613630252);
    CHECK(m.extra.at("dingtalk.session_webhook") ==
          "https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx");
    CHECK(m.extra.at("dingtalk.session_webhook_expires_ms") == "1613635652738");

    // An hour and a bit later the same request is refused, as is a wrong sign.
    CHECK(a.inbound(callback(body, ts, out(id, "header_sign"), 1577262236 + 3700)).verdict ==
          delivery::InboundVerdict::Refused);
    CHECK(a.inbound(callback(body, ts, "DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CB=", 1577262236))
              .verdict == delivery::InboundVerdict::Refused);
    for (const char* extreme : {"-9223372036854775808", "9223372036854775807", "1e3", ""})
        CHECK(a.inbound(callback(body, extreme, sign(secret, extreme), 1577262236)).verdict ==
              delivery::InboundVerdict::Refused);
    auto bad = callback(body, ts, out(id, "header_sign"), 1577262236);
    bad.body = "{not json";
    CHECK(a.inbound(bad).verdict == delivery::InboundVerdict::Malformed);
}

TEST_CASE("dingtalk: replies use the session webhook while valid, else the signed robot") {
    const std::string secret = "app-secret-xyz";
    DingtalkAdapter a({"dt",
                       "dingtalk",
                       {{"app_secret", secret},
                        {"access_token", "robot-token-1"},
                        {"secret", "SECrobotsecret"},
                        {"base_url", "http://127.0.0.1:9"},
                        {"session_webhook_prefix", "http://127.0.0.1:9/"}}});
    const int64_t now = 1700000000;
    json body = {{"conversationId", "cid1"},
                 {"senderStaffId", "u1"},
                 {"senderNick", "李四"},
                 {"msgId", "m1"},
                 {"createAt", now * 1000},
                 {"conversationType", "2"},
                 {"sessionWebhook", "http://127.0.0.1:9/robot/sendBySession?session=s3cr3t"},
                 {"sessionWebhookExpiredTime", now * 1000 + 5400060},
                 {"text", {{"content", " 报平安"}}},
                 {"msgtype", "text"}};
    const std::string ts = std::to_string(now * 1000);
    REQUIRE(a.inbound(callback(body, ts, sign(secret, ts), now)).verdict ==
            delivery::InboundVerdict::Message);
    auto reqs = a.outbound(text_msg("cid1", "收到"), now + 60);
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].url == "http://127.0.0.1:9/robot/sendBySession?session=s3cr3t");
    CHECK(reqs[0].redacted_url.find("s3cr3t") == std::string::npos);
    reqs = a.outbound(text_msg("cid1", "收到"), now + 5400);  // under 60 s left
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].url.rfind("http://127.0.0.1:9/robot/send?access_token=robot-token-1&timestamp=",
                            0) == 0);

    // A session webhook outside the allowed prefix is never used (no SSRF).
    body["sessionWebhook"] = "http://169.254.169.254/latest";
    body["conversationId"] = "cid2";
    auto r = a.inbound(callback(body, ts, sign(secret, ts), now));
    CHECK(r.messages.at(0).extra.count("dingtalk.session_webhook") == 0);
    CHECK(a.outbound(text_msg("cid2", "x"), now).at(0).url.find("169.254") == std::string::npos);

    // restore_reply_context rebuilds the route after a restart.
    DingtalkAdapter b({"dt", "dingtalk", {{"session_webhook_prefix", "http://127.0.0.1:9/"}}});
    delivery::InboundMessage stored;
    stored.group = "cid1";
    stored.extra = {
        {"dingtalk.session_webhook", "http://127.0.0.1:9/robot/sendBySession?session=s2"},
        {"dingtalk.session_webhook_expires_ms", std::to_string(now * 1000 + 600000)}};
    b.restore_reply_context(stored);
    CHECK(b.outbound(text_msg("cid1", "x"), now).at(0).url.find("session=s2") != std::string::npos);
    CHECK(b.outbound(text_msg("cid9", "x"), now).empty());
}

TEST_CASE("dingtalk: mentions really notify — @mobile in the text plus at{}") {
    DingtalkAdapter a({"dt", "dingtalk", {{"access_token", "tok-abcdef"}}});
    auto m = text_msg("g", "请各楼栋长今晚报平安");
    m.mention_phones = {"13800001111"};
    m.mentions = {"user123"};
    auto b = json::parse(a.outbound(m, 1700000000).at(0).body);
    CHECK(b["msgtype"] == "text");
    CHECK(b["text"]["content"] == "请各楼栋长今晚报平安\n@13800001111 @user123");
    CHECK(b["at"]["atMobiles"] == json::array({"13800001111"}));
    CHECK(b["at"]["atUserIds"] == json::array({"user123"}));
    CHECK(b["at"]["isAtAll"] == false);
    m.markdown = true;
    m.text = "## 通知\n今晚报平安";
    m.mention_all = true;
    b = json::parse(a.outbound(m, 1700000000).at(0).body);
    CHECK(b["msgtype"] == "markdown");
    CHECK(b["markdown"]["title"] == "通知");
    CHECK(b["markdown"]["text"].get<std::string>().find("@13800001111") != std::string::npos);
    CHECK(b["at"]["isAtAll"] == true);
    // Long text is split under the 20000-byte body limit.
    auto reqs = a.outbound(text_msg("g", std::string(50000, 'a')), 1700000000);
    CHECK(reqs.size() == 3);
}

TEST_CASE(
    "dingtalk: every outbound body of a long notice full of quotes, backslashes and newlines stays "
    "within 20000 bytes") {
    // Proves the split counts the body as sent (JSON escaping doubles \" and \\, \n and
    // control characters grow more, the mentions and the at{} block add more), not the
    // text: each body is within the platform's 20000 bytes and the pieces give the text back.
    std::string text;
    for (int i = 0; text.size() < 60000; ++i) {
        text += "第" + std::to_string(i) + "条：\"请\\勿\\外出\"\t\x01\"\"\\\\";
        text += i % 7 == 0 ? "\n" : "";
    }
    DingtalkAdapter a({"dt", "dingtalk", {{"access_token", "tok-abcdef"}}});
    for (bool markdown : {false, true}) {
        auto m = text_msg("g", text);
        m.markdown = markdown;
        m.mention_phones = {"13800001111"};
        auto reqs = a.outbound(m, 1700000000);
        CAPTURE(markdown);
        REQUIRE(reqs.size() >= 4);  // the text alone is 60 KB; escaped, more
        std::string joined;
        for (size_t i = 0; i < reqs.size(); ++i) {
            CHECK(reqs[i].body.size() <= 20000);
            if (i + 1 < reqs.size()) CHECK(reqs[i].body.size() > 15000);  // cut near the limit
            auto b = json::parse(reqs[i].body);
            std::string content = markdown ? b["markdown"]["text"].get<std::string>()
                                           : b["text"]["content"].get<std::string>();
            if (i == 0) {
                const std::string ping = "\n@13800001111";
                REQUIRE(content.size() >= ping.size());
                CHECK(content.substr(content.size() - ping.size()) == ping);
                content.resize(content.size() - ping.size());
            }
            joined += content;
        }
        CHECK(joined == text);
    }
}
