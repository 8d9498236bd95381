// The command dashboard's server side (issue 15): sign-in and sessions, the
// CSRF secret, scoping of pages, the live numbers, the completion charts, the
// group registry and a notice's reach. The pages themselves are driven in
// headless Chromium by tests/browser/dashboard.sh.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <optional>
#include <regex>

#include "bot/compose/charts.h"
#include "bot/core/clock.h"
#include "bot/http/session.h"
#include "bot/http/signin_link.h"
#include "daily_day.h"
#include "db_query.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

const std::string kGridToken = "gb_test-grid-g01-dashboard";

std::string grid_token_config(const std::string& ttl = "") {
    std::string c = "\n[[tokens]]\nname = \"g01 leader\"\nsha256 = \"" +
                    http::token_hash(kGridToken) +
                    "\"\nrole = \"grid\"\nnode = \"nangang/xianfeng/longtai/g01\"\n";
    if (!ttl.empty()) c += "\n[dashboard]\nsession_ttl = \"" + ttl + "\"\n";
    return c;
}

struct Signed {
    httplib::Headers cookie;  // Cookie: gb_session=…
    std::string csrf;
    std::string set_cookie;
};

Signed sign_in(Day& day, const std::string& token) {
    auto r =
        day.http->Post("/dashboard/api/signin", json{{"token", token}}.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Signed s;
    s.set_cookie = r->get_header_value("Set-Cookie");
    s.cookie = {{"Cookie", s.set_cookie.substr(0, s.set_cookie.find(';'))}};
    s.csrf = json::parse(r->body)["csrf"];
    return s;
}

httplib::Headers with(httplib::Headers h, const std::string& k, const std::string& v) {
    h.emplace(k, v);
    return h;
}

// A page's event stream over a raw socket: the request, then each event's data.
struct EventReader {
    int fd = -1;
    std::string buf;
    bool eof = false;  // the server closed the connection
    explicit EventReader(int port, const std::string& path, const httplib::Headers& h) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        std::string req =
            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
        for (const auto& [k, v] : h) req += k + ": " + v + "\r\n";
        req += "\r\n";
        REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(req.size()));
    }
    ~EventReader() { ::close(fd); }
    // Reads until `done(buf)` or the socket closes or `seconds` pass; false on close or time.
    bool read_until(const std::function<bool(const std::string&)>& done, int seconds = 10) {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (!done(buf)) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char chunk[4096];
            ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) {
                eof = true;
                return false;
            }
            buf.append(chunk, static_cast<size_t>(n));
        }
        return true;
    }
    // The next event's data (the head is skipped), or nullopt when none comes.
    std::optional<json> next_event(int seconds = 10) {
        size_t at = 0;
        auto frame_end = [&](const std::string& b) {
            at = b.find("data: ");
            return at != std::string::npos && b.find("\n\n", at) != std::string::npos;
        };
        if (!read_until(frame_end, seconds)) return std::nullopt;
        size_t end = buf.find("\n\n", at);
        std::string data = buf.substr(at + 6, end - at - 6);
        buf.erase(0, end + 2);
        return json::parse(data);
    }
    // True when the server closed the stream within `seconds` (not a mere quiet spell).
    bool closed_within(int seconds) {
        read_until([](const std::string&) { return false; }, seconds);
        return eof;
    }
};

}  // namespace

TEST_CASE("dashboard: cookies are read by name and session cookies carry their flags") {
    // Proves the cookie parser finds the session among others and the cookie is HttpOnly, Strict.
    CHECK(http::cookie_value("a=1; gb_session=abc; b=2", "gb_session") == "abc");
    CHECK(http::cookie_value("gb_session_x=no; gb_session=yes", "gb_session") == "yes");
    CHECK(http::cookie_value("other=1", "gb_session").empty());
    std::string c = http::session_cookie("id1", 3600, false);
    CHECK(c.find("HttpOnly") != std::string::npos);
    CHECK(c.find("SameSite=Strict") != std::string::npos);
    CHECK(c.find("Secure") == std::string::npos);
    CHECK(http::session_cookie("id1", 3600, true).find("; Secure") != std::string::npos);
    // A new session: 256 random bits of id and 128 of CSRF secret, in hex; never the same twice.
    auto a = http::new_session({"a", config::Role::Grid, "n"}, 100, 10);
    auto b = http::new_session({"a", config::Role::Grid, "n"}, 100, 10);
    CHECK(a.id.size() == 64);
    CHECK(a.csrf.size() == 32);
    CHECK(a.id != b.id);
    CHECK(a.csrf != b.csrf);
    CHECK(a.expires_at == 110);
}

TEST_CASE("dashboard: sign-in gives a session that reads the API as its token, and ends") {
    // Proves the cookie stands for the token (same scope), a wrong token or a
    // cross-site form is refused, and sign-out ends the session.
    Day day(grid_token_config());
    REQUIRE(day.start());
    auto bad = day.http->Post("/dashboard/api/signin", json{{"token", "gb_nope"}}.dump(),
                              "application/json");
    REQUIRE(bad);
    CHECK(bad->status == 401);
    auto form = day.http->Post("/dashboard/api/signin", "token=" + kGridToken,
                               "application/x-www-form-urlencoded");
    REQUIRE(form);
    CHECK(form->status == 403);
    auto foreign = day.http->Post("/dashboard/api/signin", {{"Origin", "http://evil.example"}},
                                  json{{"token", kGridToken}}.dump(), "application/json");
    REQUIRE(foreign);
    CHECK(foreign->status == 403);

    Signed s = sign_in(day, kGridToken);
    CHECK(s.set_cookie.find("HttpOnly") != std::string::npos);
    CHECK(s.set_cookie.find("SameSite=Strict") != std::string::npos);
    auto me = day.http->Get("/dashboard/api/session", s.cookie);
    REQUIRE(me);
    REQUIRE(me->status == 200);
    CHECK(json::parse(me->body)["node"] == "nangang/xianfeng/longtai/g01");
    auto own = day.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/households", s.cookie);
    REQUIRE(own);
    CHECK(own->status == 200);
    CHECK(json::parse(own->body)["count"] == 3);
    auto other = day.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g02/households", s.cookie);
    REQUIRE(other);
    CHECK(other->status == 403);
    CHECK(other->body.find("林艳") == std::string::npos);

    // A node page outside the subtree is refused by the server, with no data in it.
    auto page = day.http->Get("/n/nangang/xianfeng/longtai/g02", s.cookie);
    REQUIRE(page);
    CHECK(page->status == 403);
    CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") !=
          std::string::npos);
    for (const auto& name : test::daily::kContacts)
        CHECK(page->body.find(name) == std::string::npos);
    CHECK(day.http->Get("/n/nangang/xianfeng/longtai/g01", s.cookie)->status == 200);
    // Unknown inside the subtree: 404; outside it the 403 comes first (nothing is revealed).
    CHECK(day.http->Get("/n/nangang/xianfeng/longtai/g01/nowhere", s.cookie)->status == 404);
    CHECK(day.http->Get("/n/nangang/nowhere", s.cookie)->status == 403);

    auto out = day.http->Post("/dashboard/api/signout", with(s.cookie, "X-CSRF-Token", s.csrf),
                              "{}", "application/json");
    REQUIRE(out);
    CHECK(out->status == 200);
    CHECK(day.http->Get("/dashboard/api/session", s.cookie)->status == 401);
    CHECK(
        day.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/households", s.cookie)->status ==
        401);
}

TEST_CASE(
    "dashboard: a sign-in outlives a restart of the daemon, is stored only as a digest, and "
    "ends with its token") {
    // Proves sessions live in the store: a leader's page keeps working across a
    // restart (and on every daemon of one database); the cookie's value is not in it.
    Day day(grid_token_config());
    REQUIRE(day.start());
    Signed s = sign_in(day, kGridToken);
    const std::string id = s.set_cookie.substr(s.set_cookie.find('=') + 1, 64);
    CHECK(test::db_query(day.daemon.db(), "SELECT COUNT(*) FROM sessions") ==
          std::vector<std::string>{"1"});
    CHECK(test::db_query(day.daemon.db(), "SELECT COUNT(*) FROM sessions WHERE id_sha256 = '" + id +
                                              "'") == std::vector<std::string>{"0"});
    REQUIRE(day.daemon.stop() == 0);
    REQUIRE(day.daemon.start() > 0);
    day.http = std::make_unique<httplib::Client>("127.0.0.1", day.daemon.port());
    auto me = day.http->Get("/dashboard/api/session", s.cookie);
    REQUIRE(me);
    CHECK(me->status == 200);
    CHECK(json::parse(me->body)["csrf"] == s.csrf);
    // Acting still needs the CSRF secret, which the restarted daemon knows.
    auto out = day.http->Post("/dashboard/api/signout", s.cookie, "{}", "application/json");
    REQUIRE(out);
    CHECK(out->status == 403);
    // The token removed from the configuration: its session is refused, though stored.
    std::string cfg = test::read_file(day.daemon.config());
    const auto at = cfg.find("[[tokens]]\nname = \"g01 leader\"");
    REQUIRE(at != std::string::npos);
    cfg.replace(at, cfg.find("longtai/g01\"\n", at) + 13 - at, "");
    REQUIRE(day.daemon.stop() == 0);
    test::write_file(day.daemon.config(), cfg);
    REQUIRE(day.daemon.start() > 0);
    day.http = std::make_unique<httplib::Client>("127.0.0.1", day.daemon.port());
    CHECK(day.http->Get("/dashboard/api/session", s.cookie)->status == 401);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE("dashboard: a signed-in page changes nothing without its CSRF secret") {
    // Proves a cookie alone (what another site's request carries) cannot act.
    Day day(grid_token_config());
    REQUIRE(day.start());
    day.set_clock("08:30");
    day.say("longtai-g01", "res-longtai-g01-1-1-101", "1-1-101 发烧38.5度");
    json incidents;
    REQUIRE(Day::wait_for([&] {
        incidents = day.get("/api/v1/incidents?node=nangang/xianfeng/longtai/g01");
        return incidents["count"] == 1;
    }));
    int64_t id = incidents["incidents"][0]["id"];
    Signed s = sign_in(day, kGridToken);
    std::string path = "/api/v1/incidents/" + std::to_string(id) + "/ack";
    auto forged = day.http->Post(path, s.cookie, R"({"remark":"x"})", "application/json");
    REQUIRE(forged);
    CHECK(forged->status == 403);
    CHECK(json::parse(forged->body)["error"] == "csrf");
    auto wrong =
        day.http->Post(path, with(s.cookie, "X-CSRF-Token", "0000"), "{}", "application/json");
    REQUIRE(wrong);
    CHECK(wrong->status == 403);
    auto ok = day.http->Post(path, with(s.cookie, "X-CSRF-Token", s.csrf),
                             R"({"remark":"已安排上门"})", "application/json");
    REQUIRE(ok);
    CHECK_MESSAGE(ok->status == 200, ok->body);
    CHECK(json::parse(ok->body)["state"] == "acknowledged");
    // The chat hears it, as it hears a leader's 收到 #N: in the grid's staff group.
    CHECK(Day::wait_for([&] {
        return !day.lines_with("longtai-staff", "#" + std::to_string(id) + " 已确认").empty();
    }));
    // The audit names the session's token.
    json audit = day.get("/api/v1/audit?token=g01%20leader");
    CHECK(audit["count"] >= 1);
}

TEST_CASE("dashboard: a session expires after [dashboard] session_ttl on the daemon's clock") {
    // Proves the sign-in lasts session_ttl, not forever.
    Day day(grid_token_config("1h"));
    REQUIRE(day.start());
    day.set_clock("08:00");
    Signed s = sign_in(day, kGridToken);
    CHECK(s.set_cookie.find("Max-Age=3600") != std::string::npos);
    CHECK(day.http->Get("/dashboard/api/session", s.cookie)->status == 200);
    day.set_clock("08:59");
    CHECK(day.http->Get("/dashboard/api/session", s.cookie)->status == 200);
    day.set_clock("09:01");
    CHECK(day.http->Get("/dashboard/api/session", s.cookie)->status == 401);
}

TEST_CASE("dashboard: live numbers and the charts agree with the summary") {
    // Proves the page's numbers equal GET /summary and the chart counts the same reports.
    Day day;
    REQUIRE(day.start());
    day.set_clock("08:10");
    day.say("longtai-g01", "res-longtai-g01-1-1-101", "1-1-101 无异常");
    day.say("longtai-g02", "res-longtai-g02-2-1-101", "2-1-101 无异常");
    day.set_clock("08:40");
    day.say("longtai-g01", "res-longtai-g01-1-1-102", "1-1-102 咳嗽");
    const std::string node = "/api/v1/nodes/nangang/xianfeng/longtai";
    REQUIRE(Day::wait_for([&] { return day.get(node + "/summary")["reported"] == 3; }));
    day.set_clock("09:05");
    json summary = day.get(node + "/summary");
    // The live route may be up to a second old: it settles on the summary.
    REQUIRE(Day::wait_for(
        [&] { return day.get("/dashboard/api/live/nangang/xianfeng/longtai") == summary; }));
    json t = day.get(node + "/timeline");
    REQUIRE(t["series"].size() == 4);  // the community and its three grids
    CHECK(t["series"][0]["code"] == "nangang/xianfeng/longtai");
    CHECK(t["ticks"][0] == "08:00");
    CHECK(t["ticks"].back() == "09:05");  // quarter hours, then now
    auto counts = t["series"][0]["reported"].get<std::vector<int64_t>>();
    REQUIRE(counts.size() == 6);  // 08:00, 08:15, 08:30, 08:45, 09:00, 09:05
    CHECK(counts[0] == 0);
    CHECK(counts[1] == 2);  // the two at 08:10
    CHECK(counts[3] == 3);  // and the one at 08:40
    CHECK(counts.back() == summary["reported"]);
    auto svg = day.http->Get(node + "/timeline.svg", day.auth());
    REQUIRE(svg);
    CHECK(svg->status == 200);
    CHECK(svg->get_header_value("Content-Type") == "image/svg+xml");
    CHECK(svg->body.rfind("<svg", 0) == 0);
    CHECK(svg->body.find("龙台社区") != std::string::npos);
    json h = day.get(node + "/history");
    REQUIRE(h["days"].size() == 14);
    CHECK(h["days"].back()["day"] == test::daily::kDay);
    CHECK(h["days"].back()["reported"] == 3);  // all before the 12:00 cutoff
    CHECK(h["days"][0]["reported"] == 0);
}

TEST_CASE("dashboard: pushed numbers follow the summary, stay in the subtree and end at sign-out") {
    // Proves the event stream's first event and the one after a report equal
    // GET /summary, a grid's session cannot watch another grid, and signing
    // out closes the open stream.
    Day day(grid_token_config());
    REQUIRE(day.start());
    day.set_clock("08:10");
    Signed s = sign_in(day, kGridToken);
    const std::string grid = "nangang/xianfeng/longtai/g01";
    const std::string summary = "/api/v1/nodes/" + grid + "/summary";
    EventReader page(day.daemon.port(), "/dashboard/api/events/" + grid, s.cookie);
    auto first = page.next_event();
    REQUIRE(first);
    CHECK(page.buf.empty());  // nothing but the event itself came
    CHECK(*first == day.get(summary));
    CHECK((*first)["reported"] == 0);
    day.say("longtai-g01", "res-longtai-g01-1-1-101", "1-1-101 无异常");
    REQUIRE(Day::wait_for([&] { return day.get(summary)["reported"] == 1; }));
    auto second = page.next_event();
    REQUIRE(second);
    CHECK((*second)["reported"] == 1);
    CHECK(*second == day.get(summary));
    // Another grid, and no session at all: refused as any route is.
    auto other = day.http->Get("/dashboard/api/events/nangang/xianfeng/longtai/g02", s.cookie);
    REQUIRE(other);
    CHECK(other->status == 403);
    CHECK(other->body.find("\"error\"") != std::string::npos);
    auto nobody = day.http->Get("/dashboard/api/events/" + grid);
    REQUIRE(nobody);
    CHECK(nobody->status == 401);
    // Signing out ends the page's stream at once.
    auto out = day.http->Post("/dashboard/api/signout", with(s.cookie, "X-CSRF-Token", s.csrf),
                              "{}", "application/json");
    REQUIRE(out);
    REQUIRE(out->status == 200);
    CHECK(page.closed_within(5));
}

TEST_CASE("dashboard: charts escape what they draw") {
    // Proves a node name cannot inject markup into the SVG.
    std::string svg =
        compose::completion_chart("t", {"08:00", "08:15"}, {{"<script>&\"", 10, {1, 5}}});
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;&amp;&quot;") != std::string::npos);
    CHECK(svg.find("50.0%") != std::string::npos);  // the legend's last value
    std::string bars = compose::history_chart("h", {{"2026-12-01", 80.0}, {"2026-12-02", 95.5}});
    CHECK(bars.find("12-02") != std::string::npos);
    CHECK(bars.find("95.5%") != std::string::npos);
}

TEST_CASE("dashboard: the group registry and a notice's reach") {
    // Proves the registry lists the subtree's groups with their state and a
    // preview counts exactly the groups and households an issue reaches.
    Day day(grid_token_config());
    REQUIRE(day.start());
    day.set_clock("08:05");
    day.say("longtai-g01", "res-longtai-g01-1-1-101", "1-1-101 无异常");
    json reg;
    REQUIRE(Day::wait_for([&] {
        reg = day.get("/api/v1/groups?node=nangang/xianfeng/longtai");
        for (const auto& g : reg["groups"])
            if (g["group"] == "longtai-g01" && g["last_inbound"].is_string()) return true;
        return false;
    }));
    CHECK(reg["count"] >= 3);
    for (const auto& g : reg["groups"]) {
        CHECK(g["platform"] == "sandbox");
        if (g["group"] == "longtai-g02") CHECK(g["state"] == "new");
    }
    json preview;
    {
        auto r = day.http->Post("/api/v1/notices/preview", day.auth(),
                                R"({"node":"nangang/xianfeng/longtai","audience":"residents"})",
                                "application/json");
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        preview = json::parse(r->body);
    }
    CHECK(preview["resident_groups"] == 3);
    CHECK(preview["households"] == 7);
    auto issued = day.http->Post("/api/v1/notices", day.auth(),
                                 R"({"title":"t","body":"b","node":"nangang/xianfeng/longtai",)"
                                 R"("audience":"residents"})",
                                 "application/json");
    REQUIRE(issued);
    REQUIRE_MESSAGE(issued->status == 201, issued->body);
    CHECK(json::parse(issued->body)["groups"] == preview["groups"]);
    // A grid token reads its own grid's groups only.
    Signed s = sign_in(day, kGridToken);
    auto mine = day.http->Get("/api/v1/groups", s.cookie);
    REQUIRE(mine);
    REQUIRE(mine->status == 200);
    json own = json::parse(mine->body);  // kept: a loop over a temporary's member dangles
    for (const auto& g : own["groups"]) CHECK(g["node"] == "nangang/xianfeng/longtai/g01");
    CHECK(day.http->Get("/api/v1/groups?node=nangang", s.cookie)->status == 403);
}

TEST_CASE("dashboard: a one-time sign-in link signs in once, and only while it is valid") {
    // Proves the link's code stands for the token whose hash signed it, works
    // once (a second use, a tampered code and an expired one are refused) and
    // that `gridbot token new --link` prints a code its own hash verifies.
    Day day(grid_token_config());
    REQUIRE(day.start());
    day.set_clock("08:00");
    TimePoint now;
    REQUIRE(parse_rfc3339(test::daily::kDay + "T08:00:00+08:00", now));
    std::string hash = http::token_hash(kGridToken);
    std::string code = http::make_signin_code(hash, unix_seconds(now) + 3600);
    auto use = [&](const std::string& c) {
        auto r =
            day.http->Post("/dashboard/api/signin", json{{"code", c}}.dump(), "application/json");
        REQUIRE(r);
        return r->status;
    };
    std::string tampered = code;
    tampered[0] = tampered[0] == 'a' ? 'b' : 'a';
    CHECK(use(tampered) == 401);
    CHECK(use(code) == 200);
    CHECK(use(code) == 401);                                                 // once
    CHECK(use(http::make_signin_code(hash, unix_seconds(now) - 1)) == 401);  // expired
    CHECK(use(http::make_signin_code(http::token_hash("gb_unknown"), unix_seconds(now) + 60)) ==
          401);
    json audit = day.get("/api/v1/audit?token=g01%20leader");
    bool recorded = false;
    for (const auto& e : audit["audit"])
        recorded = recorded || e["action"] == "dashboard sign-in link";
    CHECK(recorded);

    auto printed = test::run_command(test::gridbot_binary() +
                                     " token new --role grid --node nangang --link --url "
                                     "https://grid.example/");
    REQUIRE(printed.exit_code == 0);
    std::smatch sha, link;
    REQUIRE(std::regex_search(printed.out, sha, std::regex("sha256 = \"([0-9a-f]{64})\"")));
    REQUIRE(std::regex_search(printed.out, link,
                              std::regex("https://grid\\.example/signin#code=([0-9a-f.]+)")));
    auto parsed = http::parse_signin_code(link[1]);
    REQUIRE(parsed);
    CHECK(http::signin_code_matches(*parsed, sha[1]));
    CHECK_FALSE(http::signin_code_matches(*parsed, hash));
}
