// A household's rights (issue 14 item 5): `gridbot privacy export` writes all
// the store holds about one household; `gridbot privacy erase` removes it
// everywhere, keeping only anonymous counts; both are audited.
#include "daily_day.h"
#include "db_query.h"

using namespace gridbot;
using nlohmann::json;
using test::daily::Day;

namespace {

// 1-1-102: 何刚, 15079955606, bound as u102, reported fever and cough (an incident).
int64_t household_102(Day& day) {
    json list = day.get("/api/v1/nodes/nangang/xianfeng/longtai/g01/households");
    for (const auto& h : list["households"]) {
        if (h["room"] == "1-1-102") return h["id"];
    }
    return 0;
}

test::CommandResult privacy(Day& day, const std::string& args) {
    return test::run_command(test::gridbot_binary() + " privacy " + args + " --config " +
                             day.daemon.config());
}

// Where the store keeps text: every row of these columns that holds `needle`.
long long occurrences(const std::string& db, const std::string& needle) {
    long long n = 0;
    for (const char* where :
         {"households WHERE instr(contact || phone, '?') > 0", "members WHERE instr(name, '?') > 0",
          "inbound WHERE instr(text || sender_name, '?') > 0",
          "outbox WHERE instr(text || mention_phones, '?') > 0",
          "sandbox_messages WHERE instr(text || name, '?') > 0",
          "incidents WHERE instr(COALESCE(reporter_name, '') || COALESCE(report_text, ''), '?') > "
          "0",
          "incident_timeline WHERE instr(remark, '?') > 0",
          "notice_calls WHERE instr(contact || phone, '?') > 0"}) {
        std::string sql = std::string("SELECT COUNT(*) FROM ") + where;
        sql.replace(sql.find('?'), 1, needle);
        n += test::db_number(db, sql);
    }
    return n;
}

}  // namespace

TEST_CASE("rights: privacy export writes everything held about one household, audited") {
    // Proves the export holds the household's ledger row, its binding, its reports and
    // day statuses, its incident and the messages its member sent, and leaves an audit row.
    Day day;
    day.run();
    int64_t id = household_102(day);
    REQUIRE(id > 0);
    auto r = privacy(day, "export --household " + std::to_string(id));
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    json out = json::parse(r.out.substr(r.out.find('{')));
    CHECK(out["household"]["contact"] == "何刚");
    CHECK(out["household"]["phone"] == "15079955606");
    CHECK(out["household"]["grid"] == "nangang/xianfeng/longtai/g01");
    REQUIRE(out["members"].size() == 1);
    CHECK(out["members"][0]["user_id"] == "u102");
    CHECK(out["reports"].size() == 2);  // the anomaly and the later zero
    CHECK(out["day_status"].at(0)["categories"] == R"(["cough","fever"])");
    CHECK(out["incidents"].size() == 1);
    bool said = false;
    for (const auto& m : out["inbound"]) said |= m["text"] == "1-1-102 发烧38.5 咳嗽";
    CHECK(said);
    CHECK(!out["outbox"].empty());  // the cutoff summary names him
    CHECK(test::db_query(day.daemon.db(),
                         "SELECT token LIKE 'cli:%', role, action, subject FROM audit ORDER BY id "
                         "DESC LIMIT 1") ==
          std::vector<std::string>{"1|operator|privacy export|household:" + std::to_string(id)});
    auto none = privacy(day, "export --household 999999");
    CHECK(none.exit_code == 2);
    CHECK(day.daemon.stop() == 0);
}

TEST_CASE(
    "rights: privacy erase needs --yes, then leaves no trace of the household but its counts") {
    // Proves erase without --yes exits 2 and changes nothing; with --yes the name and
    // phone are nowhere in the store, the binding, reports and messages are gone, the
    // day's rollup is unchanged, and the erasure is audited.
    Day day;
    day.run();
    const std::string db = day.daemon.db();
    int64_t id = household_102(day);
    REQUIRE(id > 0);
    std::string node = "nangang/xianfeng/longtai";
    auto summary = [&] {
        auto r = test::run_command(test::gridbot_binary() + " summary --config " +
                                   day.daemon.config() + " --node " + node + " --day 2026-11-22");
        REQUIRE_MESSAGE(r.exit_code == 0, r.out);
        return json::parse(r.out.substr(r.out.find('{')));
    };
    json before = summary();
    REQUIRE(occurrences(db, "何刚") > 0);
    REQUIRE(occurrences(db, "15079955606") > 0);

    auto unconfirmed = privacy(day, "erase --household " + std::to_string(id));
    CHECK(unconfirmed.exit_code == 2);
    CHECK(unconfirmed.out.find("--yes") != std::string::npos);
    CHECK(test::db_number(
              db, "SELECT COUNT(*) FROM members WHERE household_id = " + std::to_string(id)) == 1);

    auto r = privacy(day, "erase --yes --household " + std::to_string(id));
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK(occurrences(db, "何刚") == 0);
    CHECK(occurrences(db, "15079955606") == 0);
    auto hid = std::to_string(id);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM members WHERE household_id = " + hid) == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM reports WHERE household_id = " + hid) == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM day_status WHERE household_id = " + hid) == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM incidents WHERE household_id = " + hid) == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM inbound WHERE sender_id = 'u102'") == 0);
    CHECK(test::db_number(db, "SELECT COUNT(*) FROM sandbox_messages WHERE sender = 'u102'") == 0);
    CHECK(summary() == before);
    CHECK(test::db_query(db,
                         "SELECT action, subject, node, rows > 0 FROM audit ORDER BY id DESC "
                         "LIMIT 1") == std::vector<std::string>{"privacy erase|household:" + hid +
                                                                "|nangang/xianfeng/longtai/g01|1"});
    // The room stays in the ledger, anonymous.
    CHECK(test::db_query(db, "SELECT address, contact, phone FROM households WHERE id = " + hid) ==
          std::vector<std::string>{"1-1-102||"});
    CHECK(day.daemon.stop() == 0);
}
