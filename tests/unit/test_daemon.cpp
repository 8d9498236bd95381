// The daemon as an operator meets it: health, metrics, tokens, the manual
// clock, clean stops.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "bot/http/auth.h"
#include "daemon_process.h"

using namespace gridbot;

namespace {

std::string daemon_config(bool manual_clock, const std::string& admin_hash,
                          const std::string& street_hash) {
    return std::string(R"(
[server]
bind = "127.0.0.1"
port = 0
threads = 4

[store]
path = "{DB}"

[district]
code = "nangang"
name = "南岗区"

[[nodes]]
code = "nangang/xianfeng"
name = "先锋街道"

[[tokens]]
name = "ops"
sha256 = ")") +
           admin_hash + R"("
role = "admin"
node = "nangang"

[[tokens]]
name = "xianfeng street"
sha256 = ")" +
           street_hash + R"("
role = "street"
node = "nangang/xianfeng"

[debug]
manual_clock = )" +
           (manual_clock ? "true\nstart_time = \"2026-11-22T08:00:00+08:00\"" : "false") + "\n";
}

}  // namespace

TEST_CASE("daemon: healthz, metrics with build info, and a clean exit on SIGTERM") {
    test::TempDir dir;
    test::DaemonProcess d(dir, daemon_config(false, http::token_hash("a"), http::token_hash("s")));
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    auto h = c.Get("/healthz");
    REQUIRE(h);
    CHECK(h->status == 200);
    CHECK(nlohmann::json::parse(h->body)["status"] == "ok");
    auto m = c.Get("/metrics");
    REQUIRE(m);
    CHECK(m->body.find("gridbot_build_info{version=\"" GRIDBOT_VERSION "\"} 1") !=
          std::string::npos);
    CHECK(m->body.find("gridbot_http_requests_total{route=\"/healthz\",status=\"200\"} 1") !=
          std::string::npos);
    CHECK(d.stop() == 0);
    CHECK(d.log().find("event=stopped") != std::string::npos);
}

TEST_CASE("daemon: a missing or wrong token gets 401, a node outside the token's subtree 403") {
    test::TempDir dir;
    std::string admin = http::new_token(), street = http::new_token();
    test::DaemonProcess d(dir,
                          daemon_config(false, http::token_hash(admin), http::token_hash(street)));
    // Nodes come from the ledger.
    test::write_file(dir.file("l.csv"),
                     "区,街道,社区,网格,门牌\n南岗区,先锋街道,龙台,g01,3-2-502\n南岗区,huayuan,"
                     "wenhua,g01,1-1-101\n");
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + d.config() + " " +
                                 dir.file("l.csv"));
    REQUIRE_MESSAGE(imp.exit_code != 0, imp.out);  // "龙台" is not a code nor a named node
    test::write_file(dir.file("l.csv"),
                     "区,街道,社区,网格,门牌\n南岗区,先锋街道,longtai,g01,3-2-502\n南岗区,huayuan,"
                     "wenhua,g01,1-1-101\n");
    imp = test::run_command(test::gridbot_binary() + " import --config " + d.config() + " " +
                            dir.file("l.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    auto get = [&](const std::string& path, const std::string& token) {
        httplib::Headers h;
        if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
        auto r = c.Get(path.c_str(), h);
        REQUIRE(r);
        return *r;
    };
    CHECK(get("/api/v1/nodes/nangang/xianfeng", "").status == 401);
    CHECK(get("/api/v1/nodes/nangang/xianfeng", "gb_wrong").status == 401);
    CHECK(nlohmann::json::parse(get("/api/v1/nodes/nangang/xianfeng", "").body)["error"] ==
          "unauthorized");
    auto own = get("/api/v1/nodes/nangang/xianfeng", street);
    CHECK(own.status == 200);
    CHECK(nlohmann::json::parse(own.body)["name"] == "先锋街道");
    CHECK(nlohmann::json::parse(own.body)["children"][0]["code"] == "nangang/xianfeng/longtai");
    CHECK(get("/api/v1/nodes/nangang/xianfeng/longtai/g01", street).status == 200);
    CHECK(get("/api/v1/nodes/nangang/huayuan", street).status == 403);
    CHECK(get("/api/v1/nodes/nangang", street).status == 403);
    CHECK(get("/api/v1/nodes/nangang/huayuan", admin).status == 200);
    CHECK(get("/api/v1/nodes/nangang/nowhere", admin).status == 404);
    CHECK(d.stop() == 0);
}

TEST_CASE(
    "daemon: the clock endpoint exists only with [debug] manual_clock, and needs an admin token") {
    test::TempDir dir;
    std::string admin = http::new_token(), street = http::new_token();
    {
        test::DaemonProcess d(
            dir, daemon_config(false, http::token_hash(admin), http::token_hash(street)));
        REQUIRE(d.start() > 0);
        httplib::Client c("127.0.0.1", d.port());
        auto r = c.Post("/api/v1/admin/clock", {{"Authorization", "Bearer " + admin}},
                        R"({"advance_seconds": 60})", "application/json");
        REQUIRE(r);
        CHECK(r->status == 404);
        CHECK(d.stop() == 0);
    }
    test::DaemonProcess d(dir,
                          daemon_config(true, http::token_hash(admin), http::token_hash(street)));
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    auto post = [&](const std::string& body, const std::string& token) {
        auto r = c.Post("/api/v1/admin/clock", {{"Authorization", "Bearer " + token}}, body,
                        "application/json");
        REQUIRE(r);
        return *r;
    };
    auto health = c.Get("/healthz");
    REQUIRE(health);
    CHECK(nlohmann::json::parse(health->body)["time"] == "2026-11-22T00:00:00Z");
    CHECK(post(R"({"advance_seconds": 3600})", street).status == 403);
    auto moved = post(R"({"advance_seconds": 3600})", admin);
    CHECK(moved.status == 200);
    CHECK(nlohmann::json::parse(moved.body)["now"] == "2026-11-22T01:00:00Z");
    auto set = post(R"({"set": "2026-11-23T07:59:00+08:00"})", admin);
    CHECK(nlohmann::json::parse(set.body)["now"] == "2026-11-22T23:59:00Z");
    health = c.Get("/healthz");
    REQUIRE(health);
    CHECK(nlohmann::json::parse(health->body)["time"] == "2026-11-22T23:59:00Z");
    CHECK(post(R"({"set": "tomorrow"})", admin).status == 400);
    CHECK(post("not json", admin).status == 400);
    CHECK(d.stop() == 0);
}

TEST_CASE("daemon: SIGHUP reloads a good configuration and keeps the old one on error") {
    test::TempDir dir;
    std::string admin = http::new_token(), street = http::new_token(), later = http::new_token();
    test::DaemonProcess d(dir,
                          daemon_config(false, http::token_hash(admin), http::token_hash(street)));
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    auto status = [&](const std::string& token) {
        auto r = c.Get("/api/v1/nodes/nangang", {{"Authorization", "Bearer " + token}});
        REQUIRE(r);
        return r->status;
    };
    CHECK(status(later) == 401);
    // A broken file: the error is logged, the old tokens stay.
    test::write_file(d.config(), test::read_file(d.config()) + "\n[server]\nbogus = 1\n");
    REQUIRE(d.pid() > 0);
    ::kill(d.pid(), SIGHUP);
    CHECK(test::wait_for(
        [&] { return d.log().find("event=config_reload_failed [config.") != std::string::npos; }));
    CHECK(status(admin) != 401);
    // A good file with one more token: it takes effect without a restart.
    d.write_config(daemon_config(false, http::token_hash(admin), http::token_hash(street)) +
                   "\n[[tokens]]\nname = \"later\"\nsha256 = \"" + http::token_hash(later) +
                   "\"\nrole = \"admin\"\nnode = \"nangang\"\n");
    ::kill(d.pid(), SIGHUP);
    CHECK(
        test::wait_for([&] { return d.log().find("event=config_reloaded") != std::string::npos; }));
    CHECK(status(later) != 401);
    CHECK(d.stop() == 0);
}

TEST_CASE("cli: token new prints a token and the [[tokens]] entry whose hash matches it") {
    auto r = test::run_command(test::gridbot_binary() +
                               " token new --role street --node nangang/xianfeng --name 先锋街道");
    REQUIRE(r.exit_code == 0);
    auto token_at = r.out.find("token: ");
    REQUIRE(token_at != std::string::npos);
    std::string token = r.out.substr(token_at + 7, r.out.find('\n', token_at) - token_at - 7);
    CHECK(token.rfind("gb_", 0) == 0);
    CHECK(r.out.find("sha256 = \"" + http::token_hash(token) + "\"") != std::string::npos);
    CHECK(r.out.find("role = \"street\"") != std::string::npos);
    CHECK(r.out.find("node = \"nangang/xianfeng\"") != std::string::npos);
    auto bad = test::run_command(test::gridbot_binary() + " token new --role mayor --node nangang");
    CHECK(bad.exit_code != 0);
    CHECK(bad.out.find("--role") != std::string::npos);
}

TEST_CASE("daemon: an unknown node is 404 node.unknown on every /api/v1 route that takes a node") {
    // Proves a node nobody knows is reported as unknown (404 node.unknown), not as
    // forbidden (403) nor as an empty answer, on each route that takes a node.
    test::TempDir dir;
    std::string admin = http::new_token(), street = http::new_token();
    test::DaemonProcess d(dir,
                          daemon_config(false, http::token_hash(admin), http::token_hash(street)));
    test::write_file(dir.file("l.csv"),
                     "区,街道,社区,网格,门牌\n南岗区,xianfeng,longtai,g01,3-2-502\n");
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + d.config() + " " +
                                 dir.file("l.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    REQUIRE(d.start() > 0);
    httplib::Client c("127.0.0.1", d.port());
    httplib::Headers h{{"Authorization", "Bearer " + street}};
    auto unknown = [&](const httplib::Result& r, const std::string& what) {
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 404, what, ": ", r->status, " ", r->body);
        auto j = nlohmann::json::parse(r->body, nullptr, false);
        CHECK_MESSAGE(j.is_object(), what);
        if (j.is_object())
            CHECK_MESSAGE(j.value("error", "") == "node.unknown", what, ": ", r->body);
    };
    for (const char* node : {"nangang/nowhere", "nangang/xianfeng/nowhere"}) {
        std::string n = node;
        unknown(c.Get("/api/v1/nodes/" + n, h), "node " + n);
        unknown(c.Get("/api/v1/nodes/" + n + "/summary", h), "summary " + n);
        unknown(c.Get("/api/v1/nodes/" + n + "/households", h), "households " + n);
        unknown(c.Get("/api/v1/incidents?node=" + n, h), "incidents " + n);
        unknown(c.Post("/api/v1/notices", h,
                       nlohmann::json({{"node", n}, {"title", "通知"}, {"body", "x"}}).dump(),
                       "application/json"),
                "notices " + n);
    }
    // A known node outside the subtree stays 403; inside, it answers.
    auto outside = c.Get("/api/v1/nodes/nangang", h);
    REQUIRE(outside);
    CHECK(outside->status == 403);
    auto inside = c.Get("/api/v1/incidents?node=nangang/xianfeng/longtai", h);
    REQUIRE(inside);
    CHECK(inside->status == 200);
    CHECK(d.stop() == 0);
}
