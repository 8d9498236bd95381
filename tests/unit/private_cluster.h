#pragma once
// A PostgreSQL server of a test's own (tests/pg/cluster.sh), for tests that
// stop it or run several daemons on it, so no other test is disturbed; and a
// configuration head whose store is that server.
#include <doctest/doctest.h>

#include <string>

#include "support.h"
#include "test_config.h"

namespace gridbot::test {

struct PrivateCluster {
    TempDir dir;
    // `cmd`: start, stop, down (a database outage) or up.
    std::string run(const std::string& cmd) {
        auto r = run_command("tests/pg/cluster.sh " + cmd + " " + dir.path().string() + " 2>&1");
        REQUIRE_MESSAGE(r.exit_code == 0, r.out);
        return r.out;
    }
    PrivateCluster() { run("start"); }
    ~PrivateCluster() { run_command("tests/pg/cluster.sh stop " + dir.path().string()); }
    // The libpq conninfo of its database.
    std::string url() {
        std::string u = read_file(dir.file("url"));
        while (!u.empty() && u.back() == '\n') u.pop_back();
        return u;
    }
};

// config_head() with [store] on PostgreSQL at `conninfo`.
inline std::string config_head_on(const std::string& conninfo) {
    std::string head = config_head();
    const std::string sqlite_store = "path = \"{DB}\"";
    head.replace(head.find(sqlite_store), sqlite_store.size(),
                 "engine = \"postgresql\"\nurl = \"" + conninfo + "\"");
    return head;
}

}  // namespace gridbot::test
