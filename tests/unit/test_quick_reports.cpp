// The hook route's quick path (issue 6): a resident's zero report in a quiet
// grid group is understood on the HTTP thread and stored with its message in
// one writer job; everything else still goes through the conversation. The
// real daemon, a webhook channel, a real SQLite file.
#include <doctest/doctest.h>
#include <httplib.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "../fakes/webhook_receiver.h"
#include "adapters/webhook/adapter.h"
#include "bot/daily/day_book.h"
#include "bot/http/auth.h"
#include "bot/store/reports.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"
#include "daemon_process.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;
using nlohmann::json;

namespace {

const std::string kSecret = "quick-path-secret";
const std::string kToken = "gb_test-quick-path-admin";

// g01 is quiet (the default); g02 answers each report, so its reports need the conversation.
std::string quick_config(const test::WebhookReceiver& rx) {
    return test::config_head() + R"(
[[tokens]]
name = "ops"
sha256 = ")" +
           http::token_hash(kToken) + R"("
role = "admin"
node = "nangang"

[[schedule.overrides]]
node = "nangang/xianfeng/longtai/g02"
reply_each_report = true

[[channels]]
name = "bridge"
platform = "webhook"
settings = { secret = ")" +
           kSecret + R"(", url = ")" + rx.url_template() + R"(" }

[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "bridge"
id = "g01"
[[groups]]
node = "nangang/xianfeng/longtai/g02"
channel = "bridge"
id = "g02"
[[leaders]]
node = "nangang/xianfeng/longtai/g01"
name = "网格长"
phone = "13904511003"
ids = { bridge = "leader-g01" }
)" + test::longtai_three_grids();
}

const char* kLedger =
    "区,街道,社区,网格,门牌,人数,联系人,电话\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-101,3,卢洋,13975722846\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-102,2,何刚,15079955606\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-201,1,江娟,13516274373\n"
    "南岗区,先锋街道,龙台社区,第二网格,2-1-101,2,林艳,13612345678\n";

struct QuickDay {
    test::WebhookReceiver rx{kSecret};
    test::TempDir dir;
    test::DaemonProcess daemon{dir, quick_config(rx)};
    std::unique_ptr<httplib::Client> http;
    int serial = 0;

    void start() {
        test::write_file(dir.file("ledger.csv"), kLedger);
        auto imp = test::run_command(test::gridbot_binary() + " import --config " +
                                     daemon.config() + " " + dir.file("ledger.csv"));
        REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
        REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
        http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
    }
    // Posts a signed message; returns its message id.
    std::string say(const std::string& group, const std::string& sender, const std::string& text,
                    std::string message_id = "") {
        if (message_id.empty()) message_id = "m-" + std::to_string(++serial);
        std::string ts = std::to_string(std::time(nullptr));
        json body = {{"group", group},
                     {"sender", {{"id", sender}, {"name", sender}}},
                     {"text", text},
                     {"message_id", message_id},
                     {"time", std::time(nullptr)}};
        std::string b = body.dump();
        auto r = http->Post(
            "/hooks/bridge",
            {{"X-Gridbot-Timestamp", ts},
             {"X-Gridbot-Signature", adapters::webhook::WebhookAdapter::sign(kSecret, ts, b)}},
            b, "application/json");
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return message_id;
    }
    // A counter of /metrics (0 when absent).
    int64_t metric(const std::string& series) {
        auto r = http->Get("/metrics");
        REQUIRE(r);
        std::smatch m;
        std::regex line("(^|\n)" + std::regex_replace(series, std::regex(R"([{}"=.])"), R"(\$&)") +
                        " ([0-9]+)");
        return std::regex_search(r->body, m, line) ? std::stoll(m[2]) : 0;
    }
    json summary(const std::string& node) {
        auto r = http->Get("/api/v1/nodes/" + node + "/summary",
                           {{"Authorization", "Bearer " + kToken}});
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return json::parse(r->body);
    }
    // The bot's messages to `group` containing `marker`.
    int bot_said(const std::string& group, const std::string& marker) {
        int n = 0;
        for (const auto& m : rx.log())
            n += m.group == group && m.text.find(marker) != std::string::npos;
        return n;
    }
    // One column of the daemon's store, for rows the test names by SQL.
    std::string row(const std::string& sql) {
        auto s = test::open_store(daemon.db());
        REQUIRE(s.ok());
        return s.value()->readers().with([&](store::detail::Db& db) {
            auto& q = db.prepare(sql.c_str());
            return q.step() ? q.text(0) : std::string("(none)");
        });
    }
};

}  // namespace

TEST_CASE(
    "quick path: a bound resident's zero report is stored with its message, once, and counted") {
    QuickDay d;
    d.start();
    d.say("g01", "u1", "登记 1-1-101");
    REQUIRE(test::wait_for([&] { return d.bot_said("g01", "已登记：1-1-101") == 1; }));

    std::string id = d.say("g01", "u1", "今天全家都好 零报告");
    CHECK(d.metric(R"(gridbot_quick_reports_total)") == 1);
    // Answered after the commit: the report, its day status and the processed message are already
    // there.
    auto g01 = d.summary("nangang/xianfeng/longtai/g01");
    CHECK(g01["reported"] == 1);
    CHECK(g01["zero"] == 1);
    d.say("g01", "u1", "今天全家都好 零报告", id);  // the platform retried
    CHECK(d.metric(R"(gridbot_quick_reports_total)") == 1);
    CHECK(d.metric(R"(gridbot_inbound_total{channel="bridge",verdict="repeat"})") == 1);
    CHECK(d.daemon.stop() == 0);
    CHECK(d.row("SELECT COUNT(*) || ':' || MIN(r.reporter) FROM reports r JOIN inbound i ON i.id = "
                "r.inbound_id "
                "WHERE i.message_id = '" +
                id + "' AND i.processed_at = i.received_at AND r.kind = 1") == "1:bridge:u1");
    CHECK(d.row("SELECT COUNT(*) FROM inbound WHERE processed_at IS NULL") == "0");
    // A quiet group: nothing queued in answer to the report.
    CHECK(d.row("SELECT COUNT(*) FROM outbox WHERE text LIKE '%收到 1-1-101%'") == "0");
}

TEST_CASE(
    "quick path: anomalies, unbound senders, leaders and nodes that answer each report still go "
    "through the conversation") {
    QuickDay d;
    d.start();
    d.say("g01", "u1", "登记 1-1-101");
    d.say("g02", "u4", "登记 2-1-101");
    REQUIRE(test::wait_for(
        [&] { return d.bot_said("g01", "已登记") == 1 && d.bot_said("g02", "已登记") == 1; }));

    // An anomaly first, then a zero report: the anomaly stays for the day.
    d.say("g01", "u1", "孩子发烧38.6度");
    d.say("g01", "u1", "零报告");
    // An unbound resident naming a room: bound, stored, told so (the conversation's one reply).
    d.say("g01", "u2", "1-1-102 零报告");
    // The grid leader's own 零报告 is not a household's report.
    d.say("g01", "leader-g01", "零报告");
    // g02 answers each report: the conversation composes the answer.
    d.say("g02", "u4", "零报告");
    REQUIRE(test::wait_for([&] {
        return d.bot_said("g01", "已为您登记 1-1-102") == 1 &&
               d.bot_said("g02", "收到 2-1-101 的零报告") == 1;
    }));
    REQUIRE(test::wait_for([&] { return d.summary("nangang/xianfeng/longtai")["reported"] == 3; }));

    CHECK(d.metric(R"(gridbot_quick_reports_total)") ==
          1);  // only u1's zero report after the anomaly
    auto g01 = d.summary("nangang/xianfeng/longtai/g01");
    CHECK(g01["reported"] == 2);
    CHECK(g01["anomalies"] == 1);
    CHECK(g01["zero"] == 1);
    auto g02 = d.summary("nangang/xianfeng/longtai/g02");
    CHECK(g02["zero"] == 1);

    // After a restart the day's counters, rebuilt from the store, say the same.
    CHECK(d.daemon.stop() == 0);
    CHECK(d.row("SELECT status FROM day_status s JOIN households h ON h.id = s.household_id "
                "WHERE h.address = '1-1-101'") == "2");
    CHECK(d.row("SELECT COUNT(*) FROM reports") == "4");
    REQUIRE(d.daemon.start() > 0);
    d.http = std::make_unique<httplib::Client>("127.0.0.1", d.daemon.port());
    auto again = d.summary("nangang/xianfeng/longtai");
    CHECK(again["reported"] == 3);
    CHECK(again["anomalies"] == 1);
    CHECK(again["zero"] == 2);
}
