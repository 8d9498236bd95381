// WeCom adapter behaviour beyond the vectors: outbound bodies, byte limits,
// mentions and refusals.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/wecom/adapter.h"
#include "adapters/wecom/codec.h"
#include "bot/core/crypto.h"
#include "tests/fakes/messages.h"
#include "tests/fakes/vectors.h"

using namespace gridbot;
using namespace gridbot::adapters::wecom;
using gridbot::fakes::text_msg;
using nlohmann::json;

namespace {

std::string cjk(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "报";
    return s;
}

delivery::ChannelSettings robot(std::string overflow = "split") {
    return {"wc",
            "wecom",
            {{"key", "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"},
             {"base_url", "http://127.0.0.1:9"},
             {"group.g2.webhook_url", "http://127.0.0.1:9/cgi-bin/webhook/send?key=other-key-1234"},
             {"overflow", overflow}}};
}

}  // namespace

TEST_CASE("wecom vector wecom.webhook.text_byte_limit: 682 CJK fit in one message, 683 split") {
    WecomAdapter a(robot());
    auto m = text_msg("g1", cjk(682));
    auto reqs = a.outbound(m, 0);
    REQUIRE(reqs.size() == 1);
    CHECK(json::parse(reqs[0].body)["text"]["content"].get<std::string>().size() == 2046);
    m.text = cjk(683);
    reqs = a.outbound(m, 0);
    REQUIRE(reqs.size() == 2);
    for (auto& r : reqs)
        CHECK(json::parse(r.body)["text"]["content"].get<std::string>().size() <= kTextLimitBytes);
}

TEST_CASE("wecom: split prefers line boundaries, truncate adds a visible marker") {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "第" + std::to_string(i) + "户 已报平安，体温正常\n";
    WecomAdapter split(robot());
    auto reqs = split.outbound(text_msg("g1", text), 0);
    REQUIRE(reqs.size() > 1);
    std::string joined;
    for (auto& r : reqs) {
        auto c = json::parse(r.body)["text"]["content"].get<std::string>();
        CHECK(c.size() <= kTextLimitBytes);
        CHECK(c.back() == '\n');
        joined += c;
    }
    CHECK(joined == text);

    WecomAdapter trunc(robot("truncate"));
    reqs = trunc.outbound(text_msg("g1", text), 0);
    REQUIRE(reqs.size() == 1);
    auto c = json::parse(reqs[0].body)["text"]["content"].get<std::string>();
    CHECK(c.size() <= kTextLimitBytes);
    CHECK(c.find(kTruncateMarker) != std::string::npos);

    auto md = text_msg("g1", std::string(5000, 'x'));
    md.markdown = true;
    reqs = split.outbound(md, 0);
    REQUIRE(reqs.size() == 2);
    CHECK(json::parse(reqs[0].body)["markdown"]["content"].get<std::string>().size() == 4096);
}

TEST_CASE("wecom: text mentions by userid and mobile, markdown mentions as <@userid>") {
    WecomAdapter a(robot());
    auto m = text_msg("g1", "请今天18点前报平安");
    m.mentions = {"wangqing"};
    m.mention_phones = {"13800001111"};
    m.mention_all = true;
    auto reqs = a.outbound(m, 0);
    REQUIRE(reqs.size() == 1);
    auto b = json::parse(reqs[0].body);
    CHECK(b["msgtype"] == "text");
    CHECK(b["text"]["mentioned_list"] == json::array({"wangqing", "@all"}));
    CHECK(b["text"]["mentioned_mobile_list"] == json::array({"13800001111"}));
    CHECK(reqs[0].url ==
          "http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa");
    CHECK(reqs[0].redacted_url == "http://127.0.0.1:9/cgi-bin/webhook/send?key=REDACTED");

    m.markdown = true;
    reqs = a.outbound(m, 0);
    REQUIRE(reqs.size() == 2);  // markdown cannot @all/@mobile: an extra text ping
    auto md = json::parse(reqs[0].body);
    CHECK(md["msgtype"] == "markdown");
    CHECK(md["markdown"]["content"].get<std::string>().rfind("<@wangqing>", 0) == 0);
    auto ping = json::parse(reqs[1].body);
    CHECK(ping["text"]["mentioned_list"] == json::array({"@all"}));

    CHECK(a.outbound(text_msg("g2", "x"), 0).at(0).redacted_url.find("other-key") ==
          std::string::npos);
    WecomAdapter none({"wc", "wecom", {}});
    CHECK(none.outbound(text_msg("g1", "x"), 0).empty());
}

TEST_CASE("wecom: refusals — bad signature, stale timestamp, missing config, garbage") {
    const std::string id = "wecom.callback_post.official";
    delivery::ChannelSettings s{"wc",
                                "wecom",
                                {{"token", gridbot::fakes::in(id, "token")},
                                 {"encoding_aes_key", gridbot::fakes::in(id, "encoding_aes_key")},
                                 {"receive_id", gridbot::fakes::in(id, "receiveid")}}};
    WecomAdapter a(s);
    delivery::InboundRequest req;
    req.method = "POST";
    req.query = {{"msg_signature", "477715d11cdb4164915debcba66cb864d751f3e6"},
                 {"timestamp", "1409659813"},
                 {"nonce", "1372623149"}};
    req.body = gridbot::fakes::in(id, "body");
    req.now = 1409659813 + 7200;
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Refused);  // stale
    req.now = 1409659813;
    auto bad = req;
    bad.query = {{"msg_signature", "077715d11cdb4164915debcba66cb864d751f3e6"},
                 {"timestamp", "1409659813"},
                 {"nonce", "1372623149"}};
    auto r = a.inbound(bad);
    CHECK(r.verdict == delivery::InboundVerdict::Refused);
    CHECK(r.response.status == 401);
    bad = req;
    bad.body = "<xml><Encrypt><![CDATA[AAAA]]></Encrypt></xml>";
    CHECK(a.inbound(bad).verdict == delivery::InboundVerdict::Refused);
    bad.body = "not xml or json";
    CHECK(a.inbound(bad).verdict == delivery::InboundVerdict::Refused);
    WecomAdapter unconfigured({"wc", "wecom", {}});
    CHECK(unconfigured.inbound(req).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("wecom: group-robot callback XML (ChatId, From/UserId, From/Name)") {
    const std::string key_text = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    WecomAdapter a({"wc", "wecom", {{"token", "tok123"}, {"encoding_aes_key", key_text}}});
    const std::string plain =
        "<xml><WebhookUrl><![CDATA[https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k]]></"
        "WebhookUrl>"
        "<ChatId><![CDATA[wrkSFfCgAAxxxx]]></ChatId><PostId><![CDATA[bpkSFfCgAAWeiHos]]></PostId>"
        "<ChatType>group</ChatType><From><UserId>zhangsan</UserId><Name><![CDATA[张三]]></Name>"
        "<Alias><![CDATA[san]]></Alias></From><MsgType>text</MsgType>"
        "<Text><Content><![CDATA[@网格助手 "
        "3号楼停水了]]></Content></Text><MsgId>abcdef</MsgId></xml>";
    auto key = *derive_aes_key(key_text);
    auto enc = encrypt(key, "0123456789abcdef", plain, "");
    delivery::InboundRequest req;
    req.method = "POST";
    req.query = {{"msg_signature", msg_signature("tok123", "1700000000", "n1", enc)},
                 {"timestamp", "1700000000"},
                 {"nonce", "n1"}};
    req.body = "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>";
    req.now = 1700000000;
    auto r = a.inbound(req);
    REQUIRE(r.verdict == delivery::InboundVerdict::Message);
    CHECK(r.messages[0].group == "wrkSFfCgAAxxxx");
    CHECK(r.messages[0].sender_id == "zhangsan");
    CHECK(r.messages[0].sender_name == "张三");
    CHECK(r.messages[0].text == "3号楼停水了");
    CHECK(r.messages[0].message_id == "abcdef");
}
