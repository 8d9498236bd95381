// A leader's 汇总 through the real daemon (docs/privacy.md "汇总"): a grid
// leader gets the grid's day where they asked, in full in the staff group and
// as counts and room numbers in the residents' group; a community leader gets
// the table by grid; anyone else a polite refusal.
#include "daily_day.h"

using namespace gridbot;
using namespace gridbot::test;
using nlohmann::json;

namespace {

struct Asked {
    TempDir dir;
    // The daily fixture's district, with a leader for the community as well.
    DaemonProcess daemon{
        dir, test::daily::day_config() +
                 "\n[[leaders]]\nnode = \"nangang/xianfeng/longtai\"\nname = \"社区书记张\"\n"
                 "ids = { sandbox = \"leader-longtai\" }\n"};
    std::unique_ptr<httplib::Client> http;

    // Grid 1 by 09:00: 1-1-101 a zero report, 1-1-102 (何刚) a fever; 1-1-201 (江娟, phone only)
    // missing.
    void morning() {
        write_file(dir.file("ledger.csv"), test::daily::kLedger);
        auto imp = run_command(gridbot_binary() + " import --config " + daemon.config() + " " +
                               dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
        test::move_clock(*http, auth(), {{"set", test::daily::kDay + "T09:00:00+08:00"}});
        say("longtai-g01", "u101", "登记 1-1-101");
        say("longtai-g01", "u101", "零报告");
        say("longtai-g01", "u102", "1-1-102 发烧38.5 咳嗽");
        REQUIRE(test::daily::Day::wait_for([&] {
            auto r = http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/summary", auth());
            return r && r->status == 200 && json::parse(r->body)["reported"] == 2;
        }));
    }
    httplib::Headers auth() const {
        return {{"Authorization", "Bearer " + test::daily::kAdminToken}};
    }
    void say(const std::string& group, const std::string& sender, const std::string& text) {
        test::sandbox_say(*http, group, sender, text);
    }
    // The one bot line in `group` holding `marker`, once it has arrived.
    std::string answer(const std::string& group, const std::string& marker) {
        std::vector<std::string> found;
        test::daily::Day::wait_for([&] {
            found.clear();
            for (const auto& l : test::sandbox_bot_lines(*http, group)) {
                std::string t = l.value("text", "");
                if (t.find(marker) != std::string::npos) found.push_back(t);
            }
            return found.size() == 1;
        });
        REQUIRE_MESSAGE(found.size() == 1, group, " has ", found.size(), " lines with ", marker,
                        "\n", daemon.log());
        return found[0];
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "summary answer: a grid leader's 汇总 in the staff group is the grid's day with names, phones, "
    "rooms and categories") {
    Asked s;
    s.morning();
    s.say("longtai-staff", "leader-g01", "汇总");
    std::string a = s.answer("longtai-staff", "📊");
    INFO(a);
    CHECK(has(a, "第一网格"));
    CHECK(has(a, "已报 2/3"));
    CHECK(has(a, "异常 1 户"));
    CHECK(has(a, "1-1-102 何刚 15079955606："));  // the anomaly by room, with its categories
    CHECK(has(a, "发热"));
    CHECK(has(a, "38.5℃"));
    CHECK(has(a, "未报门牌：1-1-201"));
    CHECK(has(a, "1-1-201 江娟 13516274373（无微信）"));  // the call list
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "summary answer: a grid leader's 汇总 in the residents' group holds counts and room numbers "
    "only") {
    Asked s;
    s.morning();
    s.say("longtai-g01", "leader-g01", "汇总");
    std::string a = s.answer("longtai-g01", "📊");
    INFO(a);
    CHECK(has(a, "已报 2/3"));
    CHECK(has(a, "异常 1 户"));
    CHECK(has(a, "未报门牌：1-1-201"));
    for (const char* hidden : {"何刚", "15079955606", "江娟", "13516274373", "卢洋", "发热", "咳嗽",
                               "38.5", "1-1-102"}) {
        CHECK_MESSAGE(!has(a, hidden), hidden);
    }
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "summary answer: a community leader's 汇总 is the community by grid, with categories only in "
    "the staff group") {
    Asked s;
    s.morning();
    s.say("longtai-staff", "leader-longtai", "汇总");
    std::string staff = s.answer("longtai-staff", "📈");
    INFO(staff);
    CHECK(has(staff, "龙台社区"));
    CHECK(has(staff, "已报 2/7"));
    CHECK(has(staff, "第一网格：2/3"));
    CHECK(has(staff, "第二网格：0/2"));
    CHECK(has(staff, "第三网格：0/2"));
    CHECK(has(staff, "发热 1"));
    s.say("longtai-g02", "leader-longtai", "汇总");
    std::string residents = s.answer("longtai-g02", "📈");
    INFO(residents);
    CHECK(has(residents, "第一网格：2/3"));
    CHECK(!has(residents, "发热"));
    CHECK(!has(residents, "咳嗽"));
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE("summary answer: a resident's 汇总 is politely refused and shows nobody's data") {
    Asked s;
    s.morning();
    s.say("longtai-g01", "u101", "汇总");
    std::string a = s.answer("longtai-g01", "🙏");
    CHECK(has(a, "网格长"));
    CHECK(has(a, "帮助"));
    for (const auto& l : test::sandbox_bot_lines(*s.http, "longtai-g01")) {
        std::string t = l.value("text", "");
        CHECK_MESSAGE(!has(t, "📊"), t);
        CHECK_MESSAGE(!has(t, "何刚"), t);
    }
    CHECK(s.daemon.stop() == 0);
}
