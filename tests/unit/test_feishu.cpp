// Feishu/Lark: every feishu.* vector, the challenge (plain and encrypted), the
// full encrypted+signed event, and custom-bot outbound.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/feishu/adapter.h"
#include "adapters/feishu/codec.h"
#include "bot/core/crypto.h"
#include "tests/fakes/messages.h"
#include "tests/fakes/vectors.h"

using namespace gridbot;
using namespace gridbot::adapters::feishu;
using gridbot::fakes::in;
using gridbot::fakes::out;
using gridbot::fakes::text_msg;
using gridbot::fakes::vec;
using nlohmann::json;

TEST_CASE("feishu vector feishu.event.decrypt.official and encrypt.deterministic") {
    const std::string id = "feishu.event.decrypt.official";
    CHECK(crypto::hex(crypto::sha256(in(id, "encrypt_key"))) == out(id, "sha256_key_hex"));
    CHECK(crypto::hex(crypto::base64_decode(in(id, "encrypt"))->substr(0, 16)) ==
          out(id, "iv_hex"));
    CHECK(decrypt(in(id, "encrypt_key"), in(id, "encrypt")) == out(id, "plaintext"));
    const std::string e = "feishu.event.encrypt.deterministic";
    CHECK(encrypt(in(e, "encrypt_key"), *crypto::from_hex(in(e, "iv_hex")), in(e, "plaintext")) ==
          out(e, "encrypt"));
    CHECK_FALSE(decrypt("wrong key", in(id, "encrypt")));
    CHECK_FALSE(decrypt(in(id, "encrypt_key"), "AAAA"));
}

TEST_CASE("feishu vector feishu.event.decrypt.sdk: encrypted challenge is a Handshake") {
    const std::string id = "feishu.event.decrypt.sdk";
    CHECK(decrypt(in(id, "encrypt_key"), in(id, "encrypt")) == out(id, "plaintext"));
    FeishuAdapter a(
        {"fs", "feishu", {{"encrypt_key", in(id, "encrypt_key")}, {"verification_token", "v"}}});
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = json{{"encrypt", in(id, "encrypt")}}.dump();
    auto r = a.inbound(req);
    REQUIRE(r.verdict == delivery::InboundVerdict::Handshake);
    CHECK(r.response.body == R"({"challenge":"1212"})");
    FeishuAdapter wrong(
        {"fs", "feishu", {{"encrypt_key", in(id, "encrypt_key")}, {"verification_token", "w"}}});
    CHECK(wrong.inbound(req).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("feishu vector feishu.event.signature.sdk_inputs") {
    const std::string id = "feishu.event.signature.sdk_inputs";
    CHECK(event_signature(in(id, "timestamp"), in(id, "nonce"), in(id, "encrypt_key"),
                          in(id, "raw_body")) == out(id, "X-Lark-Signature"));
    // A signed plain (unencrypted) body is accepted when the signature matches.
    FeishuAdapter a(
        {"fs", "feishu", {{"encrypt_key", in(id, "encrypt_key")}, {"verification_token", "v"}}});
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = in(id, "raw_body");
    req.headers = {{"x-lark-request-timestamp", "timestamp"},
                   {"x-lark-request-nonce", "nonce"},
                   {"x-lark-signature", out(id, "X-Lark-Signature")}};
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Handshake);
    req.body += " ";
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("feishu vector feishu.event.im_message_receive_v1.full_request.computed") {
    const std::string id = "feishu.event.im_message_receive_v1.full_request.computed";
    const std::string body = out(id, "raw_body");
    const std::string enc = json::parse(body)["encrypt"];
    CHECK(encrypt(in(id, "encrypt_key"), *crypto::from_hex(in(id, "iv_hex")),
                  in(id, "plaintext_event_json")) == enc);
    CHECK(event_signature(in(id, "X-Lark-Request-Timestamp"), in(id, "X-Lark-Request-Nonce"),
                          in(id, "encrypt_key"), body) == out(id, "X-Lark-Signature"));

    FeishuAdapter a({"fs",
                     "feishu",
                     {{"encrypt_key", in(id, "encrypt_key")},
                      {"verification_token", "rvaYgkR1C6d8ZpsTYuWVQ3eQ4nEKZmPt"}}});
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = body;
    req.headers = {{"x-lark-request-timestamp", in(id, "X-Lark-Request-Timestamp")},
                   {"x-lark-request-nonce", in(id, "X-Lark-Request-Nonce")},
                   {"x-lark-signature", out(id, "X-Lark-Signature")}};
    req.now = 1700000001;
    auto r = a.inbound(req);
    REQUIRE(r.verdict == delivery::InboundVerdict::Message);
    const auto& m = r.messages.at(0);
    CHECK(m.message_id == out(id, "dedup_key"));
    CHECK(m.group == "oc_5ce6d572455d361153b7xx51da133945");
    CHECK(m.sender_id == "ou_84aad35d084aa403a838cf73ee18467");
    CHECK(m.sender_name.empty());            // Feishu sends no nickname
    CHECK(m.text == "报修：3号楼电梯坏了");  // "@_user_1 " placeholder stripped
    CHECK(m.mentions == std::vector<std::string>{"ou_84aad35d084aa403a838cf73ee18467"});
    CHECK(m.time == 1609073151);
    CHECK(r.response.body == R"({"msg":"success"})");

    auto unsigned_req = req;
    unsigned_req.headers.erase("x-lark-signature");
    CHECK(a.inbound(unsigned_req).verdict == delivery::InboundVerdict::Refused);
    auto tampered = req;
    tampered.headers.find("x-lark-request-nonce")->second = "d8e5f0a2";
    CHECK(a.inbound(tampered).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("feishu: plain url_verification with token only") {
    FeishuAdapter a({"fs", "feishu", {{"verification_token", "tokA"}}});
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = R"({"challenge":"ajls384kdjx98XX","token":"tokA","type":"url_verification"})";
    auto r = a.inbound(req);
    REQUIRE(r.verdict == delivery::InboundVerdict::Handshake);
    CHECK(json::parse(r.response.body) == json{{"challenge", "ajls384kdjx98XX"}});
    req.body = R"({"challenge":"x","token":"tokB","type":"url_verification"})";
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Refused);
    FeishuAdapter none({"fs", "feishu", {}});
    CHECK(none.inbound(req).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("feishu vector feishu.custom_bot.sign.sdk and sign.doc_inputs") {
    CHECK(bot_sign("xxx", "1661860880") == out("feishu.custom_bot.sign.sdk", "sign"));
    const auto& d = vec("feishu.custom_bot.sign.doc_inputs");
    CHECK(bot_sign("demo", "100") == d["expected"]["sign"].get<std::string>());
    CHECK(bot_sign("demo-secret", "1599360473") == d["expected"]["alt_sign"].get<std::string>());

    FeishuAdapter a(
        {"fs", "feishu", {{"hook", "2c7a7f1e-0000-4bc4-97a0-abcdefabcdef"}, {"secret", "demo"}}});
    auto reqs = a.outbound(text_msg("g", "request example"), 100);
    REQUIRE(reqs.size() == 1);
    CHECK(json::parse(reqs[0].body) == d["expected"]["request_body_example"]);
    CHECK(reqs[0].url ==
          "https://open.feishu.cn/open-apis/bot/v2/hook/2c7a7f1e-0000-4bc4-97a0-abcdefabcdef");
    CHECK(reqs[0].redacted_url == "https://open.feishu.cn/open-apis/bot/v2/hook/REDACTED");
}

TEST_CASE("feishu: outbound mentions, card markdown, split") {
    FeishuAdapter a(
        {"fs", "feishu", {{"webhook_url", "http://127.0.0.1:9/open-apis/bot/v2/hook/abcd-1234"}}});
    auto m = text_msg("g", "今晚报平安");
    m.mentions = {"ou_xxx"};
    m.mention_all = true;
    auto b = json::parse(a.outbound(m, 1).at(0).body);
    CHECK(b["content"]["text"] ==
          "<at user_id=\"ou_xxx\"></at> <at user_id=\"all\">所有人</at> 今晚报平安");
    CHECK_FALSE(b.contains("sign"));
    m.markdown = true;
    b = json::parse(a.outbound(m, 1).at(0).body);
    CHECK(b["msg_type"] == "interactive");
    CHECK(b["card"]["elements"][0]["content"] == "<at id=ou_xxx></at> <at id=all></at> 今晚报平安");
    CHECK(a.outbound(text_msg("g", std::string(40000, 'a')), 1).size() == 3);
}

TEST_CASE(
    "feishu: every outbound body of a long notice full of quotes, backslashes and newlines stays "
    "within 20 KB") {
    // Proves the split counts the body as sent (JSON escaping doubles \" and \\,
    // \n and control characters grow more, the card wrapper and sign add more),
    // not the text: each body is <= 20 KB and the pieces joined give the text back.
    std::string text;
    for (int i = 0; text.size() < 60000; ++i) {
        text += "第" + std::to_string(i) + "条：\"请\\勿\\外出\"\t\x01\"\"\\\\";
        text += i % 7 == 0 ? "\n" : "";
    }
    for (bool markdown : {false, true}) {
        for (bool signed_bot : {false, true}) {
            delivery::ChannelSettings s{
                "fs", "feishu", {{"webhook_url", "http://127.0.0.1:9/open-apis/bot/v2/hook/x"}}};
            if (signed_bot) s.settings["secret"] = "sec";
            FeishuAdapter a(s);
            auto m = text_msg("g", text);
            m.markdown = markdown;
            auto reqs = a.outbound(m, 1700000000);
            CAPTURE(markdown);
            CAPTURE(signed_bot);
            REQUIRE(reqs.size() >= 4);  // the text alone is 60 KB; escaped, more
            std::string joined;
            for (size_t i = 0; i < reqs.size(); ++i) {
                const auto& r = reqs[i];
                CHECK(r.body.size() <= 20000);
                if (i + 1 < reqs.size())
                    CHECK(r.body.size() > 15000);  // cut near the limit, not early
                auto b = json::parse(r.body);
                joined += markdown ? b["card"]["elements"][0]["content"].get<std::string>()
                                   : b["content"]["text"].get<std::string>();
                CHECK(b.contains("sign") == signed_bot);
            }
            CHECK(joined == text);
        }
    }
}
