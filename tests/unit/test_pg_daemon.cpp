// The daemon on PostgreSQL (issue 18), black-box: the real `gridbot serve` on
// a fresh database of the test cluster (tests/pg/cluster.sh via ctest's
// fixture), reports through the sandbox, the summary read back over the API.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bot/store/store.h"
#include "daemon_process.h"
#include "one_grid_district.h"
#include "sandbox_client.h"
#include "store_engines.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

using test::one_grid::kLedger;
using test::one_grid::summary;

std::string pg_config(const std::string& url) {
    setenv("GRIDBOT_TEST_DAEMON_PG", url.c_str(), 1);  // the child inherits it
    return test::one_grid::config("engine = \"postgresql\"\nurl = \"env:GRIDBOT_TEST_DAEMON_PG\"");
}

}  // namespace

TEST_CASE(
    "postgresql daemon: refuses an unmigrated database, then stores reports that survive a "
    "restart") {
    // Proves serve on PostgreSQL needs `gridbot migrate`, and that reports go to and come back
    // from PostgreSQL across a restart.
    test::TempDir dir;
    store::Location where = test::fresh_pg_database();
    test::DaemonProcess daemon(dir, pg_config(where.target));
    REQUIRE(daemon.start() == 0);
    CHECK(daemon.log().find("store.schema_outdated") != std::string::npos);
    CHECK(daemon.log().find("gridbot migrate") != std::string::npos);

    auto migrated =
        test::run_command(test::gridbot_binary() + " migrate --config " + daemon.config());
    REQUIRE_MESSAGE(migrated.exit_code == 0, migrated.out);
    CHECK(migrated.out.find("\"engine\": \"postgresql\"") != std::string::npos);
    test::write_file(dir.file("ledger.csv"), kLedger);
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + daemon.config() +
                                 " " + dir.file("ledger.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);

    REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
    httplib::Client http("127.0.0.1", daemon.port());
    for (const char* room : {"1-1-101", "1-1-102"}) {
        std::string who = std::string("u-") + room;
        test::sandbox_say(http, "g01", who, std::string("登记 ") + room);
        REQUIRE(test::wait_for([&] {
            return test::sandbox_lines_with(http, "g01", std::string("已登记：") + room).size() ==
                   1;
        }));
        test::sandbox_say(http, "g01", who, "零报告");
    }
    REQUIRE(test::wait_for([&] { return summary(http)["reported"] == 2; }));
    CHECK(summary(http)["households"] == 3);
    CHECK(summary(http)["missing"] == 1);
    CHECK(daemon.stop() == 0);

    REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
    httplib::Client again("127.0.0.1", daemon.port());
    json after = summary(again);
    CHECK(after["reported"] == 2);
    CHECK(after["zero"] == 2);
    CHECK(daemon.stop() == 0);
    auto s = store::Store::open(where, 0);
    REQUIRE(s.ok());
    CHECK(s.value()->counts().households == 3);
}
