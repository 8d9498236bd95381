#pragma once
// A whole day of the daily cycle on the sandbox, driven by the manual clock:
// three grids of one community, residents registering and replying, a 代报,
// and every scheduled message (open, digest, rollups, reminder, cutoff).
// test_daily.cpp checks the numbers; test_daily_privacy.cpp scans what the
// resident groups received.
#include <doctest/doctest.h>
#include <httplib.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/http/auth.h"
#include "daemon_process.h"
#include "db_query.h"
#include "sandbox_client.h"
#include "test_config.h"

namespace gridbot::test::daily {

using nlohmann::json;

inline const std::string kAdminToken = "gb_test-admin-token-daily";
inline const std::string kDay = "2026-11-22";

inline std::string day_config() {
    std::string c = test::config_head() + R"(
[schedule]
open = "08:00"
digests = ["09:00"]
remind = ["10:00"]
cutoff = "12:00"
rollups = ["09:30", "12:30", "18:00"]

[[tokens]]
name = "ops"
sha256 = ")" + http::token_hash(kAdminToken) +
                    R"("
role = "admin"
node = "nangang"
)" + test::longtai_three_grids();
    for (const char* g : {"g01", "g02", "g03"}) {
        c += std::string("[[groups]]\nnode = \"nangang/xianfeng/longtai/") + g +
             "\"\nchannel = \"sandbox\"\nid = \"longtai-" + g + "\"\naudience = \"residents\"\n";
        c += std::string("[[leaders]]\nnode = \"nangang/xianfeng/longtai/") + g +
             "\"\nname = \"网格长" + g +
             "\"\nphone = \"13904511003\"\nids = { sandbox = \"leader-" + g + "\" }\n";
    }
    c += "\n[debug]\nmanual_clock = true\nstart_time = \"2026-11-22T07:00:00+08:00\"\n";
    return c;
}

// Contact names and phones are what must never reach a resident group.
inline const char* kLedger =
    "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-101,3,卢洋,13975722846,\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-102,2,何刚,15079955606,\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-201,1,江娟,13516274373,无微信\n"
    "南岗区,先锋街道,龙台社区,第二网格,2-1-101,2,林艳,13612345678,\n"
    "南岗区,先锋街道,龙台社区,第二网格,2-1-102,4,赵强,13787654321,独居老人\n"
    "南岗区,先锋街道,龙台社区,第三网格,3-1-101,2,孙丽,13811112222,\n"
    "南岗区,先锋街道,龙台社区,第三网格,3-1-102,3,周伟,13933334444,\n";

inline const std::vector<std::string> kContacts = {"卢洋", "何刚", "江娟", "林艳",
                                                   "赵强", "孙丽", "周伟"};

struct Day {
    TempDir dir;
    DaemonProcess daemon;
    // `extra_config` is appended to day_config() (more tokens, [privacy]).
    explicit Day(const std::string& extra_config = "") : daemon(dir, day_config() + extra_config) {}
    std::unique_ptr<httplib::Client> http;

    bool start() {
        write_file(dir.file("ledger.csv"), kLedger);
        auto imp = run_command(gridbot_binary() + " import --config " + daemon.config() + " " +
                               dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        if (daemon.start() <= 0) return false;
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
        return true;
    }
    httplib::Headers auth() const { return {{"Authorization", "Bearer " + kAdminToken}}; }

    // Waits until the daemon has done all the clock's time calls for.
    void settle() { test::wait_settled(*http, auth()); }
    void set_clock(const std::string& local_hhmm) {
        test::move_clock(*http, auth(), {{"set", kDay + "T" + local_hhmm + ":00+08:00"}});
    }
    void say(const std::string& group, const std::string& sender, const std::string& text) {
        test::sandbox_say(*http, group, sender, text);
    }
    std::vector<json> bot_lines(const std::string& group) {
        return test::sandbox_bot_lines(*http, group);
    }
    // Lines of the bot in `group` containing `marker`.
    std::vector<std::string> lines_with(const std::string& group, const std::string& marker) {
        return test::sandbox_lines_with(*http, group, marker);
    }
    json get(const std::string& path) {
        auto r = http->Get(path, auth());
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return json::parse(r->body);
    }
    // Polls until `ok` holds (30 s).
    static bool wait_for(const std::function<bool()>& ok) {
        for (int i = 0; i < 1500; ++i) {
            if (ok()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return ok();
    }
    // The outbox's mentions of the rows whose key starts with `prefix`, by group.
    std::map<std::string, std::vector<std::string>> mentions(const std::string& prefix) {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& row :
             test::db_query(daemon.db(),
                            "SELECT group_id, mentions FROM outbox WHERE "
                            "substr(idempotency_key, 1, " +
                                std::to_string(prefix.size()) + ") = '" + prefix + "'")) {
            auto bar = row.find('|');
            out[row.substr(0, bar)] =
                json::parse(row.substr(bar + 1)).get<std::vector<std::string>>();
        }
        return out;
    }

    // The whole day up to 18:00; REQUIREs each step's messages to arrive.
    void run() {
        REQUIRE_MESSAGE(start(), daemon.log());
        set_clock("08:00");
        for (const char* g : {"longtai-g01", "longtai-g02", "longtai-g03"}) {
            REQUIRE_MESSAGE(wait_for([&] { return lines_with(g, "☀️").size() == 1; }), g);
        }
        // Grid 1: a registered zero; an unbound anomaly naming its room (binds,
        // one reply), then a zero from the same member (the anomaly stays);
        // chatter; 1-1-201 (phone only) stays missing.
        say("longtai-g01", "u101", "登记 1-1-101");
        say("longtai-g01", "u101", "零报告");
        say("longtai-g01", "u102", "1-1-102 发烧38.5 咳嗽");
        say("longtai-g01", "u102", "零报告");
        say("longtai-g01", "u999", "今天天气不错");
        // Grid 2: one member registers but never reports; an unbound sender
        // without a room gets the how-to-register hint once.
        say("longtai-g02", "u201", "登记 2-1-101");
        say("longtai-g02", "u777", "零报告");
        say("longtai-g02", "u777", "没事");
        // Grid 3: the grid leader reports for 3-1-101; a resident reports diarrhoea.
        say("longtai-g03", "leader-g03", "代报 3-1-101 零报告");
        say("longtai-g03", "u302", "登记 3-1-102");
        say("longtai-g03", "u302", "3-1-102 腹泻");
        REQUIRE(wait_for([&] {
            json s = get("/api/v1/nodes/nangang/xianfeng/longtai/summary");
            return s["reported"] == 4 && s["anomalies"] == 2;
        }));
        // Replies have arrived before the clock moves on.
        REQUIRE(wait_for([&] { return lines_with("longtai-g03", "3-1-102").size() >= 1; }));
        set_clock("09:00");
        REQUIRE(wait_for([&] { return lines_with("longtai-g03", "📋").size() == 1; }));
        set_clock("09:30");
        REQUIRE(wait_for([&] { return lines_with("district-staff", "📈").size() == 1; }));
        set_clock("10:00");
        REQUIRE(wait_for([&] { return lines_with("longtai-g02", "⏰").size() == 1; }));
        set_clock("12:00");
        REQUIRE(wait_for([&] { return lines_with("longtai-staff", "📊").size() == 3; }));
        set_clock("12:30");
        REQUIRE(wait_for([&] { return lines_with("longtai-staff", "📈").size() == 2; }));
        // The clock jumps over 18:00: the last rollup fires once.
        set_clock("19:45");
        REQUIRE(wait_for([&] { return lines_with("xianfeng-staff", "📈").size() == 3; }));
    }
};

}  // namespace gridbot::test::daily
