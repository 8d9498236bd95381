// Day status (DESIGN §5) in the store and the in-memory day counters: the last
// report wins, an anomaly is not hidden by a later zero unless a leader made
// it, a message processed twice is stored once, and the counters agree with
// the store's GROUP BY.
#include <doctest/doctest.h>

#include <algorithm>

#include "bot/daily/day_book.h"
#include "bot/store/reports.h"
#include "store_engines.h"
#include "support.h"

using namespace gridbot;
using store::DayStatus;

namespace {

store::HouseholdRecord household(const std::string& address) {
    store::HouseholdRecord h;
    h.grid_code = "nangang/xianfeng/longtai/g01";
    h.address = address;
    h.room = address.substr(address.rfind('-') + 1);
    h.contact = "王秀英";
    h.phone = "13800000001";
    return h;
}

// A store with one grid (g01 of 龙台社区) and its two households 1-1-101 (a) and 1-1-102 (b).
struct OneGrid {
    std::unique_ptr<store::Store> store;
    int64_t a = 0, b = 0;
    explicit OneGrid(test::TempDir& dir)
        : OneGrid(store::Location{store::Engine::sqlite, dir.file("g.db")}) {}
    explicit OneGrid(const store::Location& where) {
        auto s = store::Store::open(where, 1000);
        REQUIRE_MESSAGE(s, (s ? std::string() : s.error().to_string()));
        store = std::move(s.value());
        std::vector<store::NodeRecord> nodes = {{"nangang", "南岗区", 0},
                                                {"nangang/xianfeng", "先锋街道", 1},
                                                {"nangang/xianfeng/longtai", "龙台社区", 2},
                                                {"nangang/xianfeng/longtai/g01", "第一网格", 3}};
        REQUIRE(store->import_ledger(nodes, {household("1-1-101"), household("1-1-102")}, {}));
        a = store->household("nangang/xianfeng/longtai/g01", "1-1-101")->id;
        b = store->household("nangang/xianfeng/longtai/g01", "1-1-102")->id;
    }
};

store::ReportRecord report(int64_t household, DayStatus kind, std::vector<std::string> cats,
                           bool by_leader, int64_t inbound) {
    store::ReportRecord r;
    r.household_id = household;
    r.day = "2026-11-22";
    r.kind = kind;
    r.categories = std::move(cats);
    r.by_leader = by_leader;
    r.inbound_id = inbound;
    r.reporter = "sandbox:u";
    r.at = 1000;
    return r;
}

}  // namespace

TEST_CASE(
    "reports: an anomaly stays until a leader's report, repeats are stored once, counters match "
    "SQL") {
    test::TempDir dir;
    OneGrid one(dir);
    auto& st = *one.store;
    const int64_t a = one.a, b = one.b;
    store::Reports reports(st);
    daily::DayBook book(reports, *LocalTime::for_zone("Asia/Shanghai"));
    book.load("2026-11-22");
    auto apply = [&](const store::ReportRecord& r) {
        auto c = reports.record(r).get();
        book.apply(r.day, "nangang/xianfeng/longtai/g01", r.household_id, c.after,
                   c.categories_after);
        return c;
    };

    auto c = apply(report(a, DayStatus::Anomaly, {"fever"}, false, 1));
    CHECK(c.before == DayStatus::Missing);
    CHECK(c.after == DayStatus::Anomaly);
    c = apply(report(a, DayStatus::Zero, {}, false, 2));
    CHECK(c.after == DayStatus::Anomaly);  // not hidden by the resident's zero
    CHECK(c.categories_after == std::vector<std::string>{"fever"});
    c = apply(report(a, DayStatus::Anomaly, {"cough"}, false, 3));
    CHECK(c.categories_after == std::vector<std::string>{"cough", "fever"});
    c = apply(report(a, DayStatus::Anomaly, {"cough"}, false, 3));  // the same message again
    CHECK(reports.report_count("2026-11-22") == 3);
    apply(report(b, DayStatus::Zero, {}, false, 4));
    apply(report(b, DayStatus::Zero, {}, false, 5));

    auto memory = book.grids_within("nangang", "2026-11-22");
    auto& g = memory["nangang/xianfeng/longtai/g01"];
    CHECK(g.households == 2);
    CHECK(g.zero == 1);
    CHECK(g.anomaly == 1);
    CHECK(g.categories["fever"] == 1);
    CHECK(g.categories["cough"] == 1);
    auto sql = reports.grid_counts("nangang", "2026-11-22");
    REQUIRE(sql.size() == 1);
    CHECK(sql[0].zero == g.zero);
    CHECK(sql[0].anomaly == g.anomaly);

    c = apply(report(a, DayStatus::Zero, {}, true, 6));  // the grid leader's 代报 clears it
    CHECK(c.after == DayStatus::Zero);
    memory = book.grids_within("nangang/xianfeng", "2026-11-22");
    CHECK(memory["nangang/xianfeng/longtai/g01"].zero == 2);
    CHECK(memory["nangang/xianfeng/longtai/g01"].anomaly == 0);
    CHECK(memory["nangang/xianfeng/longtai/g01"].categories.empty());
    // Another day is answered from the store: nobody has reported yet.
    auto tomorrow = book.grids_within("nangang", "2026-11-23");
    CHECK(tomorrow["nangang/xianfeng/longtai/g01"].reported() == 0);
    st.close();
}

TEST_CASE(
    "reports: changed_since names each household whose latest report is past the id, with its "
    "status now, on both engines") {
    // Proves what a daemon's day counters catch up on when other daemons stored reports
    // (docs/scaling.md): each household once, its latest report's id, the status that
    // report left (an anomaly kept through a later zero), nothing at or before the id.
    test::TempDir dir;
    OneGrid one(test::engine_location(dir));
    store::Reports reports(*one.store);
    const std::string day = "2026-11-22";
    reports.record(report(one.a, DayStatus::Anomaly, {"fever"}, false, 1)).get();
    reports.record(report(one.b, DayStatus::Zero, {}, false, 2)).get();
    const int64_t b_report = reports.last_report_id();
    reports.record(report(one.a, DayStatus::Zero, {}, false, 3)).get();
    const int64_t a_report = reports.last_report_id();
    REQUIRE(a_report > b_report);

    auto all = reports.changed_since(day, 0);
    REQUIRE(all.size() == 2);
    std::sort(all.begin(), all.end(),
              [](const auto& x, const auto& y) { return x.report_id < y.report_id; });
    CHECK(all[0].status.household_id == one.b);
    CHECK(all[0].report_id == b_report);
    CHECK(all[0].status.status == DayStatus::Zero);
    CHECK(all[1].status.household_id == one.a);
    CHECK(all[1].report_id == a_report);
    CHECK(all[1].status.status == DayStatus::Anomaly);
    CHECK(all[1].status.categories == std::vector<std::string>{"fever"});
    CHECK(all[1].grid == "nangang/xianfeng/longtai/g01");

    auto later = reports.changed_since(day, b_report);
    REQUIRE(later.size() == 1);
    CHECK(later[0].status.household_id == one.a);
    CHECK(reports.changed_since(day, a_report).empty());
    CHECK(reports.changed_since("2026-11-23", 0).empty());
    one.store->close();
}

TEST_CASE(
    "day book: two reports of one household learned in the other order than the writer applied "
    "them end as the store does") {
    // A resident's message (the conversation thread) and a leader's correction from the
    // dashboard (an HTTP thread) for one household: the writer applies them in one order,
    // the threads may tell the day book in the other.
    test::TempDir dir;
    OneGrid one(dir);
    store::Reports reports(*one.store);
    const std::string grid = "nangang/xianfeng/longtai/g01";
    const std::string day = "2026-11-22";
    daily::DayBook book(reports, *LocalTime::for_zone("Asia/Shanghai"));
    book.load(day);  // before either report
    auto resident = reports.record(report(one.a, DayStatus::Zero, {}, false, 1)).get();
    auto leader = reports.record(report(one.a, DayStatus::Anomaly, {"cough"}, true, 0)).get();
    CHECK(resident.seq < leader.seq);
    CHECK(leader.after == DayStatus::Anomaly);
    book.apply(day, grid, one.a, leader.after, leader.categories_after, leader.seq);
    book.apply(day, grid, one.a, resident.after, resident.categories_after, resident.seq);
    auto g = book.grids_within(grid, day)[grid];
    CHECK(g.anomaly == 1);
    CHECK(g.zero == 0);
    CHECK(g.categories == std::map<std::string, int64_t>{{"cough", 1}});
    auto stored = reports.grid_counts(grid, day);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].anomaly == 1);
    one.store->close();
}

TEST_CASE(
    "day book: a resident's zero report from the hook route and the conversation's anomaly count "
    "the same in either order") {
    test::TempDir dir;
    OneGrid one(dir);
    store::Reports reports(*one.store);
    const std::string grid = "nangang/xianfeng/longtai/g01";
    // The counters either order of arrival must end with: a anomalous (fever), b zero.
    auto settle = [&](bool zero_first) {
        daily::DayBook book(reports, *LocalTime::for_zone("Asia/Shanghai"));
        book.load("2026-11-22");
        if (zero_first) book.apply_zero("2026-11-22", grid, one.a);
        book.apply("2026-11-22", grid, one.a, DayStatus::Anomaly, {"fever"});
        if (!zero_first)
            book.apply_zero("2026-11-22", grid, one.a);  // an anomaly is never hidden by it
        book.apply_zero("2026-11-22", grid, one.b);
        book.apply_zero("2026-11-22", grid, one.b);  // applying twice changes nothing
        return book.grids_within(grid, "2026-11-22")[grid];
    };
    for (bool zero_first : {true, false}) {
        CAPTURE(zero_first);
        auto g = settle(zero_first);
        CHECK(g.zero == 1);
        CHECK(g.anomaly == 1);
        CHECK(g.categories == std::map<std::string, int64_t>{{"fever", 1}});
    }
    one.store->close();
}

// The conversation's binding rules, driven directly (the sandbox carries no mentions).
#include "bot/conversation/conversation.h"
#include "bot/core/metrics.h"
#include "bot/parse/parse_command.h"

TEST_CASE(
    "conversation: a move asks for confirmation, a leader binds and unbinds the members they "
    "@mention") {
    test::TempDir dir;
    OneGrid one(dir);
    auto& st = *one.store;
    const int64_t a = one.a, b = one.b;
    auto cfg = config::load_string(R"(
[district]
code = "nangang"
name = "南岗区"
[[channels]]
name = "sandbox"
platform = "sandbox"
[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "sandbox"
id = "g01"
[[leaders]]
node = "nangang/xianfeng/longtai/g01"
name = "刘丽娟"
ids = { sandbox = "leader" }
)",
                                   "c.toml");
    REQUIRE_MESSAGE(cfg, cfg.error().to_string());
    std::shared_ptr<const config::Config> config = cfg.value();
    auto lex = parse::Lexicon::load_file(parse::default_lexicon_path());
    REQUIRE(lex);
    auto parser = std::make_shared<const parse::Parser>(
        std::make_shared<const parse::Lexicon>(std::move(lex.value())));
    auto templates = compose::Templates::load("templates", "zh-CN");
    REQUIRE(templates);
    store::Messages messages(st);
    store::Reports reports(st);
    daily::DayBook book(reports, *LocalTime::for_zone("Asia/Shanghai"));
    ManualClock clock(from_unix_seconds(1795305600));
    Metrics metrics;
    conversation::Conversation conv(
        conversation::Context{st, messages, clock, metrics, [&] { return config; },
                              [&]() -> std::shared_ptr<const parse::Parser> { return parser; },
                              [&] { return templates.value(); }, [] {}, reports, book});
    int64_t seq = 0;
    auto say = [&](const std::string& sender, const std::string& text,
                   std::vector<std::string> mentions = {}) {
        store::StoredInbound in;
        in.id = ++seq;
        in.msg.channel = "sandbox";
        in.msg.group = "g01";
        in.msg.sender_id = sender;
        in.msg.sender_name = sender;
        in.msg.text = text;
        in.msg.mentions = std::move(mentions);
        in.received_at = 1795305600;
        auto out = conv.handle(in);
        conv.flush();
        return out.empty() ? std::string() : out[0].msg.text;
    };
    CHECK(say("u1", "登记 1-1-101").find("已登记") != std::string::npos);
    CHECK(messages.member_household("sandbox", "u1") == a);
    CHECK(say("u1", "登记 1-1-102").find("确认") != std::string::npos);  // asked, not moved
    CHECK(messages.member_household("sandbox", "u1") == a);
    CHECK(say("u1", "登记 1-1-102").find("改为") != std::string::npos);  // confirmed
    CHECK(messages.member_household("sandbox", "u1") == b);
    CHECK(say("leader", "登记 1-1-101 @小王 @小李", {"u2", "u3"}).find("2 位成员") !=
          std::string::npos);
    CHECK(messages.member_household("sandbox", "u2") == a);
    CHECK(messages.member_household("sandbox", "u3") == a);
    CHECK(say("leader", "解绑 @小李", {"u3"}).find("解除") != std::string::npos);
    CHECK(!messages.member_household("sandbox", "u3"));
    // A resident cannot unbind others: their "解绑" is just chatter.
    CHECK(say("u2", "解绑 @小王", {"u2"}).empty());
    CHECK(messages.member_household("sandbox", "u2") == a);
    st.close();
}
