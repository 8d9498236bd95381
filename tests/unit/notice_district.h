#pragma once
// A small district on the sandbox for the notices tests: street xianfeng with
// two communities (longtai: 3 grids, huayuan: 2 grids), and street other with
// one grid that a notice to xianfeng must never reach. Each grid has a leader;
// three households are no_chat (phone only). Driven by the manual clock.
#include <doctest/doctest.h>
#include <httplib.h>

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

namespace gridbot::test::notices {

using nlohmann::json;

inline const std::string kAdmin = "gb_test-admin-notices";
inline const std::string kStreet = "gb_test-street-xianfeng";
inline const std::string kCommunity = "gb_test-community-longtai";
inline const std::string kGrid = "gb_test-grid-g01";

// A street notice that asks for acknowledgements.
inline json street_alert() {
    return {{"node", "nangang/xianfeng"},
            {"title", "关于做好居家防护的通知"},
            {"body", "今日12点前完成零报告。"},
            {"ack", true}};
}

inline const std::vector<std::string> kStreetGrids = {"longtai-g01", "longtai-g02", "longtai-g03",
                                                      "huayuan-g01", "huayuan-g02"};

inline std::string district_config(const std::string& extra = "") {
    std::string c = test::config_head() + R"(
[notices]
remind_after = "30m"
)" + extra + R"(

[[channels]]
name = "sandbox"
platform = "sandbox"
)";
    auto token = [&](const char* name, const std::string& t, const char* role, const char* node) {
        c += std::string("[[tokens]]\nname = \"") + name + "\"\nsha256 = \"" + http::token_hash(t) +
             "\"\nrole = \"" + role + "\"\nnode = \"" + node + "\"\n";
    };
    token("ops", kAdmin, "admin", "nangang");
    token("xianfeng-office", kStreet, "street", "nangang/xianfeng");
    token("longtai-office", kCommunity, "community", "nangang/xianfeng/longtai");
    token("g01-leader", kGrid, "grid", "nangang/xianfeng/longtai/g01");
    auto node = [&](const std::string& code, const std::string& name) {
        c += "[[nodes]]\ncode = \"" + code + "\"\nname = \"" + name + "\"\n";
    };
    auto group = [&](const std::string& node_code, const std::string& id, const char* audience) {
        c += "[[groups]]\nnode = \"" + node_code + "\"\nchannel = \"sandbox\"\nid = \"" + id +
             "\"\naudience = \"" + audience + "\"\n";
    };
    node("nangang/xianfeng", "先锋街道");
    node("nangang/xianfeng/longtai", "龙台社区");
    node("nangang/xianfeng/huayuan", "花园社区");
    node("nangang/other", "其他街道");
    node("nangang/other/c1", "其他社区");
    group("nangang", "district-staff", "staff");
    group("nangang/xianfeng", "xianfeng-staff", "staff");
    group("nangang/xianfeng/longtai", "longtai-staff", "staff");
    group("nangang/xianfeng/huayuan", "huayuan-staff", "staff");
    for (const auto& g : kStreetGrids) {
        std::string community = g.substr(0, g.find('-'));
        std::string grid = g.substr(g.find('-') + 1);
        std::string code = "nangang/xianfeng/" + community + "/" + grid;
        node(code, "网格" + g);
        group(code, g, "residents");
        c += "[[leaders]]\nnode = \"" + code + "\"\nname = \"网格长" + g +
             "\"\nphone = \"13904511003\"\nids = { sandbox = \"leader-" + g + "\" }\n";
    }
    node("nangang/other/c1/g01", "其他网格");
    group("nangang/other/c1/g01", "other-g01", "residents");
    c += "\n[debug]\nmanual_clock = true\nstart_time = \"2026-11-22T09:00:00+08:00\"\n";
    return c;
}

inline const char* kLedger =
    "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n"
    "南岗区,先锋街道,龙台社区,网格longtai-g01,1-1-101,3,卢洋,13975722846,\n"
    "南岗区,先锋街道,龙台社区,网格longtai-g01,1-1-201,1,江娟,13516274373,无微信\n"
    "南岗区,先锋街道,龙台社区,网格longtai-g02,2-1-102,4,赵强,13787654321,无微信\n"
    "南岗区,先锋街道,花园社区,网格huayuan-g01,5-1-101,2,孙丽,13811112222,无微信\n"
    "南岗区,先锋街道,花园社区,网格huayuan-g02,6-1-101,2,周伟,13933334444,\n"
    "南岗区,其他街道,其他社区,其他网格,9-1-101,2,钱多,13600001111,无微信\n";

// kLedger with two more households in grid longtai-g01 (1-1-102, 1-1-103).
inline const std::string kLedgerMore =
    std::string(kLedger) +
    "南岗区,先锋街道,龙台社区,网格longtai-g01,1-1-102,2,钱芳,13900000102,\n"
    "南岗区,先锋街道,龙台社区,网格longtai-g01,1-1-103,2,孙强,13900000103,\n";

struct District {
    TempDir dir;
    DaemonProcess daemon;
    std::unique_ptr<httplib::Client> http;

    explicit District(const std::string& extra = "") : daemon(dir, district_config(extra)) {}

    // `ledger`: the district's households (kLedger unless a test needs more).
    void start(const std::string& ledger = kLedger) {
        write_file(dir.file("ledger.csv"), ledger);
        auto imp = run_command(gridbot_binary() + " import --config " + daemon.config() + " " +
                               dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
    }
    // Stops the daemon, appends `toml` to its configuration and starts it again.
    void restart_with(const std::string& extra_extra, const std::string& toml) {
        REQUIRE(daemon.stop() == 0);
        daemon.write_config(district_config(extra_extra) + toml);
        REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
    }
    static httplib::Headers auth(const std::string& token) {
        return {{"Authorization", "Bearer " + token}};
    }

    // POST /api/v1/notices; returns (status, body).
    std::pair<int, json> issue(const json& body, const std::string& token = kStreet) {
        auto r = http->Post("/api/v1/notices", auth(token), body.dump(), "application/json");
        REQUIRE(r);
        return {r->status, json::parse(r->body, nullptr, false)};
    }
    json progress(int64_t id, const std::string& token = kStreet) {
        auto r = http->Get("/api/v1/notices/" + std::to_string(id), auth(token));
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return json::parse(r->body);
    }
    // Waits until the daemon has done all the clock's time calls for.
    void settle() { test::wait_settled(*http, auth(kAdmin)); }
    void advance(int64_t seconds) {
        test::move_clock(*http, auth(kAdmin), {{"advance_seconds", seconds}});
    }
    // The household's row in its grid's list (status, categories …); {} when none.
    json household(const std::string& grid, const std::string& room) {
        auto r = http->Get("/api/v1/nodes/nangang/xianfeng/" + grid + "/households", auth(kAdmin));
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        const json list = json::parse(r->body);
        for (const auto& h : list["households"]) {
            if (h.value("room", "") == room) return h;
        }
        return json::object();
    }
    // Waits until the conversation has handled every stored message.
    void drained() {
        REQUIRE(test::wait_for(
            [&] {
                return test::db_query(daemon.db(),
                                      "SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") ==
                       std::vector<std::string>{"0"};
            },
            std::chrono::seconds(30)));
    }
    void say(const std::string& group, const std::string& sender, const std::string& text) {
        test::sandbox_say(*http, group, sender, text);
    }
    std::vector<std::string> bot_lines(const std::string& group) {
        std::vector<std::string> out;
        for (const auto& l : test::sandbox_bot_lines(*http, group))
            out.push_back(l.value("text", ""));
        return out;
    }
    size_t count_with(const std::string& group, const std::string& marker) {
        size_t n = 0;
        for (const auto& t : bot_lines(group)) n += t.find(marker) != std::string::npos;
        return n;
    }
    static std::vector<std::string> all_groups() {
        std::vector<std::string> g = kStreetGrids;
        for (const char* s :
             {"other-g01", "district-staff", "xianfeng-staff", "longtai-staff", "huayuan-staff"}) {
            g.push_back(s);
        }
        return g;
    }
};

}  // namespace gridbot::test::notices
