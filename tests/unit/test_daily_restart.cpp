// A crash in the middle of a scheduled run: the daemon dies (as abruptly as
// kill -9, via the manual-clock-only GRIDBOT_DEBUG_CRASH_AFTER hook) right
// after the first group's reminder is committed; after a restart every group
// has exactly one reminder — none twice, none skipped — and the database is intact.
#include <cstdlib>

#include "daily_day.h"

using namespace gridbot;
using test::daily::Day;

TEST_CASE(
    "daily restart: a crash between two groups' reminders sends no group its reminder twice and "
    "skips none") {
    Day day;
    REQUIRE_MESSAGE(day.start(), day.daemon.log());
    // Every grid has a bound member who will not report by 10:00.
    day.say("longtai-g01", "u101", "登记 1-1-101");
    day.say("longtai-g02", "u201", "登记 2-1-101");
    day.say("longtai-g03", "u301", "登记 3-1-101");
    REQUIRE(Day::wait_for([&] { return day.lines_with("longtai-g03", "已登记").size() == 1; }));
    day.set_clock("08:00");
    REQUIRE(Day::wait_for([&] { return day.lines_with("longtai-g03", "☀️").size() == 1; }));
    REQUIRE(day.daemon.stop() == 0);

    // The manual clock restarts at 07:00; 08:00's slots are done already.
    setenv("GRIDBOT_DEBUG_CRASH_AFTER", "remind:1", 1);
    int port = day.daemon.start();
    unsetenv("GRIDBOT_DEBUG_CRASH_AFTER");
    REQUIRE(port > 0);
    day.http = std::make_unique<httplib::Client>("127.0.0.1", port);
    day.set_clock("10:00");
    REQUIRE(Day::wait_for(
        [&] { return day.daemon.log().find("event=debug_crash") != std::string::npos; }));
    REQUIRE(Day::wait_for([&] { return !day.http->Get("/healthz"); }));
    day.daemon.kill9();  // reaps the exited process
    auto queued_before = day.mentions("remind:");
    CHECK(queued_before.size() == 1);  // the crash fell between the first and the second group

    REQUIRE(day.daemon.start() > 0);
    day.http = std::make_unique<httplib::Client>("127.0.0.1", day.daemon.port());
    day.set_clock("10:00");
    for (const char* g : {"longtai-g01", "longtai-g02", "longtai-g03"}) {
        REQUIRE_MESSAGE(Day::wait_for([&] { return day.lines_with(g, "⏰").size() == 1; }), g);
    }
    // Nothing more arrives, and the open prompt was not repeated either.
    day.settle();
    for (const char* g : {"longtai-g01", "longtai-g02", "longtai-g03"}) {
        CHECK(day.lines_with(g, "⏰").size() == 1);
        CHECK(day.lines_with(g, "☀️").size() == 1);
    }
    auto mentions = day.mentions("remind:");
    CHECK(mentions.size() == 3);
    CHECK(mentions["longtai-g02"] == std::vector<std::string>{"u201"});
    CHECK(day.daemon.stop() == 0);
    CHECK(test::integrity_check(day.daemon.db()) == "ok");
}
