// Incidents through the real daemon and the manual clock (DESIGN §6): the
// chain climbs at the configured times, acknowledgement stops it, a missed
// resolve deadline escalates again, working time skips weekends and
// holidays while urgent chains do not, only leaders of the node or above act,
// clusters go straight to community and street, the API sees its subtree.
#include "incident_day.h"

using namespace gridbot;
using nlohmann::json;
using test::incidents::Incidents;

namespace {

size_t count(Incidents& s, const std::string& group, const std::string& marker) {
    return s.lines_with(group, marker).size();
}

bool arrives(Incidents& s, const std::string& group, const std::string& marker, size_t n = 1) {
    return Incidents::wait_for([&] { return count(s, group, marker) == n; });
}

std::vector<std::string> actions(const json& incident) {
    std::vector<std::string> out;
    for (const auto& e : incident["timeline"])
        out.push_back(e["action"].get<std::string>() + ":" + e["level"].get<std::string>());
    return out;
}

// Monday 09:00: 1-1-101 reports a fever; incident #1 opens (normal: posted for the grid).
void fever_at_nine(Incidents& s) {
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    s.say("longtai-g01", "u1", "1-1-101 发烧");
    REQUIRE_MESSAGE(arrives(s, "longtai-staff", "事件 #1"), s.daemon.log());
}

// ... and nobody acts: at 11:00 (2 h of working time) it climbs to the community.
void fever_escalated_to_community(Incidents& s) {
    fever_at_nine(s);
    s.set_clock("2026-11-23T11:00");
    REQUIRE(arrives(s, "longtai-staff", "提级督办 #1"));
}

}  // namespace

TEST_CASE(
    "incidents: a fever nobody acts on climbs grid, community, street, district at the configured "
    "working times") {
    Incidents s("2026-11-23T08:50:00+08:00");  // Monday
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    s.say("longtai-g01", "u1", "1-1-101 发烧");
    // The grid has no staff group: the grid leader's post is in the community's
    // staff group, where the grid's leaders sit (in full there: docs/privacy.md),
    // never in the residents' group.
    REQUIRE_MESSAGE(arrives(s, "longtai-staff", "事件 #1"), s.daemon.log());
    CHECK(s.lines_with("longtai-staff", "事件 #1")[0].find("王芳0 13812345000") !=
          std::string::npos);
    CHECK(count(s, "longtai-g01", "#1") == 0);
    json inc = s.incident(1);
    CHECK(inc["severity"] == "normal");
    CHECK(inc["level"] == "grid");

    s.set_clock("2026-11-23T10:59");
    s.settle();
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-23T11:00");  // 2h of working time
    REQUIRE(arrives(s, "longtai-staff", "提级督办 #1"));
    std::string community = s.lines_with("longtai-staff", "提级督办 #1")[0];
    CHECK(community.find("王芳0 13812345000") !=
          std::string::npos);  // the same group: the grid's leaders sit there
    CHECK(community.find("网格长g01") != std::string::npos);  // who has not acted
    CHECK(community.find("2小时") != std::string::npos);      // time since opened

    s.set_clock("2026-11-23T14:29");
    s.settle();
    CHECK(count(s, "xianfeng-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-23T14:30");  // 4h: 09:00-12:00 and 13:30-14:30
    REQUIRE(arrives(s, "xianfeng-staff", "提级督办 #1"));
    std::string street = s.lines_with("xianfeng-staff", "提级督办 #1")[0];
    CHECK(street.find("王* 138****5000") != std::string::npos);  // masked above the grid's leaders
    CHECK(street.find("王芳0") == std::string::npos);
    REQUIRE(arrives(s, "longtai-staff", "已提交街道督办"));

    s.set_clock("2026-11-24T09:29");
    s.settle();
    CHECK(count(s, "district-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-24T09:30");  // 8h: 7h on Monday, 1h on Tuesday from 08:30
    REQUIRE(arrives(s, "district-staff", "提级督办 #1"));
    REQUIRE(arrives(s, "xianfeng-staff", "已提交区指挥部督办"));

    inc = s.incident(1);
    CHECK(inc["level"] == "district");
    CHECK(inc["state"] == "open");
    CHECK(inc["next_due"].is_null());
    CHECK(actions(inc) == std::vector<std::string>{"open:grid", "escalate:grid",
                                                   "escalate:community", "escalate:street",
                                                   "escalate:district"});
    // Each step once: nothing more arrives later.
    s.set_clock("2026-11-26T12:00");
    s.settle();
    CHECK(count(s, "district-staff", "提级督办 #1") == 1);
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 1);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE("incidents: an acknowledgement at community level stops the escalation") {
    Incidents s("2026-11-23T08:50:00+08:00");
    fever_escalated_to_community(s);
    s.say("longtai-staff", "leader-longtai", "收到 #1");
    REQUIRE(arrives(s, "longtai-staff", "事件 #1 已确认"));
    json inc = s.incident(1);
    CHECK(inc["state"] == "acknowledged");
    CHECK(inc["timeline"].back()["actor"] == "社区书记张");
    CHECK(inc["timeline"].back()["via"] == "sandbox");
    // The street step (14:30) does not fire; the resolve deadline (15:30) has not come.
    s.set_clock("2026-11-23T15:29");
    s.settle();
    CHECK(count(s, "xianfeng-staff", "#1") == 0);
    CHECK(count(s, "district-staff", "#1") == 0);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "incidents: an acknowledged incident not resolved by its deadline escalates again, and "
    "resolving ends it") {
    Incidents s("2026-11-23T08:50:00+08:00");
    fever_escalated_to_community(s);
    s.say("longtai-staff", "leader-longtai", "已处理 #1 已电话联系");
    REQUIRE(arrives(s, "longtai-staff", "事件 #1 已确认"));
    // resolve_within normal = 3h of working time: 11:00-12:00 and 13:30-15:30.
    s.set_clock("2026-11-23T15:29");
    s.settle();
    CHECK(count(s, "xianfeng-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-23T15:30");
    REQUIRE(arrives(s, "xianfeng-staff", "提级督办 #1"));
    CHECK(s.lines_with("xianfeng-staff", "提级督办 #1")[0].find("未在时限内办结") !=
          std::string::npos);
    REQUIRE(arrives(s, "longtai-staff", "已提交街道督办"));
    CHECK(s.incident(1)["level"] == "street");

    s.say("xianfeng-staff", "leader-xianfeng", "办结 #1 已送医");
    REQUIRE(arrives(s, "xianfeng-staff", "事件 #1 已办结"));
    json inc = s.incident(1);
    CHECK(inc["state"] == "resolved");
    CHECK(inc["timeline"].back()["remark"] == "已送医");
    CHECK(inc["next_due"].is_null());
    s.set_clock("2026-11-25T12:00");
    s.settle();
    CHECK(count(s, "district-staff", "#1") == 0);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE("incidents: a weekend is skipped by working-time steps and not by urgent ones") {
    Incidents s("2026-11-20T16:00:00+08:00");  // Friday
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-20T16:30");
    s.say("longtai-g01", "u1", "1-1-101 发烧");
    REQUIRE(arrives(s, "longtai-staff", "事件 #1"));
    s.say("longtai-g02", "u2", "2-1-101 发烧39度");
    REQUIRE(
        arrives(s, "longtai-staff", "事件 #2"));  // urgent: grid and community at once, one post
    CHECK(s.incident(2)["severity"] == "urgent");
    CHECK(s.incident(2)["level"] == "community");
    s.set_clock("2026-11-20T16:45");
    REQUIRE(arrives(s, "xianfeng-staff", "提级督办 #2"));  // 15 minutes of wall time
    s.set_clock("2026-11-21T12:00");                       // Saturday
    REQUIRE(arrives(s, "district-staff", "提级督办 #2"));
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-23T09:29");  // Monday
    s.settle();
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 0);
    s.set_clock("2026-11-23T09:30");  // 1h on Friday, 1h on Monday from 08:30
    REQUIRE(arrives(s, "longtai-staff", "提级督办 #1"));
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "incidents: a statutory holiday is skipped by working-time steps and not by urgent ones") {
    Incidents s("2026-09-30T16:00:00+08:00");  // the day before National Day
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-09-30T16:30");
    s.say("longtai-g01", "u1", "1-1-101 发烧");
    REQUIRE(arrives(s, "longtai-staff", "事件 #1"));
    s.say("longtai-g02", "u2", "2-1-101 发烧39度");
    REQUIRE(arrives(s, "longtai-staff", "事件 #2"));
    s.set_clock("2026-10-05T12:00");  // a Monday inside the holiday
    REQUIRE(arrives(s, "district-staff", "提级督办 #2"));
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 0);
    s.set_clock("2026-10-08T09:29");  // Thursday, the first working day after it
    s.settle();
    CHECK(count(s, "longtai-staff", "提级督办 #1") == 0);
    s.set_clock("2026-10-08T09:30");
    REQUIRE(arrives(s, "longtai-staff", "提级督办 #1"));
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "incidents: a resident's 收到 #N changes nothing and gets a polite refusal, as does another "
    "grid's leader") {
    Incidents s("2026-11-23T08:50:00+08:00");
    fever_at_nine(s);
    s.say("longtai-g01", "u2", "收到 #1");
    REQUIRE(arrives(s, "longtai-g01", "抱歉，事件 #1"));
    s.say("longtai-staff", "leader-g02", "办结 #1 好了");
    REQUIRE(arrives(s, "longtai-staff", "抱歉，事件 #1"));
    json inc = s.incident(1);
    CHECK(inc["state"] == "open");
    CHECK(actions(inc) == std::vector<std::string>{"open:grid", "escalate:grid"});
    s.say("longtai-g01", "u3", "收到 #99");
    REQUIRE(arrives(s, "longtai-g01", "没有找到事件 #99"));
    // The grid's own leader may.
    s.say("longtai-g01", "leader-g01", "收到 #1");
    REQUIRE(arrives(s, "longtai-g01", "事件 #1 已确认"));
    CHECK(s.incident(1)["state"] == "acknowledged");
    s.say("longtai-g01", "leader-g01", "收到 #1");
    REQUIRE(arrives(s, "longtai-g01", "已经确认过了"));
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "incidents: three fevers in one grid open a cluster that goes to the community and the street "
    "at once") {
    Incidents s("2026-11-23T08:50:00+08:00");
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    s.say("longtai-g01", "u1", "1-1-101 发烧");
    s.say("longtai-g01", "u2", "1-1-102 发热");
    REQUIRE(arrives(s, "longtai-staff", "事件 #2"));
    CHECK(count(s, "longtai-staff", "聚集性异常") == 0);
    s.say("longtai-g01", "u3", "1-1-103 发烧");
    REQUIRE(arrives(s, "longtai-staff", "聚集性异常"));
    REQUIRE(arrives(s, "xianfeng-staff", "聚集性异常"));  // the opening reaches both levels
    CHECK(count(s, "xianfeng-staff", "提级督办 #4") == 0);
    std::string post = s.lines_with("longtai-staff", "聚集性异常")[0];
    CHECK(post.find("3 户") != std::string::npos);
    CHECK(post.find("1-1-103") != std::string::npos);
    json cluster = s.incident(4);
    CHECK(cluster["cluster"] == true);
    CHECK(cluster["level"] == "street");
    CHECK(cluster["members"] == json::array({1, 2, 3}));
    // A fourth joins the open cluster instead of opening another.
    s.say("longtai-g01", "u4", "1-1-104 发烧");
    REQUIRE(arrives(s, "longtai-staff", "事件 #5"));
    s.settle();
    CHECK(count(s, "longtai-staff", "聚集性异常") == 1);
    CHECK(s.incident(4)["members"].size() == 4);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE("incidents: the green channel, reopening, and the API with its subtree check") {
    Incidents s("2026-11-23T08:50:00+08:00");
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    s.say("longtai-g03", "u1", "3-1-101 咳嗽");  // a pregnant household: urgent, green channel
    // Grid and community at once share the community's group: one post, no 提级督办.
    REQUIRE(arrives(s, "longtai-staff", "绿色通道"));
    json inc = s.incident(1);
    CHECK(inc["green"] == true);
    CHECK(inc["severity"] == "urgent");
    CHECK(inc["household"]["contact"] == "王*");  // an admin token is above grid level

    s.say("longtai-g02", "u2", "2-1-101 腹泻");
    REQUIRE(arrives(s, "longtai-staff", "事件 #2"));
    json mine =
        s.get("/api/v1/incidents?node=nangang/xianfeng/longtai/g02", test::incidents::kGridToken);
    CHECK(mine["count"] == 1);
    CHECK(mine["incidents"][0]["household"]["contact"] == "王芳0");  // a grid token sees its own
    auto denied = s.http->Get("/api/v1/incidents/1", s.auth(test::incidents::kGridToken));
    REQUIRE(denied);
    CHECK(denied->status == 403);
    denied = s.http->Post("/api/v1/incidents/1/ack", s.auth(test::incidents::kGridToken), "{}",
                          "application/json");
    REQUIRE(denied);
    CHECK(denied->status == 403);

    auto r = s.http->Post("/api/v1/incidents/2/ack", s.auth(), R"({"remark":"电话已联系"})",
                          "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(s.get("/api/v1/incidents?state=acknowledged")["count"] == 1);
    r = s.http->Post("/api/v1/incidents/2/resolve", s.auth(), "{}", "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    r = s.http->Post("/api/v1/incidents/2/resolve", s.auth(), "{}", "application/json");
    REQUIRE(r);
    CHECK(r->status == 409);
    inc = s.incident(2);
    CHECK(inc["timeline"][2]["via"] == "api");
    CHECK(inc["timeline"][2]["actor"] == "ops");
    CHECK(inc["timeline"][2]["remark"] == "电话已联系");

    // The same anomaly again after resolution reopens it.
    s.say("longtai-g02", "u2", "还是腹泻");
    REQUIRE(arrives(s, "longtai-staff", "重新打开"));
    inc = s.incident(2);
    CHECK(inc["state"] == "open");
    CHECK(actions(inc).back() == "reopen:grid");
    CHECK(s.get("/api/v1/incidents")["count"] == 2);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE(
    "incidents: a grid leader's 代报 of an anomaly opens an incident as a resident's report does") {
    Incidents s("2026-11-23T08:50:00+08:00");
    REQUIRE_MESSAGE(s.start(), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    s.say("longtai-g03", "leader-g03", "代报 3-1-102 发烧38.6");
    REQUIRE_MESSAGE(arrives(s, "longtai-staff", "🚨 事件 #1"), s.daemon.log());  // 38.6: urgent
    json inc = s.incident(1);
    CHECK(inc["severity"] == "urgent");
    CHECK(inc["household"]["room"] == "3-1-102");
    CHECK(s.lines_with("longtai-staff", "事件 #1")[0].find("38.6℃") != std::string::npos);
    CHECK(s.daemon.stop() == 0);
}

TEST_CASE("admin: settled waits for the timers at the clock's time and is an admin's question") {
    // Proves GET /api/v1/admin/settled reports the timers caught up with a moved clock, an empty
    // outbox once the escalation it caused is delivered, and refuses a token that is not admin.
    Incidents s("2026-11-23T08:50:00+08:00");
    fever_escalated_to_community(s);
    s.set_clock("2026-11-23T14:30");
    s.settle();
    json st = s.get("/api/v1/admin/settled");
    CHECK(st["settled"] == true);
    CHECK(st["timers_at"].get<std::string>() >= std::string("2026-11-23T06:30:00Z"));  // 14:30 +08
    CHECK(st["outbox_queued"] == 0);
    CHECK(st["outbox_sending"] == 0);
    CHECK(count(s, "xianfeng-staff", "提级督办 #1") == 1);  // what 14:30 calls for happened
    auto r = s.http->Get("/api/v1/admin/settled");
    REQUIRE(r);
    CHECK(r->status == 401);
    CHECK(s.daemon.stop() == 0);
}
