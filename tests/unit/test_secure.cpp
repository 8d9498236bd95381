// Safe to run for a real district (issue 14): demo settings only on loopback,
// the sandbox off unless asked, private file modes, secrets hidden in URLs.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <string>

#include "daemon_process.h"
#include "test_config.h"

using namespace gridbot;

namespace {

// A district with no channels: `head` gives [server], [store], [district].
std::string bare(bool sandbox, const std::string& bind = "127.0.0.1") {
    return "\n[sandbox]\nenabled = " + std::string(sandbox ? "true" : "false") +
           "\n\n[server]\nbind = \"" + bind +
           "\"\nport = 0\nthreads = 4\n\n[store]\npath = \"{DB}\"\n\n[district]\ncode = "
           "\"nangang\"\n"
           "name = \"南岗区\"\n";
}

int mode_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("secure: a fresh daemon creates its database, -wal and -shm with mode 0600" *
          doctest::test_suite("sqlite-only")) {
    // Proves the daemon's files are private even under a permissive umask (022).
    test::TempDir dir;
    mode_t old = ::umask(022);
    test::DaemonProcess d(dir, bare(false));
    int port = d.start();
    ::umask(old);
    REQUIRE_MESSAGE(port > 0, d.log());
    httplib::Client c("127.0.0.1", port);
    REQUIRE(c.Get("/healthz"));
    CHECK(mode_of(d.db()) == 0600);
    CHECK(mode_of(d.db() + "-wal") == 0600);
    CHECK(mode_of(d.db() + "-shm") == 0600);
    CHECK(d.log().find("db_readable_by_others") == std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE("secure: the daemon warns at start when its database is readable by group or others" *
          doctest::test_suite("sqlite-only")) {
    // Proves an operator who copied the database with a loose mode is told, by path only.
    test::TempDir dir;
    test::DaemonProcess d(dir, bare(false));
    REQUIRE(d.start() > 0);
    REQUIRE(d.stop() == 0);
    REQUIRE(::chmod(d.db().c_str(), 0644) == 0);
    REQUIRE(d.start() > 0);
    std::string log = d.log();
    CHECK(log.find("event=db_readable_by_others") != std::string::npos);
    CHECK(log.find("mode=644") != std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE("secure: the sandbox page and API are absent unless [sandbox] enabled = true") {
    // Proves a production config (no [sandbox]) serves no sandbox route, and the demo config does.
    test::TempDir off_dir, on_dir;
    test::DaemonProcess off(off_dir, bare(false));
    int off_port = off.start();
    REQUIRE_MESSAGE(off_port > 0, off.log());
    httplib::Client c_off("127.0.0.1", off_port);
    for (const char* path : {"/sandbox/", "/sandbox/api/groups", "/sandbox/api/clock"}) {
        auto r = c_off.Get(path);
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 404, path);
    }
    CHECK(c_off.Get("/healthz")->status == 200);
    test::DaemonProcess on(on_dir, bare(true));
    int on_port = on.start();
    REQUIRE_MESSAGE(on_port > 0, on.log());
    httplib::Client c_on("127.0.0.1", on_port);
    CHECK(c_on.Get("/sandbox/")->status == 200);
    CHECK(c_on.Get("/sandbox/api/groups")->status == 200);
}

TEST_CASE("secure: the daemon and check-config refuse demo settings on a non-loopback bind") {
    // Proves the sandbox, the manual clock and the published demo token each stop a
    // daemon bound beyond loopback, with an error naming the key; loopback stays allowed.
    struct Case {
        std::string extra, key;
    };
    const std::string demo_token =
        "\n[[tokens]]\nname = \"demo\"\nsha256 = "
        "\"e6c8bc133ad581e5997063f964b79f93d0b222f4fd14167c0dffc8bfc4c897a5\"\nrole = "
        "\"district\"\n"
        "node = \"nangang\"\n";
    for (const Case& k : {Case{"", "sandbox.enabled"},
                          Case{"\n[debug]\nmanual_clock = true\n", "debug.manual_clock"},
                          Case{demo_token, "tokens[0].sha256"}}) {
        CAPTURE(k.key);
        bool sandbox = k.key == "sandbox.enabled";
        test::TempDir dir;
        test::DaemonProcess open(dir, bare(sandbox, "0.0.0.0") + k.extra);
        CHECK(open.start() == 0);
        CHECK(open.log().find("[config.unsafe_bind]") != std::string::npos);
        CHECK(open.log().find(k.key) != std::string::npos);
        auto r =
            test::run_command(test::gridbot_binary() + " check-config --config " + open.config());
        CHECK(r.exit_code != 0);
        CHECK(r.out.find("[config.unsafe_bind]") != std::string::npos);
        CHECK(r.out.find(k.key) != std::string::npos);

        test::TempDir local_dir;
        test::DaemonProcess local(local_dir, bare(sandbox, "127.0.0.1") + k.extra);
        CHECK_MESSAGE(local.start() > 0, local.log());
        CHECK(local.stop() == 0);
    }
    // Nothing demo-like: a public bind is fine.
    test::TempDir dir;
    test::DaemonProcess plain(dir, bare(false, "0.0.0.0"));
    CHECK_MESSAGE(plain.start() > 0, plain.log());
    CHECK(plain.stop() == 0);
}

TEST_CASE("secure: check-config --effective hides secrets inside URLs as the adapters' logs do") {
    // Proves a webhook key in a query string and a Telegram bot token in a path are
    // printed as REDACTED while the rest of the URL stays readable.
    test::TempDir dir;
    std::string cfg = bare(false) + R"(
[[channels]]
name = "bridge"
platform = "webhook"
settings = { url = "https://hooks.example.cn/send?access_token=AbCdEf123456&x=1", callback = "https://api.telegram.org/bot123456:ZZsecretZZ/sendMessage" }
)";
    std::string path = dir.file("g.toml");
    test::write_file(path, cfg);
    auto r =
        test::run_command(test::gridbot_binary() + " check-config --effective --config " + path);
    CHECK_MESSAGE(r.exit_code == 0, r.out);
    CHECK(r.out.find("AbCdEf123456") == std::string::npos);
    CHECK(r.out.find("ZZsecretZZ") == std::string::npos);
    CHECK(r.out.find("https://hooks.example.cn/send?access_token=REDACTED&x=1") !=
          std::string::npos);
    CHECK(r.out.find("https://api.telegram.org/botREDACTED/sendMessage") != std::string::npos);
}

TEST_CASE(
    "secure: the sandbox API refuses cross-site and rebound requests, and its page has a strict "
    "CSP") {
    // Proves a form post (not JSON) gets 415, a foreign Origin or Host gets 403 before
    // anything is recorded, and the page allows only its own hashed inline script and style.
    test::TempDir dir;
    test::DaemonProcess d(dir, bare(true) + test::longtai_three_grids() + R"(
[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "sandbox"
id = "g01"
audience = "residents"
)");
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    httplib::Client c("127.0.0.1", port);
    const std::string say = R"({"sender":"u1","name":"u1","text":"hello"})";
    const std::string path = "/sandbox/api/groups/g01/messages";

    auto form = c.Post(path, "sender=u1&text=hello", "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status == 415);
    auto plain = c.Post(path, say, "text/plain");
    REQUIRE(plain);
    CHECK(plain->status == 415);
    auto foreign = c.Post(path, {{"Origin", "http://evil.example"}}, say, "application/json");
    REQUIRE(foreign);
    CHECK(foreign->status == 403);
    auto rebound =
        c.Post(path, {{"Host", "evil.example:" + std::to_string(port)}}, say, "application/json");
    REQUIRE(rebound);
    CHECK(rebound->status == 403);
    auto read = c.Get("/sandbox/api/groups", {{"Host", "evil.example:" + std::to_string(port)}});
    REQUIRE(read);
    CHECK(read->status == 403);
    auto before = c.Get(path + "?after=0");
    REQUIRE(before);
    CHECK(before->body.find("hello") == std::string::npos);  // nothing refused was recorded

    auto own = c.Post(path, {{"Origin", "http://127.0.0.1:" + std::to_string(port)}}, say,
                      "application/json");
    REQUIRE(own);
    CHECK_MESSAGE(own->status == 200, own->body);

    auto page = c.Get("/sandbox/");
    REQUIRE(page);
    CHECK(page->status == 200);
    std::string csp = page->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("script-src 'self' 'sha256-") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
}
