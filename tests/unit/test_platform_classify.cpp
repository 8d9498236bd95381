// One table of answer cases run against every adapter (STYLE.md "Success is
// what the platform says"): each platform states how it spells the case, the
// expected outcome is the same for all.
#include <doctest/doctest.h>

#include <functional>
#include <optional>

#include "adapters/registry.h"

using namespace gridbot;
using delivery::HttpResponse;
using delivery::SendOutcome;
using std::chrono::seconds;

namespace {

enum class Kind {
    Success,
    RateLimited,
    Busy,
    Expired,
    OtherError,
    Unreadable5xx,
    Unreadable200,
    Transport
};

struct Case {
    Kind kind;
    const char* name;
    SendOutcome expected;
};

const Case kCases[] = {
    {Kind::Success, "success", SendOutcome::Delivered},
    {Kind::RateLimited, "rate limited", SendOutcome::Retry},
    {Kind::Busy, "system busy", SendOutcome::Retry},
    {Kind::Expired, "credentials expired", SendOutcome::RefreshCredentials},
    {Kind::OtherError, "other error at HTTP 200", SendOutcome::Failed},
    {Kind::Unreadable5xx, "unreadable 502", SendOutcome::Retry},
    {Kind::Unreadable200, "unreadable 200", SendOutcome::Failed},
    {Kind::Transport, "no answer", SendOutcome::Retry},
};

HttpResponse resp(long status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

struct Platform {
    const char* name;
    std::function<std::optional<HttpResponse>(Kind)> answer;
    seconds rate_wait;
    const char* other_reason;
};

std::optional<HttpResponse> common_answer(Kind k) {
    switch (k) {
        case Kind::Unreadable5xx:
            return resp(502, "<html>Bad Gateway</html>");
        case Kind::Unreadable200:
            return resp(200, "<html>ok?</html>");
        case Kind::Transport: {
            HttpResponse r;
            r.transport_error = "Connection refused";
            return r;
        }
        default:
            return std::nullopt;
    }
}

const Platform kPlatforms[] = {
    {"wecom",
     [](Kind k) -> std::optional<HttpResponse> {
         switch (k) {
             case Kind::Success:
                 return resp(200, R"({"errcode":0,"errmsg":"ok"})");
             case Kind::RateLimited:
                 return resp(200, R"({"errcode":45009,"errmsg":"api freq out of limit"})");
             case Kind::Busy:
                 return resp(200, R"({"errcode":-1,"errmsg":"系统繁忙"})");
             case Kind::Expired:
                 return resp(200, R"({"errcode":42001,"errmsg":"access_token expired"})");
             case Kind::OtherError:
                 return resp(200, R"({"errcode":93000,"errmsg":"invalid webhook url"})");
             default:
                 return common_answer(k);
         }
     },
     seconds(65), "errcode=93000 errmsg=invalid webhook url"},
    {"dingtalk",
     [](Kind k) -> std::optional<HttpResponse> {
         switch (k) {
             case Kind::Success:
                 return resp(200, R"({"errcode":0,"errmsg":"ok"})");
             case Kind::RateLimited:
                 return resp(
                     200,
                     R"({"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"})");
             case Kind::Busy:
                 return resp(200, R"({"errcode":-1,"errmsg":"系统繁忙"})");
             case Kind::Expired:
                 return resp(200, R"({"errcode":42001,"errmsg":"access_token expired"})");
             case Kind::OtherError:
                 return resp(200, R"({"errcode":310000,"errmsg":"sign not match"})");
             default:
                 return common_answer(k);
         }
     },
     seconds(60), "errcode=310000 errmsg=sign not match"},
    {"feishu",
     [](Kind k) -> std::optional<HttpResponse> {
         switch (k) {
             case Kind::Success:
                 return resp(
                     200,
                     R"({"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"})");
             case Kind::RateLimited:
                 return resp(200, R"({"code":11232,"msg":"frequency limited","data":{}})");
             case Kind::Busy:
                 return resp(200, R"({"code":-1,"msg":"system busy"})");
             case Kind::Expired:
                 return resp(200, R"({"code":99991663,"msg":"Invalid access token"})");
             case Kind::OtherError:
                 return resp(
                     200,
                     R"({"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"})");
             default:
                 return common_answer(k);
         }
     },
     seconds(10), "code=19021 msg=sign match fail"},
    {"telegram",
     [](Kind k) -> std::optional<HttpResponse> {
         switch (k) {
             case Kind::Success:
                 return resp(200, R"({"ok":true,"result":{"message_id":7}})");
             case Kind::RateLimited:
                 return resp(
                     429,
                     R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})");
             case Kind::Busy:
                 return resp(502, R"({"ok":false,"error_code":502,"description":"Bad Gateway"})");
             case Kind::Expired:
                 return std::nullopt;  // bot tokens do not expire
             case Kind::OtherError:
                 return resp(
                     400,
                     R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})");
             default:
                 return common_answer(k);
         }
     },
     seconds(7), "error_code=400 description=Bad Request: chat not found"},
};

}  // namespace

TEST_CASE("platform classify: one table of cases against every adapter") {
    auto registry = adapters::make_registry();
    for (const auto& p : kPlatforms) {
        auto adapter = registry.make({"c", p.name, {}});
        REQUIRE(adapter);
        for (const auto& c : kCases) {
            auto answer = p.answer(c.kind);
            if (!answer) continue;
            CAPTURE(p.name);
            CAPTURE(c.name);
            auto r = adapter->classify(*answer);
            CHECK(r.outcome == c.expected);
            if (c.kind == Kind::RateLimited) {
                REQUIRE(r.retry_after);
                CHECK(*r.retry_after == p.rate_wait);
            }
            if (c.kind == Kind::OtherError) CHECK(r.reason.rfind(p.other_reason, 0) == 0);
            if (c.expected != SendOutcome::Delivered) CHECK_FALSE(r.reason.empty());
        }
    }
}

TEST_CASE(
    "platform classify: Feishu gateway 429 honours x-ogw-ratelimit-reset, legacy StatusCode") {
    auto a = adapters::make_registry().make({"c", "feishu", {}});
    HttpResponse r = resp(429, "");
    r.headers = {{"x-ogw-ratelimit-reset", "3"}};
    auto res = a->classify(r);
    CHECK(res.outcome == SendOutcome::Retry);
    CHECK(res.retry_after == std::chrono::milliseconds(3000));
    CHECK(a->classify(resp(200, R"({"StatusCode":0,"StatusMessage":"success"})")).outcome ==
          SendOutcome::Delivered);
    CHECK(a->classify(resp(400, R"({"code":9499,"msg":"Bad Request","data":{}})")).outcome ==
          SendOutcome::Failed);
}

TEST_CASE("platform classify: an HTTP 200 alone is never success") {
    for (const char* p : {"wecom", "dingtalk", "feishu", "telegram"}) {
        auto a = adapters::make_registry().make({"c", p, {}});
        CAPTURE(p);
        CHECK(a->classify(resp(200, "")).outcome == SendOutcome::Failed);
        CHECK(a->classify(resp(200, "{}")).outcome == SendOutcome::Failed);
    }
    auto tg = adapters::make_registry().make({"c", "telegram", {}});
    auto r = tg->classify(resp(
        400,
        R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}})"));
    CHECK(r.outcome == SendOutcome::Failed);
    CHECK(r.reason.find("migrate_to_chat_id=-1001234") != std::string::npos);
}
