// Day status (DESIGN §5) in the store and the in-memory day counters: the last
// report wins, an anomaly is not hidden by a later zero unless a leader made
// it, a message processed twice is stored once, and the counters agree with
// the store's GROUP BY.
#include <doctest/doctest.h>

#include "bot/daily/day_book.h"
#include "bot/store/reports.h"
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

TEST_CASE("reports: an anomaly stays until a leader's report; repeats are stored once; counters match SQL") {
    test::TempDir dir;
    auto s = store::Store::open(dir.file("g.db"), 1000);
    REQUIRE(s);
    auto& st = *s.value();
    std::vector<store::NodeRecord> nodes = {{"nangang", "南岗区", 0},
                                            {"nangang/xianfeng", "先锋街道", 1},
                                            {"nangang/xianfeng/longtai", "龙台社区", 2},
                                            {"nangang/xianfeng/longtai/g01", "第一网格", 3}};
    REQUIRE(st.import_ledger(nodes, {household("1-1-101"), household("1-1-102")}, {}));
    int64_t a = st.household("nangang/xianfeng/longtai/g01", "1-1-101")->id;
    int64_t b = st.household("nangang/xianfeng/longtai/g01", "1-1-102")->id;
    store::Reports reports(st);
    daily::DayBook book(reports, *daily::LocalTime::for_zone("Asia/Shanghai"));
    book.load("2026-11-22");
    auto apply = [&](const store::ReportRecord& r) {
        auto c = reports.record(r).get();
        book.apply(r.day, "nangang/xianfeng/longtai/g01", r.household_id, c.after, c.categories_after);
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
