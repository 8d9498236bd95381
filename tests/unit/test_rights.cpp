// A household's rights (issue 14 item 5): `gridbot privacy export` writes all
// the store holds about one household; `gridbot privacy erase` removes it
// everywhere, keeping only anonymous counts; both are audited.
#include "bot/core/local_time.h"
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

TEST_CASE(
    "rights: an erasure on the day in progress leaves the room not reported, and a new report "
    "counts once") {
    // Proves that erasing a household that reported today while the daemon runs takes its
    // status out of today's counts, in the store and (within seconds, by the store's
    // generation) in the daemon's summary, keeps no anonymous count for today, and that the
    // room reporting again the same day is counted once, the daemon's summary equal to the
    // SQL's before and after a restart.
    const std::string today =
        LocalTime::for_zone("Asia/Shanghai")->day(std::chrono::system_clock::now());
    std::string config = test::daily::day_config();
    config.replace(config.find("2026-11-22T07:00:00+08:00"), 25, today + "T09:00:00+08:00");
    test::TempDir dir;
    test::DaemonProcess daemon(dir, config);
    test::write_file(dir.file("ledger.csv"), test::daily::kLedger);
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + daemon.config() +
                                 " " + dir.file("ledger.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
    auto http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
    const httplib::Headers auth = {{"Authorization", "Bearer " + test::daily::kAdminToken}};
    const std::string grid = "nangang/xianfeng/longtai/g01";
    auto live = [&] {
        auto r = http->Get("/api/v1/nodes/" + grid + "/summary", auth);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        return json::parse(r->body)["reported"].get<int64_t>();
    };
    auto sql = [&] {
        auto r = test::run_command(test::gridbot_binary() + " summary --config " + daemon.config() +
                                   " --node " + grid + " --day " + today);
        REQUIRE_MESSAGE(r.exit_code == 0, r.out);
        return json::parse(r.out.substr(r.out.find('{')))["reported"].get<int64_t>();
    };
    auto wait = [](const std::function<bool()>& ok) { return Day::wait_for(ok); };
    test::sandbox_say(*http, "longtai-g01", "u101", "1-1-101 平安");
    test::sandbox_say(*http, "longtai-g01", "u102", "1-1-102 平安");
    REQUIRE_MESSAGE(wait([&] { return live() == 2; }), daemon.log());
    CHECK(sql() == 2);

    json list = json::parse(http->Get("/api/v1/nodes/" + grid + "/households", auth)->body);
    int64_t id = 0;
    for (const auto& h : list["households"])
        if (h["room"] == "1-1-102") id = h["id"];
    REQUIRE(id > 0);
    auto erased = test::run_command(test::gridbot_binary() + " privacy erase --yes --household " +
                                    std::to_string(id) + " --config " + daemon.config());
    REQUIRE_MESSAGE(erased.exit_code == 0, erased.out);
    CHECK(sql() == 1);
    CHECK(test::db_number(daemon.db(),
                          "SELECT COUNT(*) FROM day_counts WHERE day = '" + today + "'") == 0);
    CHECK_MESSAGE(wait([&] { return live() == 1; }), daemon.log());

    test::sandbox_say(*http, "longtai-g01", "u102b", "1-1-102 平安");
    REQUIRE_MESSAGE(wait([&] { return sql() == 2; }), daemon.log());
    CHECK(live() == 2);
    REQUIRE(daemon.stop() == 0);
    REQUIRE_MESSAGE(daemon.start() > 0, daemon.log());
    http = std::make_unique<httplib::Client>("127.0.0.1", daemon.port());
    CHECK(live() == 2);
    CHECK(sql() == 2);
    CHECK(daemon.stop() == 0);
}
