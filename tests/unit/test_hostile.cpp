// A server that holds under hostile clients (issue 14, item 7): slow clients
// cost no worker, oversized heads get 431 without growing the daemon, and one
// address cannot take every connection, counted behind a trusted proxy by the
// client X-Forwarded-For names.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "../fakes/fake_dingtalk.h"
#include "bot/core/crypto.h"
#include "daemon_process.h"
#include "db_query.h"

using namespace gridbot;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// Four workers, so a handful of held connections would be enough to starve it.
std::string config(const std::string& http, const std::string& fake_url = "") {
    std::string c = "[server]\nbind = \"127.0.0.1\"\nport = 0\nthreads = 4\n\n[http]\n" + http +
                    "\n[store]\npath = \"{DB}\"\n\n[district]\ncode = \"nangang\"\nname = "
                    "\"南岗区\"\n";
    if (fake_url.empty()) return c;
    return c + R"(
[[channels]]
name = "ding"
platform = "dingtalk"
settings = { app_secret = "app-secret-xyz", "group.cid-001.access_token" = "ding-token-1", "group.cid-001.secret" = "SECdingsecret", base_url = ")" +
           fake_url + R"(" }
[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "ding"
id = "cid-001"
name = "龙台社区第一网格居民群"
)";
}

int connect_to(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool send_text(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// What the server sends until it closes or `limit` passes.
std::string read_answer(int fd, std::chrono::milliseconds limit) {
    std::string out;
    auto until = Clock::now() + limit;
    char buf[4096];
    while (Clock::now() < until) {
        pollfd p{fd, POLLIN, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
        if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) break;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

// One request on its own connection; the status line and body, or "" on no answer.
std::string raw_request(int port, const std::string& request) {
    int fd = connect_to(port);
    if (fd < 0) return "";
    send_text(fd, request);
    std::string answer = read_answer(fd, 5s);
    ::close(fd);
    return answer;
}

// One complete answer on a connection that stays open: its head and
// Content-Length bytes of body, or what came before `limit` passed.
std::string read_one_answer(int fd, std::chrono::milliseconds limit = 5s) {
    std::string out;
    auto until = Clock::now() + limit;
    char buf[4096];
    while (Clock::now() < until) {
        size_t end = out.find("\r\n\r\n");
        if (end != std::string::npos) {
            size_t at = out.find("Content-Length: ");
            size_t body = at == std::string::npos || at > end ? 0 : std::stoul(out.substr(at + 16));
            if (out.size() >= end + 4 + body) break;
        }
        pollfd p{fd, POLLIN, 0};
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
        if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 1))) <= 0) break;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

// A keep-alive /healthz request that says it was forwarded for `client`.
std::string forwarded_healthz(const std::string& client) {
    return "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + client + "\r\n\r\n";
}

const std::string kProxyToken = "gb_test-hostile-proxy-token";

std::string with_token(const std::string& c) {
    return c + "\n[[tokens]]\nname = \"ops\"\nsha256 = \"" +
           crypto::hex(crypto::sha256(kProxyToken)) + "\"\nrole = \"admin\"\nnode = \"nangang\"\n";
}

// The client address of the audit row a GET /api/v1/incidents forwarded for `xff` leaves.
std::string audited_client(test::DaemonProcess& d, int port, const std::string& xff) {
    std::string answer =
        raw_request(port,
                    "GET /api/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    "Authorization: Bearer " +
                        kProxyToken + "\r\nX-Forwarded-For: " + xff + "\r\n\r\n");
    REQUIRE_MESSAGE(answer.rfind("HTTP/1.1 200 ", 0) == 0, answer.substr(0, 200));
    auto rows = test::db_query(d.db(), "SELECT client FROM audit ORDER BY id DESC LIMIT 1");
    REQUIRE(rows.size() == 1);
    return rows[0];
}

long rss_kib(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

std::string with_headers(size_t count, size_t value_size) {
    std::string r = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (size_t i = 0; i < count; ++i) {
        r += "X-Filler-" + std::to_string(i) + ": " + std::string(value_size, 'a') + "\r\n";
    }
    return r + "\r\n";
}

}  // namespace

TEST_CASE("hostile: 200 slow clients do not keep /healthz or a signed report from an answer") {
    // Proves a slow client costs no worker (4 workers, 200 slow heads) and is cut at the deadline.
    fakes::FakeDingtalk fake;
    fake.set_now(std::time(nullptr));
    fake.add_robot("ding-token-1", "SECdingsecret");
    test::TempDir dir;
    test::DaemonProcess d(
        dir, config("read_deadline = \"5s\"\nmax_conns_per_addr = 1000\n", fake.base_url()));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    std::vector<int> slow;
    for (int i = 0; i < 200; ++i) {
        int fd = connect_to(port);
        REQUIRE(fd >= 0);
        REQUIRE(send_text(fd, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        slow.push_back(fd);
    }
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(1, 0);
    c.set_connection_timeout(1, 0);
    int64_t now = std::time(nullptr);
    for (int round = 0; round < 2; ++round) {
        for (int fd : slow) send_text(fd, "X-Slow-" + std::to_string(round) + ": 1\r\n");
        auto health = c.Get("/healthz");
        REQUIRE_MESSAGE(health, "no /healthz answer within 1 s in round " << round);
        CHECK(health->status == 200);
        auto in = fake.callback("app-secret-xyz", "cid-001", "staff-1", "3-2-502 正常 36.5", now,
                                "msg-" + std::to_string(round));
        httplib::Headers headers(in.headers.begin(), in.headers.end());
        auto report = c.Post("/hooks/ding", headers, in.body, "application/json");
        REQUIRE_MESSAGE(report, "no answer to the signed report within 1 s in round " << round);
        CHECK(report->status == 200);
        std::this_thread::sleep_for(2s);  // the slow clients' pace: one header line every 2 s
    }
    // Past the 5 s deadline every slow client is told 408 and closed.
    int timed_out = 0;
    for (int fd : slow) {
        if (read_answer(fd, 5s).find(" 408 ") != std::string::npos) ++timed_out;
        ::close(fd);
    }
    CHECK(timed_out == 200);
    CHECK(d.stop() == 0);
}

TEST_CASE("hostile: 10,000 headers get 431 and leave the daemon's RSS within 20 MB") {
    // Proves the field count is refused while reading, not after holding every field.
    test::TempDir dir;
    test::DaemonProcess d(dir, config(""));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    REQUIRE(raw_request(port, with_headers(1, 10)).find(" 200 ") != std::string::npos);
    long before = rss_kib(d.pid());
    REQUIRE(before > 0);
    std::string huge = with_headers(10000, 20);
    for (int i = 0; i < 4; ++i) {
        std::string answer = raw_request(port, huge);
        CHECK_MESSAGE(answer.rfind("HTTP/1.1 431 ", 0) == 0, answer.substr(0, 80));
        CHECK(answer.find("header_fields_too_large") != std::string::npos);
    }
    long after = rss_kib(d.pid());
    CHECK_MESSAGE(after - before < 20 * 1024, "RSS " << before << " KiB -> " << after << " KiB");
    // The daemon still answers.
    CHECK(raw_request(port, with_headers(1, 10)).find(" 200 ") != std::string::npos);
    CHECK(d.stop() == 0);
}

TEST_CASE("hostile: 100 header fields pass, and 101 fields or one field over 8 KiB get 431") {
    // Proves the limits are exactly the documented ones (100 fields, 8 KiB a field).
    test::TempDir dir;
    test::DaemonProcess d(dir, config(""));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    // with_headers adds Host: 99 fillers + Host = 100 fields.
    CHECK(raw_request(port, with_headers(99, 10)).rfind("HTTP/1.1 200 ", 0) == 0);
    CHECK(raw_request(port, with_headers(100, 10)).rfind("HTTP/1.1 431 ", 0) == 0);
    CHECK(raw_request(port, with_headers(1, 8000)).rfind("HTTP/1.1 200 ", 0) == 0);
    CHECK(raw_request(port, with_headers(1, 8300)).rfind("HTTP/1.1 431 ", 0) == 0);
    CHECK(d.stop() == 0);
}

TEST_CASE("hostile: connections beyond [http] max_conns_per_addr get 503 until one closes") {
    // Proves one address cannot hold more than its share of connections, and the share frees.
    test::TempDir dir;
    test::DaemonProcess d(dir, config("max_conns_per_addr = 3\n"));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    std::vector<int> held;
    for (int i = 0; i < 3; ++i) held.push_back(connect_to(port));
    std::string refused = raw_request(port, with_headers(0, 0));
    CHECK_MESSAGE(refused.rfind("HTTP/1.1 503 ", 0) == 0, refused.substr(0, 80));
    CHECK(refused.find("too_many_connections") != std::string::npos);
    ::close(held.back());
    held.pop_back();
    CHECK(test::wait_for(
        [&] { return raw_request(port, with_headers(0, 0)).rfind("HTTP/1.1 200 ", 0) == 0; }));
    for (int fd : held) ::close(fd);
    CHECK(d.stop() == 0);
}

TEST_CASE("hostile: behind a trusted proxy the per-address cap counts X-Forwarded-For's client") {
    // Proves that from a trusted peer the cap and the audit use the client the header names
    // (the last address not itself a trusted proxy), so one client behind nginx is capped alone.
    test::TempDir dir;
    test::DaemonProcess d(
        dir, with_token(config("max_conns_per_addr = 3\n"
                               "trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n")));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    std::vector<int> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(connect_to(port));
        REQUIRE(send_text(held.back(), forwarded_healthz("203.0.113.7")));
        CHECK(read_one_answer(held.back()).rfind("HTTP/1.1 200 ", 0) == 0);
    }
    // A 4th connection for the same client is refused; another client behind the same proxy
    // is not, though the proxy now holds 4 connections.
    std::string refused = raw_request(port, forwarded_healthz("203.0.113.7"));
    CHECK_MESSAGE(refused.rfind("HTTP/1.1 503 ", 0) == 0, refused.substr(0, 80));
    CHECK(refused.find("too_many_connections") != std::string::npos);
    int other = connect_to(port);
    REQUIRE(send_text(other, forwarded_healthz("203.0.113.8")));
    CHECK(read_one_answer(other).rfind("HTTP/1.1 200 ", 0) == 0);
    // A kept connection moves to the client its next request names, freeing a slot.
    REQUIRE(send_text(held.back(), forwarded_healthz("203.0.113.9")));
    CHECK(read_one_answer(held.back()).rfind("HTTP/1.1 200 ", 0) == 0);
    int again = connect_to(port);
    REQUIRE(send_text(again, forwarded_healthz("203.0.113.7")));
    CHECK(read_one_answer(again).rfind("HTTP/1.1 200 ", 0) == 0);
    // The audit names the client: trusted hops at the right are skipped.
    CHECK(audited_client(d, port, "198.51.100.4") == "198.51.100.4");
    CHECK(audited_client(d, port, "192.0.2.1, 198.51.100.4, 10.9.9.9") == "198.51.100.4");
    for (int fd : held) ::close(fd);
    ::close(other);
    ::close(again);
    CHECK(d.stop() == 0);
}

TEST_CASE("hostile: X-Forwarded-For from a peer not in trusted_proxies is ignored") {
    // Proves a client cannot escape the cap or forge the audit's address by writing the header.
    test::TempDir dir;
    test::DaemonProcess d(dir, with_token(config("max_conns_per_addr = 3\n"
                                                 "trusted_proxies = [\"10.0.0.0/8\"]\n")));
    int port = d.start();
    REQUIRE_MESSAGE(port > 0, d.log());
    std::vector<int> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(connect_to(port));
        REQUIRE(send_text(held.back(), forwarded_healthz("203.0.113." + std::to_string(i))));
        CHECK(read_one_answer(held.back()).rfind("HTTP/1.1 200 ", 0) == 0);
    }
    std::string refused = raw_request(port, forwarded_healthz("203.0.113.99"));
    CHECK_MESSAGE(refused.rfind("HTTP/1.1 503 ", 0) == 0, refused.substr(0, 80));
    for (int fd : held) ::close(fd);
    CHECK(test::wait_for(
        [&] { return raw_request(port, with_headers(0, 0)).rfind("HTTP/1.1 200 ", 0) == 0; }));
    CHECK(audited_client(d, port, "198.51.100.4") == "127.0.0.1");
    CHECK(d.stop() == 0);
}
