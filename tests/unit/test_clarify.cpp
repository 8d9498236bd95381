// Say when unsure (issue 19 item 3): `gridbot parse` prints its confidence and
// what decided; in the daemon, a resident's message understood below
// [parser] ask_below gets a clarifying question instead of being taken as
// read, the answer settles the household's status, and until then the grid's
// leader sees the household as unclear. The real daemon on the sandbox (the
// notices tests' district) and the real CLI.
#include <doctest/doctest.h>

#include <string>

#include "db_query.h"
#include "notice_district.h"

using namespace gridbot;
using test::notices::District;
using test::notices::json;
namespace tn = test::notices;

namespace {

bool wait(const std::function<bool()>& ok) { return test::wait_for(ok, std::chrono::seconds(30)); }

json parsed(const std::string& text) {
    auto r = test::run_command(test::gridbot_binary() + " parse '" + text + "'");
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("clarify: gridbot parse says how sure it is and what decided, keeping every key") {
    json sure = parsed("3-2-502 发烧38.5");
    CHECK(sure["kind"] == "anomaly");
    CHECK(sure["room"] == "3-2-502");
    CHECK(sure["confidence"].get<double>() >= 0.9);
    CHECK(sure["why"] == "term:发烧");
    json guess = parsed("老公一直客嗽");
    CHECK(guess["kind"] == "anomaly");
    CHECK(guess["categories"] == json::array({"cough"}));
    CHECK(guess["confidence"].get<double>() < 0.6);
    CHECK(guess["why"] == "sounds_like:客嗽>咳嗽");
    CHECK(parsed("孩子喉龙痛")["why"] == "sounds_like:喉龙>喉咙");  // the second of the pair
    json zero = parsed("全家正常");
    CHECK(zero["kind"] == "zero");
    CHECK(zero["why"].get<std::string>().rfind("zero:", 0) == 0);
    json complaint = parsed("家里老人有点不舒服");
    CHECK(complaint["kind"] == "chatter");
    CHECK(complaint["why"] == "complaint");
    CHECK(complaint["confidence"].get<double>() < 0.6);
    json command = parsed("汇总");
    CHECK(command["kind"] == "command");
    CHECK(command["command"] == "summary");
    CHECK(command["confidence"] == 1.0);
}

TEST_CASE(
    "clarify: a resident's unsure report gets a numbered question, the answer settles the status, "
    "and the leader sees the household as unclear until then") {
    District d;
    d.start(tn::kLedgerMore);
    for (const char* who : {"resident-a", "resident-b", "resident-c"}) {
        const int n = who[9] - 'a' + 1;
        d.say("longtai-g01", who, "登记 1-1-10" + std::to_string(n));
    }
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 3; }));

    // A sound-alike of 断水 (段水): asked, not taken.
    d.say("longtai-g01", "resident-a", "今天家里段水了");
    REQUIRE_MESSAGE(wait([&] { return d.count_with("longtai-g01", "回复 1 是，2 不是") == 1; }),
                    d.daemon.log());
    auto lines = d.bot_lines("longtai-g01");
    CHECK(lines.back().find("停水") != std::string::npos);
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");
    // A health sound-alike: the question names no symptom in the residents' group.
    d.say("longtai-g01", "resident-b", "老公一直客嗽");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "回复 1 是，2 不是") == 2; }));
    lines = d.bot_lines("longtai-g01");
    CHECK(lines.back().find("身体不舒服") != std::string::npos);
    CHECK(lines.back().find("咳") == std::string::npos);
    // An unnamed complaint: asked what it is.
    d.say("longtai-g01", "resident-c", "家里老人有点不舒服");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "请说明具体情况") == 1; }));
    d.drained();

    // The leader's 汇总: three households unclear.
    d.say("longtai-g01", "leader-longtai-g01", "汇总");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "待确认 3 户") == 1; }));

    // 1: the reading stands; 2: the reading without the guess (nothing here).
    d.say("longtai-g01", "resident-a", "1");
    d.say("longtai-g01", "resident-b", "不是");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已按您的回复记录") == 1; }));
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "不计入今天的报告") == 1; }));
    json a = d.household("longtai/g01", "1-1-101");
    CHECK(a.value("status", "") == "anomaly");
    CHECK(a["categories"] == json::array({"utility"}));
    CHECK(d.household("longtai/g01", "1-1-102").value("status", "") == "missing");
    // A second answer finds no open question: it is an ordinary message again.
    d.say("longtai-g01", "resident-a", "1");
    d.drained();
    CHECK(d.count_with("longtai-g01", "已按您的回复记录") == 1);
    // The complaint is settled by the household's next report.
    d.say("longtai-g01", "resident-c", "老人发烧38.5");
    REQUIRE(wait(
        [&] { return d.household("longtai/g01", "1-1-103").value("status", "") == "anomaly"; }));
    d.drained();
    d.say("longtai-g01", "leader-longtai-g01", "汇总");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "日报汇总") == 2; }));
    lines = d.bot_lines("longtai-g01");
    std::string second_summary;
    for (const auto& l : lines)
        if (l.find("日报汇总") != std::string::npos) second_summary = l;
    CHECK_MESSAGE(second_summary.find("待确认") == std::string::npos, second_summary);
    CHECK(
        test::db_query(d.daemon.db(),
                       "SELECT answer FROM clarifications WHERE answer IS NOT NULL ORDER BY id") ==
        std::vector<std::string>{"1", "2"});
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("clarify: ask_below = 0 takes every message as read, as before") {
    District d("\n[parser]\nask_below = 0\n");
    d.start();
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 1; }));
    d.say("longtai-g01", "resident-a", "今天家里段水了");
    REQUIRE(wait(
        [&] { return d.household("longtai/g01", "1-1-101").value("status", "") == "anomaly"; }));
    d.drained();
    CHECK(d.count_with("longtai-g01", "回复 1 是") == 0);
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "clarify: with ask_below above the rules' usual confidence a well-being zero is asked about") {
    District d("\n[parser]\nask_below = 0.8\n");
    d.start(tn::kLedgerMore);
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    d.say("longtai-g01", "resident-b", "登记 1-1-102");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 2; }));
    d.say("longtai-g01", "resident-a", "老两口吃得香");  // the structural default: 0.75
    d.say("longtai-g01", "resident-b", "老两口吃得香");
    REQUIRE(
        wait([&] { return d.count_with("longtai-g01", "报平安）吗？回复 1 是，2 不是") == 2; }));
    d.say("longtai-g01", "resident-a", "1");
    d.say("longtai-g01", "resident-b", "2");
    REQUIRE(
        wait([&] { return d.household("longtai/g01", "1-1-101").value("status", "") == "zero"; }));
    d.drained();
    CHECK(d.household("longtai/g01", "1-1-102").value("status", "") == "missing");
    // A listed all-normal word is sure enough: taken at once.
    d.say("longtai-g01", "resident-b", "零报告");
    REQUIRE(
        wait([&] { return d.household("longtai/g01", "1-1-102").value("status", "") == "zero"; }));
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("clarify: what the learned model decided is asked about, never taken as read") {
    District d;
    d.start(tn::kLedgerMore);
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 1; }));
    d.say("longtai-g01", "resident-a", "厕所跑了一夜，拉的全是水");
    REQUIRE(
        wait([&] { return d.count_with("longtai-g01", "家里有人身体不舒服吗？回复 1 是") == 1; }));
    d.drained();
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");
    d.say("longtai-g01", "resident-a", "是的");
    REQUIRE(wait(
        [&] { return d.household("longtai/g01", "1-1-101").value("status", "") == "anomaly"; }));
    CHECK(d.household("longtai/g01", "1-1-101")["categories"] == json::array({"diarrhea"}));
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("clarify: a bare ok is asked about before a household's report and ignored after it") {
    District d;
    d.start(tn::kLedgerMore);
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    d.say("longtai-g01", "resident-b", "登记 1-1-102");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 2; }));
    // Before any report: "ok" may be the zero report; asked, not taken.
    d.say("longtai-g01", "resident-a", "ok");
    REQUIRE_MESSAGE(
        wait([&] { return d.count_with("longtai-g01", "报平安）吗？回复 1 是，2 不是") == 1; }),
        d.daemon.log());
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");
    d.say("longtai-g01", "resident-a", "1");
    REQUIRE(
        wait([&] { return d.household("longtai/g01", "1-1-101").value("status", "") == "zero"; }));
    // After the household's report: an acknowledgement of something else; nothing asked.
    d.say("longtai-g01", "resident-b", "全家正常");
    REQUIRE(
        wait([&] { return d.household("longtai/g01", "1-1-102").value("status", "") == "zero"; }));
    d.say("longtai-g01", "resident-b", "OK");
    d.say("longtai-g01", "resident-a", "ok👌");
    d.drained();
    CHECK(d.count_with("longtai-g01", "报平安）吗？回复 1 是，2 不是") == 1);
    CHECK(test::db_query(d.daemon.db(), "SELECT count(*) FROM clarifications") ==
          std::vector<std::string>{"1"});
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("clarify: a report for another household is that household's and binds nobody") {
    District d;
    d.start(tn::kLedgerMore);
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 1; }));
    // A bound resident reports for the elderly neighbour: the neighbour's anomaly, not hers.
    d.say("longtai-g01", "resident-a", "隔壁1-1-102的王奶奶一个人住，说家里没米没菜了");
    REQUIRE_MESSAGE(wait([&] {
                        return d.household("longtai/g01", "1-1-102").value("status", "") ==
                               "anomaly";
                    }),
                    d.daemon.log());
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");
    // An unbound sender reports two households at once: the anomaly is the second's, and
    // the sender is bound to neither.
    d.say("longtai-g01", "visitor-x", "两户一起报：1-1-103正常，1-1-201我老豆发烧38度");
    REQUIRE(wait(
        [&] { return d.household("longtai/g01", "1-1-201").value("status", "") == "anomaly"; }));
    d.drained();
    CHECK(
        test::db_query(d.daemon.db(), "SELECT count(*) FROM members WHERE user_id = 'visitor-x'") ==
        std::vector<std::string>{"0"});
    CHECK(d.daemon.stop() == 0);
}
