// `gridbot backup` and `gridbot restore` (the operator's kit) and the one
// daemon per database rule, against the real daemon and real SQLite files.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "db_query.h"
#include "incident_day.h"

using namespace gridbot;
using nlohmann::json;
using test::incidents::Incidents;

namespace {

const char* kMorning = "2026-11-23T09:00:00+08:00";

test::CommandResult run_gridbot(const std::string& args) {
    return test::run_command(test::gridbot_binary() + " " + args + " 2>&1");
}

// The JSON a command printed on stdout (its last lines, after any log line).
json printed(const std::string& out) {
    auto at = out.find("{\n");
    REQUIRE_MESSAGE(at != std::string::npos, out);
    return json::parse(out.substr(at));
}

// Every household of the three grids sends "<room> 零报告", one after another.
void burst(Incidents& day, int per_grid, std::atomic<bool>& done) {
    for (int i = 0; i < per_grid; ++i) {
        for (int g = 1; g <= 3; ++g) {
            std::string room = std::to_string(g) + "-1-" + std::to_string(101 + i);
            day.say("longtai-g0" + std::to_string(g), "u" + room, room + " 零报告");
        }
    }
    done = true;
}

}  // namespace

TEST_CASE(
    "a backup taken during a morning burst holds every report stored before it began, "
    "and restored into a new folder it serves again" *
    doctest::test_suite("sqlite-only")) {
    Incidents day(kMorning);
    REQUIRE(day.start(40));
    std::atomic<bool> done{false};
    std::thread sender([&] { burst(day, 40, done); });
    REQUIRE(Incidents::wait_for(
        [&] { return test::db_query(day.daemon.db(), "SELECT id FROM reports").size() >= 20; }));
    auto before = test::db_query(day.daemon.db(), "SELECT id FROM reports");
    const std::string dest = day.dir.file("morning.backup");
    auto backup = run_gridbot("backup --config " + day.daemon.config() + " " + dest);
    auto after = test::db_query(day.daemon.db(), "SELECT id FROM reports");
    const bool burst_was_running = !done;
    sender.join();
    REQUIRE_MESSAGE(backup.exit_code == 0, backup.out);
    INFO("burst still running during the backup: " << burst_was_running);

    json info = printed(backup.out);
    CHECK(info["path"] == dest);
    CHECK(info["schema_version"].get<int>() > 0);
    CHECK(info["households"] == 120);
    CHECK(info["reports"].get<size_t>() >= before.size());
    CHECK(info["reports"].get<size_t>() <= after.size());
    auto copied = test::db_query(dest, "SELECT id FROM reports");
    std::set<std::string> in_copy(copied.begin(), copied.end());
    for (const auto& id : before) CHECK_MESSAGE(in_copy.count(id) == 1, "report " << id);
    CHECK(test::db_query(dest, "PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK((std::filesystem::status(dest).permissions() & std::filesystem::perms::others_read) ==
          std::filesystem::perms::none);

    // Restore into a new folder: a daemon starts on it with the copy's
    // reports, and turns the messages it had stored but not yet understood
    // into the reports they are (one household each): nothing is lost. A
    // message whose report was committed before the backup but whose
    // "processed" mark was not (two writer jobs) is replayed without a
    // second report, so it does not count as pending.
    const size_t pending = std::stoul(
        test::db_query(dest,
                       "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL AND id NOT IN "
                       "(SELECT inbound_id FROM reports WHERE inbound_id IS NOT NULL)")
            .at(0));
    Incidents other(kMorning);
    auto restored = run_gridbot("restore --config " + other.daemon.config() + " " + dest);
    REQUIRE_MESSAGE(restored.exit_code == 0, restored.out);
    CHECK(printed(restored.out)["previous"] == "");
    REQUIRE(other.restart());
    const std::vector<std::string> expected{std::to_string(copied.size() + pending)};
    CHECK(Incidents::wait_for(
        [&] { return other.query("SELECT COUNT(*) FROM reports") == expected; }));
    CHECK(Incidents::wait_for([&] {
        return other.query("SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") ==
               std::vector<std::string>{"0"};
    }));
    CHECK(other.query("SELECT COUNT(*) FROM reports") == expected);
    CHECK(other.query("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

TEST_CASE(
    "a second daemon on the same database is refused with store.in_use until the first "
    "is gone, even by kill -9" *
    doctest::test_suite("sqlite-only")) {  // PostgreSQL takes several: test_pg_cluster.cpp
    Incidents first(kMorning);
    REQUIRE(first.start(2));
    test::TempDir dir2;
    std::string text = test::read_file(first.daemon.config());
    test::DaemonProcess second(dir2, text);  // the same [store] path
    CHECK(second.start() == 0);
    CHECK(second.log().find("store.in_use") != std::string::npos);
    first.daemon.kill9();
    CHECK(second.start() > 0);
}

TEST_CASE(
    "restore refuses a running daemon, a damaged file and a newer schema, and keeps the "
    "database it replaces" *
    doctest::test_suite("sqlite-only")) {
    Incidents day(kMorning);
    REQUIRE(day.start(3));
    day.say("longtai-g01", "u1", "1-1-101 零报告");
    REQUIRE(Incidents::wait_for(
        [&] { return test::db_query(day.daemon.db(), "SELECT id FROM reports").size() == 1; }));
    const std::string good = day.dir.file("good.backup");
    REQUIRE(run_gridbot("backup --config " + day.daemon.config() + " " + good).exit_code == 0);

    auto again = run_gridbot("backup --config " + day.daemon.config() + " " + good);
    CHECK(again.exit_code == 1);
    CHECK(again.out.find("backup.exists") != std::string::npos);

    auto running = run_gridbot("restore --config " + day.daemon.config() + " " + good);
    CHECK(running.exit_code == 1);
    CHECK(running.out.find("restore.in_use") != std::string::npos);

    const std::string damaged = day.dir.file("damaged.backup");
    std::filesystem::copy_file(good, damaged);
    {
        // Junk over the b-tree page headers of pages 2-6 (4096-byte pages).
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        std::string junk(64, '\x5a');
        for (int page = 1; page < 6; ++page) {
            f.seekp(4096 * page);
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }
    auto bad = run_gridbot("restore --check " + damaged);
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("restore.integrity") != std::string::npos);

    const std::string future = day.dir.file("future.backup");
    std::filesystem::copy_file(good, future);
    REQUIRE(test::db_exec(future,
                          "INSERT INTO schema_migrations(version, name, applied_at) "
                          "VALUES (9999, 'from a newer gridbot', 0)") == "");
    auto newer = run_gridbot("restore --check " + future);
    CHECK(newer.exit_code == 1);
    CHECK(newer.out.find("restore.schema") != std::string::npos);

    // A report after the backup: the restore goes back before it, and the
    // replaced database (with it) is kept aside.
    day.say("longtai-g01", "u2", "1-1-102 零报告");
    REQUIRE(Incidents::wait_for(
        [&] { return test::db_query(day.daemon.db(), "SELECT id FROM reports").size() == 2; }));
    REQUIRE(day.daemon.stop() == 0);
    auto done = run_gridbot("restore --config " + day.daemon.config() + " " + good);
    REQUIRE_MESSAGE(done.exit_code == 0, done.out);
    // The replaced database's -wal moved aside with it: none is left to be
    // replayed into the restored file.
    CHECK(!std::filesystem::exists(day.daemon.db() + "-wal"));
    std::string previous = printed(done.out)["previous"];
    CHECK(test::db_query(previous, "SELECT COUNT(*) FROM reports") ==
          std::vector<std::string>{"2"});
    CHECK(test::db_query(day.daemon.db(), "SELECT COUNT(*) FROM reports") ==
          std::vector<std::string>{"1"});
    REQUIRE(day.restart());
    CHECK(day.query("SELECT COUNT(*) FROM reports") == std::vector<std::string>{"1"});
}

TEST_CASE("backup and restore name what is wrong in their usage") {
    CHECK(run_gridbot("backup").exit_code == 2);
    CHECK(run_gridbot("restore").exit_code == 2);
    CHECK(run_gridbot("restore some.backup").exit_code == 2);  // --config or --check
    auto missing = run_gridbot("restore --check /nonexistent/x.backup");
    CHECK(missing.exit_code == 1);
    CHECK(missing.out.find("restore.open") != std::string::npos);
}
