// Round trips against the fake platforms: each adapter's requests, performed
// with libcurl on loopback, are accepted by a fake that checks the platform's
// signature; exhausting the fake's rate limit yields Retry with the platform's
// wait; inbound requests the fakes produce are verified and decoded.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/registry.h"
#include "tests/fakes/curl_client.h"
#include "tests/fakes/fake_dingtalk.h"
#include "tests/fakes/fake_feishu.h"
#include "tests/fakes/fake_telegram.h"
#include "tests/fakes/fake_wecom.h"
#include "tests/fakes/messages.h"

using namespace gridbot;
using delivery::SendOutcome;
using fakes::text_msg;
using nlohmann::json;
using std::chrono::seconds;

namespace {

constexpr int64_t kNow = 1700000000;

// Sends `msg` (all its requests); returns the classification of the last.
delivery::SendResult send(delivery::Adapter& a, const delivery::OutboundMessage& msg) {
    delivery::SendResult r;
    auto reqs = a.outbound(msg, kNow);
    REQUIRE_FALSE(reqs.empty());
    for (const auto& q : reqs) r = a.classify(fakes::perform(q));
    return r;
}

// Sends until the fake refuses; returns that refusal after at most `limit`+1 sends.
delivery::SendResult exhaust(delivery::Adapter& a, const std::string& group, int limit) {
    delivery::SendResult r;
    for (int i = 0; i <= limit + 1; ++i) {
        r = send(a, text_msg(group, "第" + std::to_string(i) + "条"));
        if (r.outcome != SendOutcome::Delivered) break;
    }
    return r;
}

}  // namespace

TEST_CASE("platform fakes: wecom robot round trip, 45009 → Retry 65 s, callbacks verified") {
    fakes::FakeWecom fake;
    fake.add_robot("robot-key-1");
    auto a = adapters::make_registry().make(
        {"wc",
         "wecom",
         {{"key", "robot-key-1"},
          {"base_url", fake.base_url()},
          {"token", "tok"},
          {"encoding_aes_key", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"},
          {"receive_id", "wwcorp"},
          {"group.other.key", "unknown-key"}}});
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "各位居民请于今晚八点前报平安\n";
    CHECK(send(*a, text_msg("g", long_text)).outcome == SendOutcome::Delivered);
    const auto got = fake.received();
    CHECK(got.size() > 1);  // split under 2048 bytes, each accepted
    CHECK(fake.accepted_count() == got.size());
    auto bad = send(*a, text_msg("other", "x"));
    CHECK(bad.outcome == SendOutcome::Failed);
    CHECK(bad.reason.rfind("errcode=93000", 0) == 0);
    auto r = exhaust(*a, "g", 20);
    CHECK(r.outcome == SendOutcome::Retry);
    CHECK(r.retry_after == seconds(65));

    auto get = fakes::FakeWecom::verify_url("tok", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                                            "wwcorp", "echo-123", kNow, "n1");
    auto h = a->inbound(get);
    CHECK(h.verdict == delivery::InboundVerdict::Handshake);
    CHECK(h.response.body == "echo-123");
    auto post =
        fakes::FakeWecom::callback("tok", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wwcorp",
                                   "<xml><ToUserName><![CDATA[wwcorp]]></"
                                   "ToUserName><FromUserName><![CDATA[lisi]]></FromUserName>"
                                   "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></"
                                   "MsgType><Content><![CDATA[已报平安]]></Content>"
                                   "<MsgId>7001</MsgId><AgentID>1000002</AgentID></xml>",
                                   kNow, "n2", false);
    auto m = a->inbound(post);
    REQUIRE(m.verdict == delivery::InboundVerdict::Message);
    CHECK(m.messages[0].text == "已报平安");
    CHECK(m.messages[0].message_id == "7001");
}

TEST_CASE("platform fakes: dingtalk signed robot, 130101 → Retry 60 s, session webhook replies") {
    fakes::FakeDingtalk fake;
    fake.set_now(kNow);
    fake.add_robot("dt-token", "SECfakesecret");
    auto a = adapters::make_registry().make({"dt",
                                             "dingtalk",
                                             {{"access_token", "dt-token"},
                                              {"secret", "SECfakesecret"},
                                              {"base_url", fake.base_url()},
                                              {"app_secret", "app-secret"},
                                              {"session_webhook_prefix", fake.base_url() + "/"},
                                              {"group.wrongsign.secret", "SECwrong"}}});
    auto m = text_msg("cid1", "请报平安");
    m.mention_phones = {"13800001111"};
    CHECK(send(*a, m).outcome == SendOutcome::Delivered);
    auto body = json::parse(fake.received().back().body);
    CHECK(body["text"]["content"] == "请报平安\n@13800001111");
    auto bad = send(*a, text_msg("wrongsign", "x"));
    CHECK(bad.outcome == SendOutcome::Failed);
    CHECK(bad.reason == "errcode=310000 errmsg=sign not match");
    auto r = exhaust(*a, "cid1", 20);
    CHECK(r.outcome == SendOutcome::Retry);
    CHECK(r.retry_after == seconds(60));

    // A callback records the session webhook; the reply goes there (not rate-limited here).
    auto cb = fake.callback("app-secret", "cid1", "u7", "3号楼停水", kNow, "msg-1");
    auto in = a->inbound(cb);
    REQUIRE(in.verdict == delivery::InboundVerdict::Message);
    CHECK(in.messages[0].text == "3号楼停水");
    CHECK(in.messages[0].sender_name == "居民u7");
    CHECK(send(*a, text_msg("cid1", "收到，已派单")).outcome == SendOutcome::Delivered);
    CHECK(fake.received().back().path == "/robot/sendBySession");
    auto forged = fake.callback("not-the-secret", "cid1", "u7", "x", kNow, "msg-2");
    CHECK(a->inbound(forged).verdict == delivery::InboundVerdict::Refused);
}

TEST_CASE("platform fakes: feishu signed custom bot, 11232 → Retry, encrypted events") {
    fakes::FakeFeishu fake;
    fake.set_now(kNow);
    fake.add_hook("hook-1", "fs-secret");
    auto a = adapters::make_registry().make({"fs",
                                             "feishu",
                                             {{"hook", "hook-1"},
                                              {"secret", "fs-secret"},
                                              {"base_url", fake.base_url()},
                                              {"encrypt_key", "ek"},
                                              {"verification_token", "vt"},
                                              {"group.nosign.secret", "other"}}});
    CHECK(send(*a, text_msg("oc_1", "今晚报平安")).outcome == SendOutcome::Delivered);
    CHECK(fake.received().back().accepted);
    auto bad = send(*a, text_msg("nosign", "x"));
    CHECK(bad.outcome == SendOutcome::Failed);
    CHECK(bad.reason.rfind("code=19021", 0) == 0);
    auto r = exhaust(*a, "oc_1", 5);
    CHECK(r.outcome == SendOutcome::Retry);
    CHECK(r.retry_after == seconds(10));

    auto ev = fakes::FakeFeishu::event(
        "ek", fakes::FakeFeishu::message_event("vt", "ev-1", "oc_1", "ou_9", "电梯坏了"), kNow,
        "nonce1");
    auto in = a->inbound(ev);
    REQUIRE(in.verdict == delivery::InboundVerdict::Message);
    CHECK(in.messages[0].text == "电梯坏了");
    CHECK(in.messages[0].message_id == "ev-1");
    auto challenge = fakes::FakeFeishu::event(
        "ek", R"({"challenge":"c-1","token":"vt","type":"url_verification"})", kNow, "n");
    auto h = a->inbound(challenge);
    CHECK(h.verdict == delivery::InboundVerdict::Handshake);
    CHECK(h.response.body == R"({"challenge":"c-1"})");
}

TEST_CASE("platform fakes: telegram sendMessage, MarkdownV2 accepted, 429 → Retry(retry_after)") {
    fakes::FakeTelegram fake;
    fake.add_bot("42:tg-token");
    auto a = adapters::make_registry().make({"tg",
                                             "telegram",
                                             {{"bot_token", "42:tg-token"},
                                              {"secret_token", "st"},
                                              {"parse_mode", "MarkdownV2"},
                                              {"api_base", fake.base_url()}}});
    auto m = text_msg("-1001", "报修单#12 (3号楼) 已完成! 费用=0.00元");
    m.mentions = {"77"};
    CHECK(send(*a, m).outcome == SendOutcome::Delivered);
    std::string big;
    for (int i = 0; i < 9000; ++i) big += "报";
    CHECK(send(*a, text_msg("-1001", big)).outcome == SendOutcome::Delivered);  // 3 parts
    CHECK(fake.accepted_count() == 4);
    CHECK_FALSE(fakes::markdown_v2_ok("unescaped."));
    auto r = exhaust(*a, "-1001", 20);
    CHECK(r.outcome == SendOutcome::Retry);
    REQUIRE(r.retry_after);
    CHECK(*r.retry_after > seconds(50));
    CHECK(*r.retry_after <= seconds(61));
    auto other = adapters::make_registry().make(
        {"tg", "telegram", {{"bot_token", "43:wrong"}, {"api_base", fake.base_url()}}});
    auto bad = send(*other, text_msg("-1001", "x"));
    CHECK(bad.outcome == SendOutcome::Failed);
    CHECK(bad.reason == "error_code=401 description=Unauthorized");

    auto up =
        fakes::FakeTelegram::update("st", {{"update_id", 5},
                                           {"message",
                                            {{"message_id", 9},
                                             {"date", kNow},
                                             {"from", {{"id", 77}, {"first_name", "Li"}}},
                                             {"chat", {{"id", -1001}, {"type", "supergroup"}}},
                                             {"text", "hello"}}}});
    auto in = a->inbound(up);
    REQUIRE(in.verdict == delivery::InboundVerdict::Message);
    CHECK(in.messages[0].message_id == "-1001:9");
    CHECK(in.messages[0].sender_name == "Li");
}
