// Telegram: every telegram.* vector, inbound webhook and sendMessage bodies.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/common/text_limits.h"
#include "adapters/telegram/adapter.h"
#include "adapters/telegram/codec.h"
#include "tests/fakes/messages.h"
#include "tests/fakes/vectors.h"

using namespace gridbot;
using namespace gridbot::adapters::telegram;
using gridbot::fakes::in;
using gridbot::fakes::out;
using gridbot::fakes::text_msg;
using gridbot::fakes::vec;
using nlohmann::json;

namespace {

delivery::ChannelSettings settings(std::string parse_mode = "") {
    return {"tg",
            "telegram",
            {{"bot_token", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"},
             {"secret_token", "grid_bot-2024_secret"},
             {"parse_mode", parse_mode},
             {"api_base", "http://127.0.0.1:9"}}};
}

}  // namespace

TEST_CASE("telegram vector telegram.markdownv2.escape") {
    CHECK(escape_markdown_v2(in("telegram.markdownv2.escape", "text")) ==
          out("telegram.markdownv2.escape", "escaped"));
    TelegramAdapter a(settings("MarkdownV2"));
    auto b = json::parse(
        a.outbound(text_msg("-1001234567890", in("telegram.markdownv2.escape", "text")), 0)
            .at(0)
            .body);
    CHECK(b["text"] == out("telegram.markdownv2.escape", "escaped"));
    CHECK(b["parse_mode"] == "MarkdownV2");
    CHECK(b["chat_id"] == -1001234567890LL);
}

TEST_CASE("telegram vector telegram.length_units") {
    const auto& v = vec("telegram.length_units");
    const std::string text = v["inputs"]["text"];
    CHECK(adapters::common::utf16_units(text) ==
          v["expected"]["utf16_code_units"].get<std::size_t>());
    CHECK(adapters::common::utf8_code_points(text) ==
          v["expected"]["code_points"].get<std::size_t>());
    CHECK(text.size() == v["expected"]["utf8_bytes"].get<std::size_t>());
    CHECK(utf16_to_byte_offset(text, 2) == 6);
    CHECK(utf16_to_byte_offset(text, 4) == 10);
    CHECK(utf16_to_byte_offset(text, 99) == 10);
}

TEST_CASE("telegram vector telegram.429.parse") {
    const auto& v = vec("telegram.429.parse");
    TelegramAdapter a(settings());
    delivery::HttpResponse resp;
    resp.status = v["inputs"]["http_status"].get<long>();
    resp.body = v["inputs"]["body"].dump();
    auto r = a.classify(resp);
    CHECK(r.outcome == delivery::SendOutcome::Retry);
    REQUIRE(r.retry_after);
    CHECK(*r.retry_after == std::chrono::seconds(v["expected"]["retry_after_seconds"].get<int>()));
}

TEST_CASE("telegram vector telegram.webhook.secret_header and inbound message") {
    TelegramAdapter a(settings());
    const std::string text = "你好😀 @gridbot 3号楼停电";
    json update = {
        {"update_id", 10000},
        {"message",
         {{"message_id", 1365},
          {"from",
           {{"id", 1111111111111LL},
            {"is_bot", false},
            {"first_name", "San"},
            {"last_name", "Zhang"}}},
          {"chat", {{"id", -1001234567890LL}, {"type", "supergroup"}, {"title", "3号楼"}}},
          {"date", 1700000000},
          {"text", text},
          {"entities", {{{"type", "mention"}, {"offset", 5}, {"length", 8}}}}}}};
    delivery::InboundRequest req;
    req.method = "POST";
    req.body = update.dump();
    req.headers = {{"x-telegram-bot-api-secret-token",
                    in("telegram.webhook.secret_header", "setWebhook.secret_token")}};
    auto r = a.inbound(req);
    REQUIRE(r.verdict == delivery::InboundVerdict::Message);
    const auto& m = r.messages.at(0);
    CHECK(m.group == "-1001234567890");
    CHECK(m.sender_id == "1111111111111");
    CHECK(m.sender_name == "San Zhang");
    CHECK(m.text == text);
    CHECK(m.message_id == "-1001234567890:1365");
    CHECK(m.time == 1700000000);
    CHECK(m.mentions == std::vector<std::string>{"@gridbot"});  // UTF-16 offsets honoured

    req.headers = {{"x-telegram-bot-api-secret-token", "grid_bot-2024_secreT"}};
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Refused);
    req.headers.clear();
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Refused);
    req.headers = {{"x-telegram-bot-api-secret-token", "grid_bot-2024_secret"}};
    req.body = R"({"update_id":1,"edited_message":{}})";
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Ignored);
    req.body = "[";
    CHECK(a.inbound(req).verdict == delivery::InboundVerdict::Malformed);
}

TEST_CASE("telegram: split at 4096 code points, mentions, redacted token") {
    TelegramAdapter a(settings());
    std::string text;
    for (int i = 0; i < 5000; ++i) text += "报";
    auto reqs = a.outbound(text_msg("-100123", text), 0);
    REQUIRE(reqs.size() == 2);
    CHECK(adapters::common::utf8_code_points(
              json::parse(reqs[0].body)["text"].get<std::string>()) == 4096);
    CHECK(reqs[0].url ==
          "http://127.0.0.1:9/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/sendMessage");
    CHECK(reqs[0].redacted_url == "http://127.0.0.1:9/botREDACTED/sendMessage");

    auto m = text_msg("-100123", "你好😀");
    m.mentions = {"42", "@alice"};
    auto b = json::parse(a.outbound(m, 0).at(0).body);
    CHECK(b["text"] == "你好😀\n@42 @alice");
    CHECK(b["entities"] ==
          json::parse(R"([{"type":"text_mention","offset":5,"length":3,"user":{"id":42}}])"));

    TelegramAdapter v2(settings("MarkdownV2"));
    b = json::parse(v2.outbound(m, 0).at(0).body);
    CHECK(b["text"] == "你好😀\n[@42](tg://user?id=42) @alice");
    TelegramAdapter html(settings("HTML"));
    m.text = "a<b>&c";
    b = json::parse(html.outbound(m, 0).at(0).body);
    CHECK(b["text"] == "a&lt;b&gt;&amp;c\n<a href=\"tg://user?id=42\">@42</a> @alice");
}
