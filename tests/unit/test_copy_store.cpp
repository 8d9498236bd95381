// `gridbot copy-store` (issue 18), black-box: a district's SQLite store, written
// by the real daemon, copied into a fresh database of the PostgreSQL test
// cluster (ctest's fixture) while the daemon runs, then again once it is
// stopped; a daemon on the copy serves what the SQLite one served.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bot/store/store.h"
#include "daemon_process.h"
#include "notice_district.h"
#include "one_grid_district.h"
#include "sandbox_client.h"
#include "store_engines.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

using test::one_grid::get;
using test::one_grid::kLedger;
using test::one_grid::summary;

// Imports the ledger into the test's SQLite store.
void import_ledger(const test::TempDir& dir, test::DaemonProcess& daemon) {
    test::write_file(dir.file("ledger.csv"), kLedger);
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + daemon.config() +
                                 " " + dir.file("ledger.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
}

void report(httplib::Client& http, const std::string& room, const std::string& text) {
    std::string who = "u-" + room;
    test::sandbox_say(http, "g01", who, "登记 " + room);
    REQUIRE(test::wait_for(
        [&] { return test::sandbox_lines_with(http, "g01", "已登记：" + room).size() == 1; }));
    test::sandbox_say(http, "g01", who, text);
}

test::CommandResult copy_store(const std::string& db, const std::string& extra = "") {
    return test::run_command(test::gridbot_binary() + " copy-store --from sqlite:" + db +
                             " --to postgresql:env:GRIDBOT_TEST_COPY_PG" + extra);
}

// One value from the target database.
std::string psql(const std::string& conninfo, const std::string& sql) {
    auto r = test::run_command("psql '" + conninfo + "' -qXAtc \"" + sql + "\"");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
}

}  // namespace

TEST_SUITE("sqlite-only") {
    TEST_CASE("copy-store: a running district moves to PostgreSQL and serves the same summary") {
        // Proves the copy taken beside a running daemon, completed by a second run after it stops,
        // holds every row (a third run adds none) and that a daemon on it answers as the SQLite
        // one.
        test::TempDir dir;
        test::DaemonProcess lite(dir, test::one_grid::config(""));
        import_ledger(dir, lite);
        REQUIRE_MESSAGE(lite.start() > 0, lite.log());
        httplib::Client http("127.0.0.1", lite.port());
        report(http, "1-1-101", "零报告");
        REQUIRE(test::wait_for([&] { return summary(http)["reported"] == 1; }));

        std::string pg = test::fresh_pg_database().target;
        setenv("GRIDBOT_TEST_COPY_PG", pg.c_str(), 1);
        auto first = copy_store(dir.file("g.db"));
        REQUIRE_MESSAGE(first.exit_code == 0, first.out);
        CHECK(first.out.find("verified") != std::string::npos);
        std::string reports_after_first = psql(pg, "SELECT COUNT(*) FROM reports");
        CHECK(reports_after_first == "1");

        report(http, "1-1-102", "发烧 38.5");
        REQUIRE(test::wait_for([&] { return summary(http)["reported"] == 2; }));
        json before = summary(http);
        json incidents = get(http, "/api/v1/incidents?node=nangang");
        CHECK(lite.stop() == 0);

        auto second = copy_store(dir.file("g.db"));
        REQUIRE_MESSAGE(second.exit_code == 0, second.out);
        CHECK(second.out.find("(0 new") == std::string::npos);
        CHECK(psql(pg, "SELECT COUNT(*) FROM reports") == "2");
        auto third = copy_store(dir.file("g.db"));
        REQUIRE_MESSAGE(third.exit_code == 0, third.out);
        CHECK(third.out.find("(0 new, 0 updated)") != std::string::npos);

        // A new row must not take a copied id: the identity moved past them.
        CHECK(psql(pg, "SELECT nextval(pg_get_serial_sequence('reports', 'id'))") == "3");

        test::TempDir pg_dir;
        test::DaemonProcess on_pg(
            pg_dir,
            test::one_grid::config("engine = \"postgresql\"\nurl = \"env:GRIDBOT_TEST_COPY_PG\""));
        REQUIRE_MESSAGE(on_pg.start() > 0, on_pg.log());
        httplib::Client http_pg("127.0.0.1", on_pg.port());
        CHECK(summary(http_pg) == before);
        CHECK(get(http_pg, "/api/v1/incidents?node=nangang") == incidents);
        CHECK(on_pg.stop() == 0);
    }

    TEST_CASE("copy-store: a target holding rows the source lacks is refused and nothing written") {
        // Proves the verification rolls the whole copy back (exit 1, the table named), and that bad
        // flags are usage errors naming the flag.
        test::TempDir dir;
        test::DaemonProcess lite(dir, test::one_grid::config(""));
        import_ledger(dir, lite);
        std::string pg = test::fresh_pg_database().target;
        setenv("GRIDBOT_TEST_COPY_PG", pg.c_str(), 1);
        REQUIRE(copy_store(dir.file("g.db")).exit_code == 0);
        psql(pg, "DELETE FROM households WHERE address = '1-1-201'");
        psql(pg,
             "INSERT INTO import_runs(id, file, encoding, at, added, updated, unchanged, absent, "
             "pruned) VALUES (999, 'x', 'utf-8', 0, 0, 0, 0, 0, 0)");

        auto refused = copy_store(dir.file("g.db"));
        CHECK(refused.exit_code == 1);
        CHECK(refused.out.find("[copy.verify] table import_runs") != std::string::npos);
        CHECK(psql(pg, "SELECT COUNT(*) FROM households") == "2");  // not restored: rolled back

        auto bad_to = copy_store(dir.file("g.db"), " --to sqlite:/tmp/x.db");
        CHECK(bad_to.exit_code == 2);
        CHECK(bad_to.out.find("--to") != std::string::npos);
        unsetenv("GRIDBOT_TEST_COPY_PG");
        auto unset = copy_store(dir.file("g.db"));
        CHECK(unset.exit_code == 2);
        CHECK(unset.out.find("GRIDBOT_TEST_COPY_PG is not set") != std::string::npos);
        auto missing = test::run_command(test::gridbot_binary() + " copy-store --from sqlite:" +
                                         dir.file("none.db") + " --to 'postgresql:" + pg + "'");
        CHECK(missing.exit_code == 1);
        CHECK(missing.out.find("[copy.source]") != std::string::npos);

        auto old = store::Store::open(dir.file("old.db"), 0, 5);  // migrated to version 5 only
        REQUIRE(old.ok());
        old.value()->close();
        auto older = test::run_command(test::gridbot_binary() + " copy-store --from sqlite:" +
                                       dir.file("old.db") + " --to 'postgresql:" + pg + "'");
        CHECK(older.exit_code == 1);
        CHECK(older.out.find("[copy.schema] source schema version 5, this gridbot's " +
                             std::to_string(store::Store::latest_version())) != std::string::npos);
    }

    TEST_CASE("copy-store: a cancelled notice keeps its forward reference to the cancel") {
        // Proves a table's references to later rows of itself (notices.cancelled_by) survive the
        // copy, with the notices' deliveries and call lists, and that a second run changes nothing.
        test::notices::District d;
        d.start();
        auto [status, made] = d.issue(test::notices::street_alert());
        REQUIRE_MESSAGE(status == 201, made.dump());
        int64_t id = made["id"];
        auto [cs, cancel] = d.issue(
            {{"kind", "cancel"}, {"reference", id}, {"title", "撤销"}, {"body", "情况已解除。"}});
        REQUIRE_MESSAGE(cs == 201, cancel.dump());
        int64_t cancel_id = cancel["id"];
        REQUIRE(test::wait_for(
            [&] { return d.progress(cancel_id)["totals"]["delivered"] == cancel["groups"]; }));
        REQUIRE(d.daemon.stop() == 0);

        std::string pg = test::fresh_pg_database().target;
        setenv("GRIDBOT_TEST_COPY_PG", pg.c_str(), 1);
        // One row per INSERT: notice 1 goes in before the notice that cancels it exists.
        auto first = copy_store(d.dir.file("g.db"), " --batch 1");
        REQUIRE_MESSAGE(first.exit_code == 0, first.out);
        CHECK(psql(pg, "SELECT cancelled_by FROM notices WHERE id = " + std::to_string(id)) ==
              std::to_string(cancel_id));
        CHECK(psql(pg, "SELECT COUNT(*) FROM notice_deliveries") == "10");
        CHECK(psql(pg, "SELECT COUNT(*) FROM notice_calls") == "6");
        auto again = copy_store(d.dir.file("g.db"));
        REQUIRE_MESSAGE(again.exit_code == 0, again.out);
        CHECK(again.out.find("(0 new, 0 updated)") != std::string::npos);
    }
}
