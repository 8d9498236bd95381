// Retention (issue 14 item 4): the daily purge removes or blanks personal data
// older than [privacy] keep and keeps the rollup counts; a kill -9 in the middle
// of it loses nothing it should keep; the database files stay 0600.
#include <sys/stat.h>

#include <map>
#include <regex>
#include <tuple>

#include "bot/app/retention.h"
#include "bot/config/config.h"
#include "daily_day.h"
#include "db_query.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

// Polls the daemon's log for `marker` (60 s: a month's clock jump runs every slot it passes).
bool log_shows(const test::DaemonProcess& d, const std::string& marker) {
    for (int i = 0; i < 3000; ++i) {
        if (d.log().find(marker) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

int mode_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
}

json cli_summary(const std::string& config, const std::string& node, const std::string& day) {
    auto r = test::run_command(test::gridbot_binary() + " summary --config " + config + " --node " +
                               node + " --day " + day);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return json::parse(r.out.substr(
        r.out.rfind("\n{") == std::string::npos ? r.out.find('{') : r.out.rfind("\n{") + 1));
}

}  // namespace

TEST_CASE(
    "retention: a purge at day 31 removes what the horizon says and keeps the rollup counts") {
    // Proves the daily purge deletes or blanks exactly the personal data older than
    // [privacy] keep (nothing at day 30, the whole day at day 31) and that the
    // day's rollup, from the API and from `gridbot summary`, stays identical.
    Day day;
    day.run();
    const std::string db = day.daemon.db();
    const std::string community = "nangang/xianfeng/longtai";
    json before = day.get("/api/v1/nodes/" + community + "/summary?day=2026-11-22");
    json cli_before = cli_summary(day.daemon.config(), community, "2026-11-22");
    // Resolve 1-1-102's incident with a remark naming the resident; 3-1-102's stays open.
    json list = day.get("/api/v1/incidents?node=nangang");
    int64_t resolved = 0, open = 0;
    for (const auto& i : list["incidents"]) {
        std::string room = i.contains("household") ? i["household"].value("room", "") : "";
        if (room == "1-1-102") resolved = i["id"];
        if (room == "3-1-102") open = i["id"];
    }
    REQUIRE(resolved > 0);
    REQUIRE(open > 0);
    std::string path = "/api/v1/incidents/" + std::to_string(resolved);
    auto ack = day.http->Post(path + "/ack", day.auth(), "{}", "application/json");
    REQUIRE(ack);
    REQUIRE_MESSAGE(ack->status == 200, ack->body);
    auto done = day.http->Post(path + "/resolve", day.auth(), R"({"remark":"何刚 已送医"})",
                               "application/json");
    REQUIRE(done);
    REQUIRE_MESSAGE(done->status == 200, done->body);
    long long reports =
        test::db_number(db, "SELECT COUNT(*) FROM reports WHERE day = '2026-11-22'");
    long long inbound = test::db_number(db, "SELECT COUNT(*) FROM inbound");
    REQUIRE(reports > 0);
    REQUIRE(inbound > 0);

    // Day 30: within the horizon, nothing of 22 November goes.
    test::move_clock(*day.http, day.auth(), {{"set", "2026-12-22T04:00:00+08:00"}});
    REQUIRE_MESSAGE(log_shows(day.daemon, "event=purge_done day=2026-12-22"), day.daemon.log());
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM reports WHERE day = '2026-11-22'") == reports);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM inbound") == inbound);

    // Day 31: the day's personal data is past the horizon.
    test::move_clock(*day.http, day.auth(), {{"set", "2026-12-23T04:00:00+08:00"}});
    REQUIRE_MESSAGE(log_shows(day.daemon, "event=purge_done day=2026-12-23"), day.daemon.log());
    const std::string cutoff = "1795377600";  // 2026-11-23T04:00:00+08:00
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM reports WHERE day = '2026-11-22'") == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM day_status WHERE day = '2026-11-22'") == 0);
    // g01 and g03 reported that day, g02 did not.
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM day_counts WHERE day = '2026-11-22'") == 2);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM inbound WHERE received_at < " + cutoff) == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM sandbox_messages WHERE time < " + cutoff) == 0);
    // Sent messages keep their rows (and so their keys: nothing is sent twice), not their bodies.
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM outbox WHERE created_at < " + cutoff + "000") >
          10);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM outbox WHERE created_at < " + cutoff +
                                  "000 AND (text != '' OR mention_phones != '[]')") == 0);
    // The resolved incident keeps its category and times, not who it was about; the open one stays.
    auto id = std::to_string(resolved);
    CHECK(test::db_query(db,
                         "SELECT household_id IS NULL, reporter_name IS NULL, category != '', "
                         "state FROM incidents WHERE id = " +
                             id) == std::vector<std::string>{"1|1|1|2"});
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM incident_timeline WHERE incident_id = " + id +
                                  " AND remark != ''") == 0);
    CHECK(test::db_number(db, "SELECT household_id IS NOT NULL FROM incidents WHERE id = " +
                                  std::to_string(open)) == 1);

    // The rollup of 22 November is what it was, from memory's neighbour (SQL) and the CLI.
    CHECK(day.get("/api/v1/nodes/" + community + "/summary?day=2026-11-22") == before);
    CHECK(cli_summary(day.daemon.config(), community, "2026-11-22") == cli_before);
    // The log of the whole day and both purges carries no resident's name, phone or words.
    std::string log = day.daemon.log();
    for (const auto& name : test::daily::kContacts) CHECK(log.find(name) == std::string::npos);
    std::smatch phone;
    CHECK_FALSE_MESSAGE(
        std::regex_search(log, phone, std::regex("(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])")),
        "a phone-like number in the log: " << log.substr(
            static_cast<size_t>(std::max<std::ptrdiff_t>(0, phone.position(0) - 120)), 240));
    CHECK(log.find("发烧") == std::string::npos);
    CHECK(day.daemon.stop() == 0);
}

namespace {

const std::string kOpsToken = "gb_test-admin-token-retention";

// A district of one grid with 300 households and no groups; the clock starts at
// 04:00 on 15 December, past the purge's 03:30, so the daemon purges at once.
std::string crash_config() {
    return test::config_head() + test::longtai_three_grids() + R"(
[[tokens]]
name = "ops"
sha256 = ")" +
           http::token_hash(kOpsToken) +
           R"("
role = "admin"
node = "nangang"

[privacy]
purge_batch = 10

[debug]
manual_clock = true
start_time = "2026-12-15T04:00:00+08:00"
)";
}

std::string big_ledger() {
    std::string csv = "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n";
    for (int b = 1; b <= 10; ++b) {
        for (int r = 1; r <= 30; ++r) {
            csv += "南岗区,先锋街道,龙台社区,第一网格," + std::to_string(b) + "-1-" +
                   std::to_string(100 + r) + ",2,住户,13800000000,\n";
        }
    }
    return csv;
}

// tests/data/store/purge-seed.sql: thirty October days of reports for every
// household (every third an anomaly), their day statuses and their messages.
std::string seed() { return test::read_file("tests/data/store/purge-seed.sql"); }

// Per day: zero and anomaly households, and fever counts, wherever they are kept
// (day_status or the anonymous day_counts).
std::map<std::string, std::tuple<long long, long long, long long>> day_totals(
    const std::string& db) {
    std::map<std::string, std::tuple<long long, long long, long long>> out;
    for (const auto& row : test::db_query(
             db,
             "SELECT day, SUM(CASE WHEN status = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN status = 2 "
             "THEN 1 ELSE 0 END) FROM day_status GROUP BY day")) {
        auto a = row.find('|'), b = row.rfind('|');
        auto& t = out[row.substr(0, a)];
        std::get<0>(t) += std::stoll(row.substr(a + 1, b - a - 1));
        std::get<1>(t) += std::stoll(row.substr(b + 1));
        std::get<2>(t) += std::stoll(row.substr(b + 1));  // every seeded anomaly is a fever
    }
    for (const auto& row :
         test::db_query(db, "SELECT day, zero, anomaly, categories FROM day_counts")) {
        auto p1 = row.find('|'), p2 = row.find('|', p1 + 1), p3 = row.find('|', p2 + 1);
        auto& t = out[row.substr(0, p1)];
        std::get<0>(t) += std::stoll(row.substr(p1 + 1, p2 - p1 - 1));
        std::get<1>(t) += std::stoll(row.substr(p2 + 1, p3 - p2 - 1));
        std::get<2>(t) += json::parse(row.substr(p3 + 1)).value("fever", 0LL);
    }
    return out;
}

}  // namespace

TEST_CASE("retention: kill -9 in the middle of a purge loses nothing it should keep" *
          doctest::test_suite("sqlite-only")) {
    // Proves a purge killed between its short transactions leaves every day's counts
    // whole (each status is either still a row or already an anonymous count, never
    // both, never neither), an intact database, and a purge that finishes after the
    // restart; the files stay 0600, and --vacuum turns an old database incremental.
    test::TempDir dir;
    test::DaemonProcess d(dir, crash_config());
    test::write_file(dir.file("ledger.csv"), big_ledger());
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + d.config() + " " +
                                 dir.file("ledger.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    REQUIRE(test::db_exec(d.db(), seed()).empty());
    auto expected = day_totals(d.db());
    REQUIRE(expected.size() == 30);
    REQUIRE(test::db_number(d.db(), "SELECT COUNT(*) FROM day_status") == 9000);

    REQUIRE_MESSAGE(d.start() > 0, d.log());
    // Kill it once the purge has moved some statuses but not all.
    bool midway = test::daily::Day::wait_for(
        [&] { return test::db_number(d.db(), "SELECT COUNT(*) FROM day_counts") > 0; });
    d.kill9();
    REQUIRE(midway);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM day_status") > 0);
    CHECK(test::db_query(d.db(), "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(test::db_query(d.db(), "PRAGMA foreign_key_check").empty());
    CHECK(day_totals(d.db()) == expected);

    // The restarted daemon finishes the day's purge.
    REQUIRE_MESSAGE(d.start() > 0, d.log());
    REQUIRE_MESSAGE(log_shows(d, "event=purge_done day=2026-12-15"), d.log());
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM day_status") == 0);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM reports") == 0);
    CHECK(test::db_number(d.db(), "SELECT COUNT(*) FROM inbound") == 0);
    CHECK(day_totals(d.db()) == expected);
    json oct5 = cli_summary(d.config(), "nangang/xianfeng/longtai", "2026-10-05");
    CHECK(oct5["reported"] == 300);
    CHECK(oct5["anomalies"] == 100);
    CHECK(oct5["categories"]["fever"] == 100);
    for (const char* suffix : {"", "-wal", "-shm"}) CHECK(mode_of(d.db() + suffix) == 0600);
    CHECK(d.stop() == 0);

    // A database made before incremental auto-vacuum is converted by `privacy purge --vacuum`.
    REQUIRE(test::db_exec(d.db(), "PRAGMA auto_vacuum = NONE; VACUUM;").empty());
    REQUIRE(test::db_number(d.db(), "PRAGMA auto_vacuum") == 0);
    auto purge = test::run_command(test::gridbot_binary() + " privacy purge --vacuum --config " +
                                   d.config());
    REQUIRE_MESSAGE(purge.exit_code == 0, purge.out);
    CHECK(test::db_number(d.db(), "PRAGMA auto_vacuum") == 2);
    CHECK(test::db_query(d.db(), "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(mode_of(d.db()) == 0600);
    CHECK(day_totals(d.db()) == expected);
}

TEST_CASE(
    "retention: [privacy] horizons default to keep, a kind may differ, bad values name the key") {
    // Proves the option table's defaults (30 days, audit three years), that a per-kind
    // horizon moves only that kind's cutoff, that a horizon under a day or an audit
    // horizon under a year is refused with the key named, and that
    // `check-config --effective` shows the horizons in force.
    const std::string head = "[district]\ncode = \"nangang\"\nname = \"南岗区\"\n";
    auto plain = config::load_string(head, "p.toml");
    REQUIRE(plain.ok());
    auto zone = *LocalTime::for_zone("Asia/Shanghai");
    TimePoint now;
    REQUIRE(parse_rfc3339("2026-12-23T04:00:00+08:00", now));
    auto c = app::purge_cutoffs(plain.value()->privacy, zone, now);
    const int64_t day = 86400, t = unix_seconds(now);
    CHECK(c.reports_day == "2026-11-23");
    CHECK(c.inbound == t - 30 * day);
    CHECK(c.outbox == t - 30 * day);
    CHECK(c.incidents == t - 30 * day);
    CHECK(c.transcripts == t - 30 * day);
    CHECK(c.audit == t - 1095 * day);
    CHECK(plain.value()->privacy.purge_at == 3 * 60 + 30);

    auto tuned = config::load_string(head + "[privacy]\nkeep = \"14d\"\nkeep_incidents = \"90d\"\n",
                                     "p.toml");
    REQUIRE_MESSAGE(tuned.ok(), (tuned.ok() ? "" : tuned.error().to_string()));
    c = app::purge_cutoffs(tuned.value()->privacy, zone, now);
    CHECK(c.reports_day == "2026-12-09");
    CHECK(c.inbound == t - 14 * day);
    CHECK(c.incidents == t - 90 * day);

    auto hours = config::load_string(head + "[privacy]\nkeep_inbound = \"12h\"\n", "p.toml");
    REQUIRE_FALSE(hours.ok());
    CHECK(hours.error().id == "config.bad_value");
    CHECK(hours.error().message.find("privacy.keep_inbound") != std::string::npos);
    auto audit = config::load_string(head + "[privacy]\naudit_keep = \"30d\"\n", "p.toml");
    REQUIRE_FALSE(audit.ok());
    CHECK(audit.error().message.find("privacy.audit_keep") != std::string::npos);
    auto unknown = config::load_string(head + "[privacy]\nkeep_forever = true\n", "p.toml");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().id == "config.unknown_key");

    // check-config --effective shows the horizons in force.
    test::TempDir dir;
    std::string cfg = test::read_file("config/example.toml");
    cfg.replace(cfg.find("keep = \"30d\""), 12, "keep = \"14d\"\nkeep_incidents = \"90d\"");
    test::write_file(dir.file("g.toml"), cfg);
    auto shown = test::run_command(test::gridbot_binary() + " check-config --effective --config " +
                                   dir.file("g.toml"));
    REQUIRE_MESSAGE(shown.exit_code == 0, shown.out);
    CHECK(shown.out.find("[privacy]\nkeep = \"14d\"\nkeep_incidents = \"90d\"\naudit_keep = "
                         "\"1095d\"\npurge_at = \"03:30\"\npurge_batch = 500\n") !=
          std::string::npos);
}
