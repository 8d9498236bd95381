// A day's schedule in America/New_York across both daylight-saving changes of
// 2026, on the real daemon with the manual clock: the short day (8 March, 02:00
// EST jumps to 03:00 EDT) and the long day (1 November, 01:00-02:00 happens
// twice). The open prompt sits at 01:30 (in the repeated hour), the digest at
// 02:30 (in the skipped hour).
#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bot/core/clock.h"
#include "daemon_process.h"
#include "db_query.h"
#include "sandbox_client.h"
#include "test_config.h"

using namespace gridbot;

namespace {

const std::string kToken = "gb_test-admin-token-dst";
const std::string kGrid = "nangang/xianfeng/longtai/g01";

struct Slot {
    const char* kind;
    const char* node;
    const char* fires_at;  // the instant it must fire, in UTC
};

std::string dst_config(const std::string& start) {
    return test::config_head() + "timezone = \"America/New_York\"\n" + R"(
[schedule]
open = "01:30"
digests = ["02:30"]
remind = ["10:00"]
cutoff = "12:00"
rollups = ["18:00"]
)" + test::admin_token(kToken) +
           test::longtai_three_grids() +
           R"(
[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "sandbox"
id = "longtai-g01"
audience = "residents"

[debug]
manual_clock = true
start_time = ")" +
           start + "\"\n";
}

struct DstDay {
    test::TempDir dir;
    test::DaemonProcess daemon;
    std::string day;
    std::unique_ptr<httplib::Client> http;

    DstDay(const std::string& local_day, const std::string& start)
        : daemon(dir, dst_config(start)), day(local_day) {}

    bool start() {
        if (daemon.start() <= 0) return false;
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
        return true;
    }
    // Moves the clock to `utc` and waits until the scheduler has run every slot up to it.
    void set_clock(const std::string& utc) {
        test::move_clock(*http, {{"Authorization", "Bearer " + kToken}}, {{"set", utc}});
        TimePoint t = instant(utc);
        REQUIRE_MESSAGE(test::wait_for([&] {
                            return test::db_number(daemon.db(),
                                                   "SELECT done_through FROM scheduler_state") >=
                                   unix_seconds(t);
                        }),
                        utc);
    }
    // How many times the scheduler ran `kind` for `node` on this local day.
    size_t fired(const Slot& s) const {
        std::string line = std::string("event=slot_due kind=") + s.kind + " node=" + s.node +
                           " day=" + day + " slot=0 ";
        std::string log = daemon.log();
        size_t n = 0;
        for (auto at = log.find(line); at != std::string::npos; at = log.find(line, at + 1)) ++n;
        return n;
    }
    // Visits a minute before each slot's instant, the instant itself and each probe, in time
    // order; at each, every slot has fired once if its instant has passed, else never.
    void run(const std::vector<Slot>& slots, const std::vector<std::string>& probes) {
        REQUIRE_MESSAGE(start(), daemon.log());
        std::vector<TimePoint> visits;
        for (const auto& p : probes) visits.push_back(instant(p));
        for (const auto& s : slots) {
            visits.push_back(instant(s.fires_at) - std::chrono::minutes(1));
            visits.push_back(instant(s.fires_at));
        }
        std::sort(visits.begin(), visits.end());
        for (TimePoint now : visits) {
            set_clock(format_rfc3339(now));
            for (const auto& s : slots) {
                size_t expected = instant(s.fires_at) <= now ? 1 : 0;
                std::string what =
                    std::string(s.kind) + " due " + s.fires_at + " at " + format_rfc3339(now);
                CHECK_MESSAGE(fired(s) == expected, what);
            }
        }
    }
    static TimePoint instant(const std::string& utc) {
        TimePoint t;
        REQUIRE_MESSAGE(parse_rfc3339(utc, t), utc);
        return t;
    }
    std::vector<std::string> lines_with(const std::string& group, const std::string& marker) {
        return test::sandbox_lines_with(*http, group, marker);
    }
    // The open prompt once; the digest and the community's rollup once each, stamped with the
    // wall-clock time they fired at.
    void check_messages(const std::string& digest_time, const std::string& rollup_stamp) {
        CHECK(lines_with("longtai-g01", "☀️").size() == 1);
        auto digests = lines_with("longtai-g01", "📋");
        REQUIRE(digests.size() == 1);
        CHECK(digests[0].find(digest_time) != std::string::npos);
        auto rollups = lines_with("longtai-staff", "📈");
        REQUIRE(rollups.size() == 1);
        CHECK(rollups[0].find(rollup_stamp) != std::string::npos);
        CHECK(daemon.stop() == 0);
    }
};

}  // namespace

TEST_CASE("daily dst: on the short day every slot fires once, the skipped-hour one at 03:00") {
    // Proves the schedule follows New York's wall clock into daylight time on 2026-03-08: 01:30
    // EST, then the 02:30 digest (a time that does not exist) at the first minute after the
    // gap, 03:00 EDT, and 10:00/12:00/18:00 EDT (UTC-4, not the morning's UTC-5).
    DstDay d("2026-03-08", "2026-03-07T20:00:00-05:00");
    const char* community = "nangang/xianfeng/longtai";
    d.run({{"open", kGrid.c_str(), "2026-03-08T06:30:00Z"},
           {"digest", kGrid.c_str(), "2026-03-08T07:00:00Z"},
           {"remind", kGrid.c_str(), "2026-03-08T14:00:00Z"},
           {"cutoff", kGrid.c_str(), "2026-03-08T16:00:00Z"},
           {"rollup", community, "2026-03-08T22:00:00Z"}},
          {"2026-03-09T05:00:00Z"});  // 01:00 EDT the next day, before its open
    d.check_messages("03:00", "2026-03-08 18:00");
}

TEST_CASE("daily dst: on the long day every slot fires once, the repeated-hour one at its first") {
    // Proves the schedule follows New York's wall clock back to standard time on 2026-11-01: the
    // 01:30 open fires at the first 01:30 (EDT) and not again at the second (EST), and the
    // later slots fire at 02:30/10:00/12:00/18:00 EST (UTC-5, not the night's UTC-4).
    DstDay d("2026-11-01", "2026-10-31T20:00:00-04:00");
    const char* community = "nangang/xianfeng/longtai";
    d.run({{"open", kGrid.c_str(), "2026-11-01T05:30:00Z"},
           {"digest", kGrid.c_str(), "2026-11-01T07:30:00Z"},
           {"remind", kGrid.c_str(), "2026-11-01T15:00:00Z"},
           {"cutoff", kGrid.c_str(), "2026-11-01T17:00:00Z"},
           {"rollup", community, "2026-11-01T23:00:00Z"}},
          {"2026-11-01T06:30:00Z",    // the second 01:30 (EST)
           "2026-11-01T06:59:00Z",    // the end of the repeated hour
           "2026-11-02T06:00:00Z"});  // 01:00 EST the next day, before its open
    d.check_messages("02:30", "2026-11-01 18:00");
}
