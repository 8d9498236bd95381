#include <doctest/doctest.h>
#include <httplib.h>

#include <stdexcept>

#include "bot/core/hierarchy.h"
#include "bot/core/metrics.h"
#include "bot/http/auth.h"
#include "bot/http/server.h"

using namespace gridbot;

namespace {

struct Running {
    Metrics metrics;
    http::Server server;
    int port = 0;
    explicit Running(size_t body_limit = 1 << 20)
        : server(http::ServerOptions{"127.0.0.1", 0, 4, body_limit}, metrics) {}
    void start() {
        auto p = server.start();
        REQUIRE(p.ok());
        port = p.value();
    }
    httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
};

}  // namespace

TEST_CASE(
    "http: an exception in a handler becomes a 500 with a fixed body and the server lives on") {
    Running r;
    r.server.route("GET", "/boom", "/boom", [](const http::Request&, http::Response&) {
        throw std::runtime_error("secret internal detail");
    });
    r.server.route("GET", "/int", "/int", [](const http::Request&, http::Response&) { throw 42; });
    r.server.route("GET", "/ok", "/ok", [](const http::Request&, http::Response& res) {
        res.json({{"ok", true}});
    });
    r.start();
    auto c = r.client();
    for (auto path : {"/boom", "/int"}) {
        auto res = c.Get(path);
        REQUIRE(res);
        CHECK(res->status == 500);
        CHECK(res->body == R"({"detail":"internal error","error":"internal"})");
        CHECK(res->body.find("secret") == std::string::npos);
    }
    auto ok = c.Get("/ok");
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("http: a body over the limit gets 413 as JSON, unknown paths get 404 as JSON") {
    Running r(2048);
    r.server.route("POST", "/in", "/in", [](const http::Request& req, http::Response& res) {
        res.json({{"size", req.body.size()}});
    });
    r.start();
    auto c = r.client();
    auto small = c.Post("/in", std::string(100, 'x'), "text/plain");
    REQUIRE(small);
    CHECK(small->status == 200);
    auto big = c.Post("/in", std::string(4096, 'x'), "text/plain");
    REQUIRE(big);
    CHECK(big->status == 413);
    auto j = nlohmann::json::parse(big->body, nullptr, false);
    REQUIRE(j.is_object());
    CHECK(j["error"] == "payload_too_large");
    auto missing = c.Get("/nowhere");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(nlohmann::json::parse(missing->body)["error"] == "not_found");
}

TEST_CASE(
    "http: route captures, query and headers reach the handler, keep-alive holds past 5 requests") {
    Running r;
    r.server.route("GET", R"(/n/([a-z/]+))", "/n/:code",
                   [](const http::Request& req, http::Response& res) {
                       res.json({{"code", req.captures.at(0)},
                                 {"day", req.param("day")},
                                 {"h", req.header("x-thing")}});
                   });
    r.start();
    auto c = r.client();
    c.set_keep_alive(true);
    for (int i = 0; i < 20; ++i) {
        auto res = c.Get("/n/a/b?day=2026-11-22", {{"X-Thing", "v"}});
        REQUIRE(res);
        auto j = nlohmann::json::parse(res->body);
        CHECK(j["code"] == "a/b");
        CHECK(j["day"] == "2026-11-22");
        CHECK(j["h"] == "v");
    }
}

TEST_CASE("http: metrics count requests by route and status and time them") {
    Running r;
    r.server.route("GET", "/a", "/a",
                   [](const http::Request&, http::Response& res) { res.json({}); });
    r.start();
    auto c = r.client();
    for (int i = 0; i < 3; ++i) REQUIRE(c.Get("/a"));
    REQUIRE(c.Get("/zzz"));
    std::string text = r.metrics.render();
    CHECK(text.find(R"(gridbot_http_requests_total{route="/a",status="200"} 3)") !=
          std::string::npos);
    CHECK(text.find(R"(gridbot_http_requests_total{route="unmatched",status="404"} 1)") !=
          std::string::npos);
    CHECK(text.find(R"(gridbot_http_request_duration_seconds_count{route="/a"} 3)") !=
          std::string::npos);
    CHECK(text.find("# TYPE gridbot_http_request_duration_seconds histogram") != std::string::npos);
}

TEST_CASE("auth: tokens are matched by hash, subtrees are whole path segments") {
    std::string token = http::new_token();
    CHECK(token.rfind("gb_", 0) == 0);
    CHECK(token.size() == 46);
    CHECK(http::token_hash("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    http::Authenticator a;
    a.load({config::Token{"street", http::token_hash(token), config::Role::Street,
                          "nangang/xianfeng", 1}});
    auto p = a.authenticate("Bearer " + token);
    REQUIRE(p);
    CHECK(p->node == "nangang/xianfeng");
    CHECK_FALSE(a.authenticate("Bearer " + token + "x"));
    CHECK_FALSE(a.authenticate(token));
    CHECK_FALSE(a.authenticate(""));
    CHECK(gridbot::within("nangang/xianfeng/longtai", "nangang/xianfeng"));
    CHECK(gridbot::within("nangang/xianfeng", "nangang/xianfeng"));
    CHECK_FALSE(gridbot::within("nangang/xianfengx", "nangang/xianfeng"));
    CHECK_FALSE(gridbot::within("nangang", "nangang/xianfeng"));
}
