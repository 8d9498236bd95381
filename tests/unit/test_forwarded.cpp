// Requests through a reverse proxy (bot/core/address.h, bot/http/forwarded.h):
// which peers are trusted, which client X-Forwarded-For names, and whether the
// client's request came over TLS.
#include <doctest/doctest.h>

#include "bot/core/address.h"
#include "bot/http/forwarded.h"

using namespace gridbot;

namespace {

AddressSet proxies(const std::vector<std::string>& entries) {
    auto set = AddressSet::parse(entries);
    REQUIRE_MESSAGE(set.ok(), set.error().to_string());
    return set.value();
}

http::Request through(const std::string& xff, const std::string& proto, bool trusted) {
    http::Request r;
    if (!xff.empty()) r.headers.emplace("x-forwarded-for", xff);
    if (!proto.empty()) r.headers.emplace("x-forwarded-proto", proto);
    r.from_trusted_proxy = trusted;
    return r;
}

}  // namespace

TEST_CASE("forwarded: trusted proxies are addresses and CIDR ranges, IPv4 and IPv6") {
    // Proves the range arithmetic at the prefix edges and that a bad entry is refused by name.
    auto set = proxies({"127.0.0.1", "10.0.0.0/8", "172.16.0.0/12", "fd00::/8", "::1"});
    CHECK(set.contains("127.0.0.1"));
    CHECK_FALSE(set.contains("127.0.0.2"));
    CHECK(set.contains("10.255.1.2"));
    CHECK(set.contains("172.31.255.255"));
    CHECK_FALSE(set.contains("172.32.0.1"));
    CHECK(set.contains("fd12:3456::1"));
    CHECK(set.contains("::1"));
    CHECK(set.contains("::ffff:10.1.1.1"));  // an IPv4-mapped peer on a dual-stack socket
    CHECK_FALSE(set.contains("fe80::1"));
    CHECK_FALSE(set.contains("not an address"));
    CHECK_FALSE(proxies({}).contains("127.0.0.1"));
    for (const char* bad : {"10.0.0.0/33", "localhost", "10.0.0.0/", "::1/129", "1.2.3.4/8x"}) {
        auto r = AddressSet::parse({"127.0.0.1", bad});
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "config.bad_address");
        CHECK(r.error().message.find(bad) != std::string::npos);
    }
}

TEST_CASE("forwarded: the client is the last address in X-Forwarded-For not a trusted proxy") {
    // Proves the header is read only from a trusted peer, right to left, skipping trusted hops.
    auto set = proxies({"127.0.0.1", "10.0.0.0/8"});
    CHECK(forwarded_client(set, "127.0.0.1", "203.0.113.7") == "203.0.113.7");
    CHECK(forwarded_client(set, "127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.5") == "203.0.113.7");
    CHECK(forwarded_client(set, "127.0.0.1", "") == "127.0.0.1");
    CHECK(forwarded_client(set, "127.0.0.1", "10.0.0.9, 10.0.0.5") == "10.0.0.9");
    // A forged entry left of a real one changes nothing; garbage stops at the hop that wrote it.
    CHECK(forwarded_client(set, "127.0.0.1", "6.6.6.6,203.0.113.7") == "203.0.113.7");
    CHECK(forwarded_client(set, "127.0.0.1", "203.0.113.7, junk, 10.0.0.5") == "10.0.0.5");
    // Not a trusted peer: the header is ignored.
    CHECK(forwarded_client(set, "192.0.2.50", "203.0.113.7") == "192.0.2.50");
    CHECK(forwarded_client(proxies({}), "127.0.0.1", "203.0.113.7") == "127.0.0.1");
}

TEST_CASE("forwarded: request_is_secure believes X-Forwarded-Proto only from a trusted proxy") {
    // Proves the dashboard's Secure-cookie decision cannot be forged by a direct client.
    CHECK(http::request_is_secure(through("", "https", true)));
    CHECK(http::request_is_secure(through("203.0.113.7", "HTTPS", true)));
    CHECK(http::request_is_secure(through("", "http, https", true)));  // the nearest hop's
    CHECK_FALSE(http::request_is_secure(through("", "https, http", true)));
    CHECK_FALSE(http::request_is_secure(through("", "http", true)));
    CHECK_FALSE(http::request_is_secure(through("", "", true)));
    CHECK_FALSE(http::request_is_secure(through("", "https", false)));
    CHECK_FALSE(http::request_is_secure(through("", "httpsx", true)));
    http::Request two = through("192.0.2.1", "", true);
    two.headers.emplace("x-forwarded-for", "10.0.0.5");
    CHECK(http::forwarded_for(two) == "192.0.2.1,10.0.0.5");
}
