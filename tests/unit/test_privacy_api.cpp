// The privacy policy through the real daemon (docs/privacy.md): incident posts
// show a household in full in the staff group where its grid's leaders sit
// and masked higher up, and every API route of the table answers each token
// role with what the table says.
#include <array>
#include <fstream>

#include "incident_day.h"

using namespace gridbot;
using namespace gridbot::test;
using nlohmann::json;

namespace {

const std::string kName = "王小明", kPhone = "13812345678", kMaskedName = "王*",
                  kMaskedPhone = "138****5678";
const std::string kGrid = "nangang/xianfeng/longtai/g01";

struct Token {
    std::string token, role, node;
};
const std::vector<Token> kTokens = {
    {"gb_test-privacy-grid", "grid", kGrid},
    {"gb_test-privacy-community", "community", "nangang/xianfeng/longtai"},
    {"gb_test-privacy-street", "street", "nangang/xianfeng"},
    {"gb_test-privacy-district", "district", "nangang"},
    {test::incidents::kToken, "admin", "nangang"},
};

std::string config() {
    std::string c = test::incidents::incident_config("2026-11-23T08:50:00+08:00", 0);
    for (const auto& t : kTokens) {
        if (t.role == "admin") continue;
        c += "\n[[tokens]]\nname = \"" + t.role + "\"\nsha256 = \"" + http::token_hash(t.token) +
             "\"\nrole = \"" + t.role + "\"\nnode = \"" + t.node + "\"\n";
    }
    return c;
}

// The sample household is pregnant: its incidents are urgent (street after 15 minutes).
// 王小明 is also the contact of a second flat (1-1-103), so that two open incidents
// carry his name: a household has one open incident at a time.
const char* kLedger =
    "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-101,2,王小明,13812345678,孕妇\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-102,1,李娜,13900001111,无微信\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-103,1,王小明,13812345678,\n";

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The rows of the "API responses" table of docs/privacy.md: route, grid cell, other cell.
std::vector<std::array<std::string, 3>> api_table() {
    std::ifstream in("docs/privacy.md");
    REQUIRE_MESSAGE(in, "docs/privacy.md: run from the repository root");
    std::vector<std::array<std::string, 3>> rows;
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) inside = line == "## API responses";
        if (!inside || line.rfind("| `", 0) != 0) continue;
        std::array<std::string, 3> row;
        size_t at = 1;
        for (auto& cell : row) {
            size_t end = line.find('|', at);
            cell = line.substr(at, end - at);
            cell = cell.substr(cell.find_first_not_of(' '),
                               cell.find_last_not_of(' ') - cell.find_first_not_of(' ') + 1);
            at = end + 1;
        }
        row[0] = row[0].substr(1, row[0].size() - 2);  // strip the backticks
        rows.push_back(row);
    }
    return rows;
}

// The district of incident_day.h with this file's tokens and ledger, started at Monday 09:00.
struct District {
    TempDir dir;
    DaemonProcess daemon{dir, config()};
    std::unique_ptr<httplib::Client> http;

    void start() {
        write_file(dir.file("ledger.csv"), kLedger);
        auto imp = run_command(gridbot_binary() + " import --config " + daemon.config() + " " +
                               dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
        set_clock("09:00");
    }
    httplib::Headers auth(const std::string& token = test::incidents::kToken) const {
        return {{"Authorization", "Bearer " + token}};
    }
    void set_clock(const std::string& hhmm) {
        test::move_clock(*http, auth(), {{"set", "2026-11-23T" + hhmm + ":00+08:00"}});
    }
    void say(const std::string& group, const std::string& text, const std::string& sender = "u1") {
        test::sandbox_say(*http, group, sender, text);
    }
    std::vector<std::string> lines_with(const std::string& group, const std::string& marker) {
        std::vector<std::string> out;
        for (const auto& l : test::sandbox_bot_lines(*http, group)) {
            std::string t = l.value("text", "");
            if (has(t, marker)) out.push_back(t);
        }
        return out;
    }
    bool arrives(const std::string& group, const std::string& marker, size_t n) {
        return test::incidents::Incidents::wait_for(
            [&] { return lines_with(group, marker).size() == n; });
    }
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE(
    "privacy api: incident posts are in full where the grid's leaders sit and masked in the "
    "street's group") {
    District s;
    s.start();
    s.say("longtai-g01", "1-1-101 发烧");
    // The grid has no staff group: its leaders sit in the community's, which gets
    // the opening once for both of the urgent chain's at-once steps (grid, community).
    REQUIRE_MESSAGE(s.arrives("longtai-staff", "#1", 1), s.daemon.log());
    for (const auto& line : s.lines_with("longtai-staff", "#1")) {
        CHECK_MESSAGE(has(line, kName + " " + kPhone), line);
    }
    s.set_clock("09:15");
    REQUIRE(s.arrives("xianfeng-staff", "提级督办 #1", 1));
    std::string street = s.lines_with("xianfeng-staff", "提级督办 #1")[0];
    CHECK_MESSAGE(has(street, kMaskedName + " " + kMaskedPhone), street);
    CHECK_MESSAGE(!has(street, kName), street);
    CHECK_MESSAGE(!has(street, kPhone), street);
    for (const auto& l : test::sandbox_bot_lines(*s.http, "longtai-g01")) {
        CHECK_MESSAGE(!has(l.value("text", ""), "5678"), l.dump());
    }
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "privacy api: every route of docs/privacy.md answers each token role with what the table "
    "says") {
    District s;
    s.start();
    // Two incidents naming 王小明 (his two flats), and a notice with a call list (李娜 is
    // phone only).
    s.say("longtai-g01", "1-1-101 发烧");
    REQUIRE(s.arrives("longtai-staff", "事件 #1", 1));
    s.say("longtai-g01", "1-1-103 腹泻", "u3");  // another member: u1 is bound to 1-1-101
    REQUIRE_MESSAGE(s.arrives("longtai-staff", "事件 #2", 1), s.daemon.log());
    auto issued =
        s.http->Post("/api/v1/notices", s.auth(),
                     R"({"title":"通知","body":"正文","node":"nangang"})", "application/json");
    REQUIRE(issued);
    REQUIRE_MESSAGE(issued->status == 201, issued->body);
    auto listed = s.http->Get("/api/v1/nodes/" + kGrid + "/households", s.auth());
    REQUIRE(listed);
    json households = json::parse(listed->body);
    REQUIRE(households["count"] == 3);
    std::string household = std::to_string(households["households"][0]["id"].get<int64_t>());

    auto rows = api_table();
    REQUIRE(rows.size() >= 10);
    for (const auto& [route, grid_cell, other_cell] : rows) {
        std::string method = route.substr(0, route.find(' '));
        std::string path_template = route.substr(route.find(' ') + 1);
        int ok_full = 0, ok_masked = 0;
        for (const auto& t : kTokens) {
            bool grid = t.role == "grid";
            const std::string& cell = grid ? grid_cell : other_cell;
            // The grid token acts on incident 1, the others on incident 2 (the first of them
            // succeeds).
            std::string id = has(path_template, "/incidents/") && !grid ? "2" : "1";
            std::string path =
                replace_all(replace_all(replace_all(path_template, "<code>", t.node), "<id>", id),
                            "<household>", household);
            httplib::Headers auth = {{"Authorization", "Bearer " + t.token}};
            httplib::Result r =
                method == "GET"
                    ? s.http->Get(path, auth)
                    : s.http->Post(
                          path, auth,
                          has(path, "/notices") && !has(path, "/calls/")
                              ? json{{"title", "通知"}, {"body", "正文"}, {"node", t.node}}.dump()
                              : "{}",
                          "application/json");
            REQUIRE(r);
            std::string where = route + " with a " + t.role +
                                " token: " + std::to_string(r->status) + " " + r->body;
            // A name or phone in full only where the table says so, whatever the status.
            if (cell != kName + " " + kPhone) {
                CHECK_MESSAGE(!has(r->body, kName), where);
                CHECK_MESSAGE(!has(r->body, kPhone), where);
            }
            if (r->status / 100 != 2) continue;
            if (cell == kName + " " + kPhone) {
                CHECK_MESSAGE(has(r->body, kName), where);
                CHECK_MESSAGE(has(r->body, kPhone), where);
                ++ok_full;
            } else if (cell == kMaskedName + " " + kMaskedPhone) {
                CHECK_MESSAGE(has(r->body, kMaskedName), where);
                CHECK_MESSAGE(has(r->body, kMaskedPhone), where);
                ++ok_masked;
            } else {
                REQUIRE_MESSAGE(cell == "—", "unknown cell ", cell);
                CHECK_MESSAGE(!has(r->body, kMaskedName), where);
                CHECK_MESSAGE(!has(r->body, "5678"), where);
            }
        }
        // Each column that promises data was seen at least once with a 2xx answer.
        if (grid_cell != "—") CHECK_MESSAGE(ok_full >= 1, route);
        if (other_cell != "—") CHECK_MESSAGE(ok_masked >= 1, route);
    }
    CHECK(s.daemon.stop() == 0);
}
