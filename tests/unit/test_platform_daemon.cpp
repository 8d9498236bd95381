// Per platform, end to end: a resident's message arrives signed or encrypted
// exactly as the platform sends it, the daemon verifies, records and
// understands it, and its answer reaches the fake platform with a valid
// signature (the fakes refuse anything else).
#include <doctest/doctest.h>
#include <httplib.h>

#include "../fakes/fake_dingtalk.h"
#include "../fakes/fake_feishu.h"
#include "../fakes/fake_telegram.h"
#include "../fakes/fake_wecom.h"
#include "bot/core/clock.h"
#include "bot/core/crypto.h"
#include "bot/store/messages.h"
#include "bot/store/writer.h"
#include "daemon_process.h"

using namespace gridbot;
using namespace std::chrono_literals;

namespace {

std::string base_config(const std::string& channel, const std::string& platform,
                        const std::string& settings, const std::string& group) {
    return R"(
[server]
bind = "127.0.0.1"
port = 0
threads = 4
[store]
path = "{DB}"
[district]
code = "nangang"
name = "南岗区"
[delivery]
timeout = "2s"
backoff_initial = "1s"
[[channels]]
name = ")" +
           channel + R"("
platform = ")" +
           platform + R"("
settings = { )" +
           settings + R"( }
[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = ")" +
           channel + R"("
id = ")" + group +
           R"("
name = "龙台社区第一网格居民群"
)";
}

// Sends what the platform would send, over real HTTP, to /hooks/<channel>.
httplib::Result deliver(int port, const std::string& channel, const delivery::InboundRequest& in) {
    httplib::Client c("127.0.0.1", port);
    std::string path = "/hooks/" + channel;
    char sep = '?';
    for (const auto& [k, v] : in.query) {
        path += sep + crypto::url_encode(k) + "=" + crypto::url_encode(v);
        sep = '&';
    }
    httplib::Headers headers;
    for (const auto& [k, v] : in.headers) headers.emplace(k, v);
    if (in.method == "GET") return c.Get(path.c_str(), headers);
    return c.Post(path.c_str(), headers, in.body, "application/json");
}

int64_t inbound_rows(const std::string& db) {
    auto s = test::open_store(db);
    REQUIRE(s.ok());
    return s.value()->readers().with([](store::detail::Db& d) {
        auto& q = d.prepare("SELECT COUNT(*) FROM inbound WHERE processed_at IS NOT NULL");
        q.step();
        return q.i64(0);
    });
}

bool answered_help(const fakes::FakeServer& fake) {
    for (const auto& r : fake.received()) {
        if (r.accepted && r.body.find("网格助手") != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("platform end to end: WeCom AI-bot callback in, group robot answer out") {
    fakes::FakeWecom fake;
    fake.add_robot("robot-key-0001");
    const std::string token = "QDG6eK", aes = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    test::TempDir dir;
    test::DaemonProcess d(
        dir, base_config("wecom", "wecom",
                         "token = \"" + token + "\", encoding_aes_key = \"" + aes +
                             "\", receive_id = \"\", "
                             "\"group.chat-001.key\" = \"robot-key-0001\", base_url = \"" +
                             fake.base_url() + "\"",
                         "chat-001"));
    REQUIRE(d.start() > 0);
    int64_t now = std::time(nullptr);
    auto verify = fakes::FakeWecom::verify_url(token, aes, "", "echo-12345", now, "n1");
    auto v = deliver(d.port(), "wecom", verify);
    REQUIRE(v);
    CHECK(v->status == 200);
    CHECK(v->body == "echo-12345");
    std::string plain =
        R"({"msgid":"m-001","aibotid":"bot","chatid":"chat-001","chattype":"group","from":{"userid":"zhangsan"},"msgtype":"text","text":{"content":"@网格助手 帮助"}})";
    auto r = deliver(d.port(), "wecom",
                     fakes::FakeWecom::callback(token, aes, "", plain, now, "n2", true));
    REQUIRE(r);
    CHECK(r->status == 200);
    auto tampered = fakes::FakeWecom::callback(token, aes, "", plain, now, "n3", true);
    tampered.query.find("msg_signature")->second[0] ^= 1;
    auto t = deliver(d.port(), "wecom", tampered);
    REQUIRE(t);
    CHECK(t->status >= 400);
    REQUIRE(test::wait_for([&] { return answered_help(fake); }));
    CHECK(inbound_rows(d.db()) == 1);
    CHECK(d.stop() == 0);
}

TEST_CASE("platform end to end: DingTalk robot callback in, signed custom robot answer out") {
    fakes::FakeDingtalk fake;
    fake.set_now(std::time(nullptr));
    fake.add_robot("ding-token-1", "SECdingsecret");
    test::TempDir dir;
    test::DaemonProcess d(
        dir,
        base_config(
            "ding", "dingtalk",
            "app_secret = \"app-secret-xyz\", \"group.cid-001.access_token\" = \"ding-token-1\", "
            "\"group.cid-001.secret\" = \"SECdingsecret\", base_url = \"" +
                fake.base_url() + "\"",
            "cid-001"));
    REQUIRE(d.start() > 0);
    int64_t now = std::time(nullptr);
    auto r = deliver(d.port(), "ding",
                     fake.callback("app-secret-xyz", "cid-001", "staff-1", "帮助", now, "msg-1"));
    REQUIRE(r);
    CHECK(r->status == 200);
    auto wrong_key =
        deliver(d.port(), "ding",
                fake.callback("not-the-secret", "cid-001", "staff-1", "帮助", now, "msg-2"));
    REQUIRE(wrong_key);
    CHECK(wrong_key->status >= 400);
    auto stale =
        deliver(d.port(), "ding",
                fake.callback("app-secret-xyz", "cid-001", "staff-1", "帮助", now - 7200, "msg-3"));
    REQUIRE(stale);
    CHECK(stale->status >= 400);
    REQUIRE(test::wait_for([&] { return answered_help(fake); }));
    for (const auto& rec : fake.received()) {
        if (rec.path == "/robot/send") CHECK(rec.verdict == "errcode=0");
    }
    CHECK(inbound_rows(d.db()) == 1);
    CHECK(d.stop() == 0);
}

TEST_CASE("platform end to end: Feishu encrypted event in, signed custom bot answer out") {
    fakes::FakeFeishu fake;
    fake.set_now(std::time(nullptr));
    fake.add_hook("hook-001", "feishu-bot-secret");
    test::TempDir dir;
    test::DaemonProcess d(
        dir, base_config("feishu", "feishu",
                         "encrypt_key = \"feishu-encrypt-key\", verification_token = \"vtoken\", "
                         "\"group.oc_chat1.hook\" = \"hook-001\", \"group.oc_chat1.secret\" = "
                         "\"feishu-bot-secret\", "
                         "base_url = \"" +
                             fake.base_url() + "\"",
                         "oc_chat1"));
    REQUIRE(d.start() > 0);
    int64_t now = std::time(nullptr);
    std::string event =
        fakes::FakeFeishu::message_event("vtoken", "ev-001", "oc_chat1", "ou_abc", "@_user_1 帮助");
    auto r = deliver(d.port(), "feishu",
                     fakes::FakeFeishu::event("feishu-encrypt-key", event, now, "nonce1"));
    REQUIRE(r);
    CHECK(r->status == 200);
    auto again = deliver(d.port(), "feishu",
                         fakes::FakeFeishu::event("feishu-encrypt-key", event, now, "nonce2"));
    REQUIRE(again);
    CHECK(again->status == 200);  // Feishu retried: answered, recorded once
    auto wrong =
        deliver(d.port(), "feishu", fakes::FakeFeishu::event("another-key", event, now, "nonce3"));
    REQUIRE(wrong);
    CHECK(wrong->status >= 400);
    REQUIRE(test::wait_for([&] { return answered_help(fake); }));
    CHECK(inbound_rows(d.db()) == 1);
    CHECK(d.stop() == 0);
}

TEST_CASE("platform end to end: Telegram webhook update in, sendMessage answer out") {
    fakes::FakeTelegram fake;
    fake.add_bot("123456:bot-token-abc");
    test::TempDir dir;
    test::DaemonProcess d(
        dir,
        base_config(
            "tg", "telegram",
            "bot_token = \"123456:bot-token-abc\", secret_token = \"tg-secret_1\", api_base = \"" +
                fake.base_url() + "\"",
            "-1001234567890"));
    REQUIRE(d.start() > 0);
    nlohmann::json update = {{"update_id", 1001},
                             {"message",
                              {{"message_id", 7},
                               {"date", std::time(nullptr)},
                               {"chat", {{"id", -1001234567890LL}, {"type", "supergroup"}}},
                               {"from", {{"id", 42}, {"first_name", "秀英"}, {"last_name", "王"}}},
                               {"text", "帮助"}}}};
    auto r = deliver(d.port(), "tg", fakes::FakeTelegram::update("tg-secret_1", update));
    REQUIRE(r);
    CHECK(r->status == 200);
    auto bad = deliver(d.port(), "tg", fakes::FakeTelegram::update("not-the-secret", update));
    REQUIRE(bad);
    CHECK(bad->status >= 400);
    REQUIRE(test::wait_for([&] { return answered_help(fake); }));
    CHECK(inbound_rows(d.db()) == 1);
    CHECK(d.log().find("bot-token-abc") == std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "platform end to end: a message over WeCom's 2,048-byte limit arrives as ordered parts, one "
    "delivered row") {
    fakes::FakeWecom fake;
    fake.add_robot("robot-key-0002");
    test::TempDir dir;
    test::DaemonProcess d(dir,
                          base_config("wecom", "wecom",
                                      "\"group.chat-002.key\" = \"robot-key-0002\", base_url = \"" +
                                          fake.base_url() + "\"",
                                      "chat-002"));
    std::string text;
    for (int i = 1; i <= 120; ++i)
        text += "第" + std::to_string(i) + "行：请各户按时完成每日健康报告。\n";
    REQUIRE(text.size() > 2 * 2048);
    {
        auto s = test::open_store(d.db());
        REQUIRE(s.ok());
        store::OutboxItem it;
        it.key = "long:1";
        it.channel = "wecom";
        it.msg.group = "chat-002";
        it.msg.text = text;
        it.msg.idempotency_key = it.key;
        REQUIRE(store::Messages(*s.value())
                    .enqueue({it}, unix_millis(std::chrono::system_clock::now()))
                    .get() == 1);
    }
    REQUIRE(d.start() > 0);
    auto delivered = [&] {
        auto s = test::open_store(d.db());
        return s.ok() && store::Messages(*s.value()).outbox_counts().delivered == 1;
    };
    REQUIRE(test::wait_for(delivered));
    std::string joined;
    size_t parts = 0;
    for (const auto& r : fake.received()) {
        CHECK(r.accepted);
        auto j = nlohmann::json::parse(r.body);
        std::string content = j["text"]["content"];
        CHECK(content.size() <= 2048);
        joined += content;
        if (!joined.empty() && joined.back() != '\n') joined += '\n';
        ++parts;
    }
    CHECK(parts >= 3);
    CHECK(joined == text);
    CHECK(d.stop() == 0);
}
