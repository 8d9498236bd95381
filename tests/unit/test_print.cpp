// Paper (issue 16 item 4): supervision cards per building and door posters per
// residents' group, from GET /print/… and `gridbot print`. The printed QR code
// is decoded by zbarimg in the browser test (tests/browser/dashboard.test.mjs).
#include "bot/compose/qr_svg.h"
#include "bot/core/join_link.h"
#include "daily_day.h"
#include "db_query.h"

using namespace gridbot;
using test::daily::Day;

namespace {

const std::string kGridToken = "gb_test-grid-token-print";
const std::string kCommunity = "nangang/xianfeng/longtai";

std::string grid_token() {
    return "\n[[tokens]]\nname = \"g01-leader\"\nsha256 = \"" + http::token_hash(kGridToken) +
           "\"\nrole = \"grid\"\nnode = \"nangang/xianfeng/longtai/g01\"\n";
}

size_t occurrences(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE(
    "print: a QR code is an SVG of modules with a quiet zone, and too long a text is an error") {
    // Proves qr_svg draws a square matrix (version 1-40 plus the 4-module quiet zone on each
    // side) of dark runs, holds the longest join link the config accepts, and refuses one
    // byte more with a named error.
    auto drawn = compose::qr_svg("https://work.weixin.qq.com/gm/abc123", 50);
    REQUIRE(drawn);
    const std::string& svg = drawn.value();
    REQUIRE(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("width=\"50mm\"") != std::string::npos);
    auto vb = svg.find("viewBox=\"0 0 ");
    REQUIRE(vb != std::string::npos);
    int n = std::stoi(svg.substr(vb + 13));
    CHECK((n - 8 - 21) % 4 == 0);  // 21 + 4k modules, plus the quiet zone
    CHECK(occurrences(svg, "M") > 20);
    CHECK(compose::qr_svg(std::string(max_join_link_bytes, 'x')));
    auto too_long = compose::qr_svg(std::string(max_join_link_bytes + 1, 'x'));
    REQUIRE(!too_long);
    CHECK(too_long.error().id == "print.qr_too_long");
    CHECK(join_link_problem("https://x.example/" + std::string(max_join_link_bytes, 'a'))
              ->find("QR code") != std::string::npos);
    CHECK(!join_link_problem("https://x.example/" + std::string(2000, 'a')));
    CHECK(join_link_problem("ftp://x.example/"));
    CHECK(!join_link_problem(""));
}

TEST_CASE("print: cards show a leader's own grid in full, are audited, and stay in the subtree") {
    // Proves /print/cards/<grid> lists each household of the grid with the day's status and
    // the contact as the token may see it, writes one audit row, refuses a grid outside the
    // token's subtree, and that posters print one page per residents' group without any
    // resident's name or phone.
    Day day(grid_token());
    REQUIRE_MESSAGE(day.start(), day.daemon.log());
    httplib::Headers grid = {{"Authorization", "Bearer " + kGridToken}};
    long long audits = test::db_number(day.daemon.db(), "SELECT COUNT(*) FROM audit");
    auto cards = day.http->Get("/print/cards/" + kCommunity + "/g01", grid);
    REQUIRE(cards);
    REQUIRE_MESSAGE(cards->status == 200, cards->body);
    CHECK(cards->get_header_value("Content-Type").find("text/html") == 0);
    CHECK(occurrences(cards->body, "<tr class=\"missing\">") == 3);  // g01's three, none reported
    CHECK(cards->body.find("卢洋") != std::string::npos);
    CHECK(cards->body.find("13975722846") != std::string::npos);
    CHECK(cards->body.find("1-1-201") != std::string::npos);
    CHECK(test::db_number(day.daemon.db(), "SELECT COUNT(*) FROM audit") == audits + 1);
    CHECK(test::db_query(day.daemon.db(), "SELECT action, rows FROM audit ORDER BY id DESC LIMIT 1")
              .at(0) == "GET /print/cards/" + kCommunity + "/g01|3");
    auto other = day.http->Get("/print/cards/" + kCommunity + "/g02", grid);
    REQUIRE(other);
    CHECK(other->status == 403);
    auto anonymous = day.http->Get("/print/posters/" + kCommunity);
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);

    auto posters = day.http->Get("/print/posters/" + kCommunity, day.auth());
    REQUIRE(posters);
    REQUIRE(posters->status == 200);
    CHECK(occurrences(posters->body, "<section class=\"sheet poster\"") == 3);
    CHECK(posters->body.find("入群请联系网格长") != std::string::npos);  // no join link configured
    CHECK(posters->body.find("12:00") != std::string::npos);             // the day's cutoff
    for (const auto& name : test::daily::kContacts)
        CHECK_MESSAGE(posters->body.find(name) == std::string::npos, name);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("print: gridbot print writes posters and cards to one HTML file") {
    // Proves the CLI writes a self-contained file (its CSS inside) with a poster per group,
    // names a bad kind with exit 2, and audits the cards.
    Day day;
    REQUIRE_MESSAGE(day.start(), day.daemon.log());
    std::string out = day.dir.file("posters.html");
    auto r = test::run_command(test::gridbot_binary() + " print posters --config " +
                               day.daemon.config() + " --node " + kCommunity + " --out " + out +
                               " 2>&1");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    std::string html = test::read_file(out);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("@page") != std::string::npos);
    CHECK(occurrences(html, "<section class=\"sheet poster\"") == 3);
    r = test::run_command(test::gridbot_binary() + " print cards --config " + day.daemon.config() +
                          " --node " + kCommunity + " --out " + day.dir.file("cards.html") +
                          " 2>&1");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK(
        occurrences(test::read_file(day.dir.file("cards.html")), "<section class=\"sheet card\"") ==
        3);  // one building per grid in the test ledger
    CHECK(test::db_query(day.daemon.db(), "SELECT role, action FROM audit ORDER BY id DESC LIMIT 1")
              .at(0) == "operator|print cards");
    auto bad =
        test::run_command(test::gridbot_binary() + " print flyers --config " + day.daemon.config() +
                          " --node " + kCommunity + " --out " + out + " 2>&1");
    CHECK(bad.exit_code == 2);
    CHECK(day.daemon.stop() == 0);
}
