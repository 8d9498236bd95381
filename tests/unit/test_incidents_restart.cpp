// Durable timers: the daemon dies in the middle of firing the community step
// of 100 open incidents. First deterministically (as abruptly as kill -9, via
// the manual-clock-only GRIDBOT_DEBUG_CRASH_AFTER hook) right after the 50th
// step's messages commit and before its new state does; then by a real
// SIGKILL wherever it lands. After a restart every incident has its step
// fired exactly once: 100 posts, none twice, none lost, one timeline entry
// each, and the database is intact.
#include <cstdlib>
#include <set>

#include "incident_day.h"

using namespace gridbot;
using test::incidents::Incidents;

namespace {

// 100 fevers in the three grids of a daemon started on Monday 08:50, reported at 09:00.
void open_100(Incidents& s) {
    REQUIRE_MESSAGE(s.start(34, false), s.daemon.log());
    s.set_clock("2026-11-23T09:00");
    int n = 0;
    for (int g = 1; g <= 3 && n < 100; ++g) {
        for (int i = 0; i < 34 && n < 100; ++i, ++n) {
            std::string room = std::to_string(g) + "-1-" + std::to_string(101 + i);
            s.say("longtai-g0" + std::to_string(g), "u" + std::to_string(n), room + " 发烧");
        }
    }
    REQUIRE_MESSAGE(Incidents::wait_for([&] { return s.get("/api/v1/incidents")["count"] == 100; }),
                    s.daemon.log());
}

// After the restart at 11:00: each incident's community step posted once and recorded once.
void check_each_step_once(Incidents& s) {
    REQUIRE(s.restart());
    s.set_clock("2026-11-23T11:00");
    REQUIRE_MESSAGE(Incidents::wait_for(
                        [&] { return s.lines_with("longtai-staff", "提级督办 #").size() >= 100; }),
                    s.daemon.log());
    s.settle();
    auto posts = s.lines_with("longtai-staff", "提级督办 #");
    CHECK(posts.size() == 100);
    std::multiset<int> ids;
    for (const auto& p : posts) ids.insert(std::stoi(p.substr(p.find('#') + 1)));
    for (int id = 1; id <= 100; ++id) CHECK_MESSAGE(ids.count(id) == 1, "incident ", id);
    CHECK(s.query("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'incident:%:step:1:%'") ==
          std::vector<std::string>{"100"});
    CHECK(s.query("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'incident:%:step:0:%'") ==
          std::vector<std::string>{"100"});
    // One community escalation in each incident's timeline.
    CHECK(s.query("SELECT COUNT(*), COUNT(DISTINCT incident_id) FROM incident_timeline "
                  "WHERE action = 'escalate' AND level = 2") ==
          std::vector<std::string>{"100|100"});
    CHECK(s.query("SELECT COUNT(*) FROM incidents WHERE level = 2 AND state = 0") ==
          std::vector<std::string>{"100"});
    CHECK(s.daemon.stop() == 0);
    CHECK(test::integrity_check(s.daemon.db()) == "ok");
}

}  // namespace

TEST_CASE(
    "incidents restart: a crash with 100 incidents mid-escalation fires every due step exactly "
    "once") {
    Incidents s("2026-11-23T08:50:00+08:00", 0);  // no clusters: 100 plain incidents
    open_100(s);
    REQUIRE(s.daemon.stop() == 0);

    setenv("GRIDBOT_DEBUG_CRASH_AFTER", "incident:50", 1);
    bool started = s.restart();
    unsetenv("GRIDBOT_DEBUG_CRASH_AFTER");
    REQUIRE(started);
    s.set_clock("2026-11-23T11:00");  // the community step of all 100 is due
    REQUIRE(Incidents::wait_for(
        [&] { return s.daemon.log().find("event=debug_crash") != std::string::npos; }));
    REQUIRE(Incidents::wait_for([&] { return !s.http->Get("/healthz"); }));
    s.daemon.kill9();
    auto committed =
        s.query("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'incident:%:step:1:%'");
    CHECK(committed == std::vector<std::string>{"50"});  // 50 steps' posts
    auto recorded =
        s.query("SELECT COUNT(*) FROM incident_timeline WHERE action = 'escalate' AND level = 2");
    CHECK(recorded ==
          std::vector<std::string>{"49"});  // the 50th step's state was lost with the crash
    check_each_step_once(s);
}

TEST_CASE(
    "incidents restart: a real SIGKILL while 100 community steps fire loses and repeats none") {
    Incidents s("2026-11-23T08:50:00+08:00", 0);
    open_100(s);
    s.set_clock("2026-11-23T11:00");
    // Wherever the kill lands (before, inside or after the tick), the result is the same.
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    s.daemon.kill9();
    auto at_kill =
        s.query("SELECT COUNT(*) FROM outbox WHERE idempotency_key LIKE 'incident:%:step:1:%'");
    MESSAGE("community posts committed when the kill landed: ", at_kill.empty() ? "?" : at_kill[0]);
    check_each_step_once(s);
}
