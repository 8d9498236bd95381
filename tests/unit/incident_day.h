#pragma once
// Incidents on the sandbox, driven by the manual clock: one community with
// three grids, staff groups at community, street and district, a leader per
// node, and an escalation policy with working-time (normal) and wall-time
// (urgent) chains. The test_incidents_*.cpp files use it.
#include <doctest/doctest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/auth.h"
#include "daemon_process.h"
#include "db_query.h"
#include "sandbox_client.h"
#include "test_config.h"

namespace gridbot::test::incidents {

using nlohmann::json;

inline const std::string kToken = "gb_test-admin-token-incidents";
inline const std::string kGridToken = "gb_test-grid-token-incidents";

// normal: grid at once, community after 2h, street after 4h, district after 8h of working time;
// urgent: grid and community at once, street after 15m, district after 45m of wall time.
// `extra` is appended (more groups or leaders for one test).
inline std::string incident_config(const std::string& start_time, int cluster_grid,
                                   const std::string& extra = "") {
    std::string c = test::config_head() + R"(
[incidents]
resolve_within = { normal = "3h", urgent = "1h" }
cluster_grid = )" + std::to_string(cluster_grid) +
                    R"(
cluster_community = 0
cluster_window = "1d"

[[escalation]]
severity = "normal"
level = "grid"
after = "0s"
working_time = true
[[escalation]]
severity = "normal"
level = "community"
after = "2h"
working_time = true
[[escalation]]
severity = "normal"
level = "street"
after = "4h"
working_time = true
[[escalation]]
severity = "normal"
level = "district"
after = "8h"
working_time = true
[[escalation]]
severity = "urgent"
level = "grid"
after = "0s"
[[escalation]]
severity = "urgent"
level = "community"
after = "0s"
[[escalation]]
severity = "urgent"
level = "street"
after = "15m"
[[escalation]]
severity = "urgent"
level = "district"
after = "45m"

[[tokens]]
name = "ops"
sha256 = ")" + http::token_hash(kToken) +
                    R"("
role = "admin"
node = "nangang"
[[tokens]]
name = "grid-two"
sha256 = ")" + http::token_hash(kGridToken) +
                    R"("
role = "grid"
node = "nangang/xianfeng/longtai/g02"
)" + test::longtai_three_grids() +
                    R"(
[[leaders]]
node = "nangang/xianfeng/longtai"
name = "社区书记张"
ids = { sandbox = "leader-longtai" }
[[leaders]]
node = "nangang/xianfeng"
name = "街道主任李"
ids = { sandbox = "leader-xianfeng" }
)";
    for (const char* g : {"g01", "g02", "g03"}) {
        c += std::string("[[groups]]\nnode = \"nangang/xianfeng/longtai/") + g +
             "\"\nchannel = \"sandbox\"\nid = \"longtai-" + g + "\"\naudience = \"residents\"\n";
        c += std::string("[[leaders]]\nnode = \"nangang/xianfeng/longtai/") + g +
             "\"\nname = \"网格长" + g + "\"\nids = { sandbox = \"leader-" + g + "\" }\n";
    }
    c += extra;
    c += "\n[debug]\nmanual_clock = true\nstart_time = \"" + start_time + "\"\n";
    return c;
}

// `per_grid` households in each of the three grids: rooms 1-1-101, 1-1-102, ...
// The first household of grid 3 is pregnant (the green channel).
inline std::string ledger(int per_grid, bool pregnant = true) {
    std::string s = "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n";
    const char* grids[] = {"第一网格", "第二网格", "第三网格"};
    for (int g = 0; g < 3; ++g) {
        for (int i = 0; i < per_grid; ++i) {
            s += std::string("南岗区,先锋街道,龙台社区,") + grids[g] + "," + std::to_string(g + 1) +
                 "-1-" + std::to_string(101 + i) + ",2,王芳" + std::to_string(i) + ",1381234" +
                 std::to_string(5000 + g * 1000 + i) + "," +
                 (pregnant && g == 2 && i == 0 ? "孕妇" : "") + "\n";
        }
    }
    return s;
}

struct Incidents {
    TempDir dir;
    DaemonProcess daemon;
    std::unique_ptr<httplib::Client> http;

    explicit Incidents(const std::string& start_time, int cluster_grid = 3,
                       const std::string& extra = "")
        : daemon(dir, incident_config(start_time, cluster_grid, extra)) {}

    bool start(int per_grid = 5, bool pregnant = true) {
        write_file(dir.file("ledger.csv"), ledger(per_grid, pregnant));
        auto imp = run_command(gridbot_binary() + " import --config " + daemon.config() + " " +
                               dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        return restart();
    }
    bool restart() {
        if (daemon.start() <= 0) return false;
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
        return true;
    }
    httplib::Headers auth(const std::string& token = kToken) const {
        return {{"Authorization", "Bearer " + token}};
    }
    // Local time, +08:00: "2026-11-23T11:00".
    void set_clock(const std::string& local) {
        test::move_clock(*http, auth(), {{"set", local + ":00+08:00"}});
    }
    void say(const std::string& group, const std::string& sender, const std::string& text,
             const std::string& name = "") {
        test::sandbox_say(*http, group, sender, text, name);
    }
    // The bot's lines in `group` containing `marker`.
    std::vector<std::string> lines_with(const std::string& group, const std::string& marker) {
        return test::sandbox_lines_with(*http, group, marker);
    }
    json get(const std::string& path, const std::string& token = kToken) {
        auto r = http->Get(path, auth(token));
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return json::parse(r->body);
    }
    json incident(int id) { return get("/api/v1/incidents/" + std::to_string(id)); }
    // Polls until `ok` holds (30 s).
    static bool wait_for(const std::function<bool()>& ok) {
        for (int i = 0; i < 1500; ++i) {
            if (ok()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return ok();
    }
    // Waits until the daemon has done all the clock's time calls for, for
    // checks that nothing (more) arrived.
    void settle() { test::wait_settled(*http, auth()); }
    // The rows of a read-only query on the database, each row's columns joined by '|'.
    std::vector<std::string> query(const std::string& sql) {
        return test::db_query(daemon.db(), sql);
    }
};

}  // namespace gridbot::test::incidents
