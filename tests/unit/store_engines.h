#pragma once
// The store's tests run on both engines from one suite: a test case calls
// engine_location() and doctest runs it once per subcase, on SQLite in the
// test's folder and on a fresh database of the test cluster (tests/pg/cluster.sh,
// started by ctest's "postgresql" fixture, which sets GRIDBOT_TEST_PG_DIR, the
// cluster's folder whose file `url` holds the conninfo; GRIDBOT_TEST_PG_URL
// names another server).
// Without the cluster the PostgreSQL subcase fails and says why.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "bot/store/location.h"
#include "bot/store/store.h"
#include "support.h"

namespace gridbot::test {

inline std::string test_cluster_url() {
    if (const char* url = std::getenv("GRIDBOT_TEST_PG_URL"); url && *url) return url;
    std::string url;
    if (const char* dir = std::getenv("GRIDBOT_TEST_PG_DIR"); dir && *dir) {
        std::ifstream in(std::string(dir) + "/url");
        std::getline(in, url);
    }
    return url;
}

// A new, empty database on the test cluster; fails the test when there is none.
inline store::Location fresh_pg_database() {
    std::string url = test_cluster_url();
    if (url.empty()) {
        FAIL(
            "no PostgreSQL test cluster: GRIDBOT_TEST_PG_DIR names no started cluster (run "
            "through ctest, whose fixture runs tests/pg/cluster.sh, or run `tests/pg/cluster.sh "
            "start DIR` and export GRIDBOT_TEST_PG_DIR=DIR)");
    }
    std::random_device rd;
    std::string name = "gridbot_test_" + std::to_string(rd()) + std::to_string(rd());
    std::string cmd = "psql '" + url + "' -qXc 'CREATE DATABASE " + name + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0)
        FAIL("cannot create a database on the test cluster: " << url);
    return {store::Engine::postgresql, url + " dbname=" + name};
}

// Where the enclosing test case's store lives: one subcase per engine.
inline store::Location engine_location(const TempDir& dir) {
    store::Location where{store::Engine::sqlite, dir.file("g.db")};
    SUBCASE("sqlite") {}
    SUBCASE("postgresql") { where = fresh_pg_database(); }
    return where;
}

// The engine the whole suite runs on: GRIDBOT_TEST_ENGINE=postgresql (ctest's
// "whole suite on postgresql") puts every black-box test's daemon on a fresh
// database of the test cluster instead of its SQLite file.
inline bool suite_on_postgresql() {
    const char* e = std::getenv("GRIDBOT_TEST_ENGINE");
    return e && std::string(e) == "postgresql";
}

// The PostgreSQL database of a test's folder on that engine: created on first
// use and remembered in the folder, so two daemons of one test share it as
// they would share the folder's SQLite file.
inline std::string pg_database_of(const TempDir& dir) {
    std::string remembered = dir.file("pg-conninfo");
    std::string conninfo = read_file(remembered);
    if (conninfo.empty()) {
        conninfo = fresh_pg_database().target;
        write_file(remembered, conninfo);
    }
    return conninfo;
}

// Opens a test's store by its written location ("postgresql:CONNINFO" or a
// SQLite path, as DaemonProcess::db() gives it).
inline Result<std::unique_ptr<store::Store>> open_store(const std::string& where, int64_t now = 0) {
    auto location = store::parse_location(where);
    if (!location.ok()) return location.error();
    return store::Store::open(location.value(), now);
}

}  // namespace gridbot::test
