// A loop that learns from leaders (issue 19 item 4): a grid leader's 更正 in
// the chat changes the household's status for the day, is kept as a labelled
// example that `gridbot parse corrections` lists, and `gridbot parse suggest`
// proposes the word the parser lacked. The real daemon on the sandbox (the
// notices tests' district) and the real CLI on its store.
#include <doctest/doctest.h>

#include <string>

#include "bot/parse/parse_command.h"
#include "bot/parse/suggest.h"
#include "db_query.h"
#include "notice_district.h"

using namespace gridbot;
using test::notices::District;
using test::notices::json;
namespace tn = test::notices;

namespace {

bool wait(const std::function<bool()>& ok) { return test::wait_for(ok, std::chrono::seconds(30)); }

std::vector<json> json_lines(const std::string& out) {
    std::vector<json> v;
    size_t at = 0;
    while (at < out.size()) {
        size_t nl = out.find('\n', at);
        if (nl == std::string::npos) nl = out.size();
        auto j = json::parse(out.substr(at, nl - at), nullptr, false);
        if (j.is_object()) v.push_back(j);
        at = nl + 1;
    }
    return v;
}

}  // namespace

TEST_CASE(
    "corrections: a leader's 更正 sets the household's status, `parse corrections` lists it as a "
    "labelled example and `parse suggest` proposes the missing word") {
    District d;
    d.start(tn::kLedgerMore);
    // Two residents register, then report a fever in words the lexicon lacks: read as chatter.
    const std::string misread = "老爷子今儿直打寒战，裹着被子还哆嗦";
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    d.say("longtai-g01", "resident-c", "登记 1-1-102");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") >= 2; }));
    d.say("longtai-g01", "resident-c", "孩子半夜打寒战");
    d.say("longtai-g01", "resident-a", misread);
    d.drained();
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");
    CHECK(d.household("longtai/g01", "1-1-102").value("status", "") == "missing");

    // Only a leader may correct; a bad room or label is named.
    d.say("longtai-g01", "resident-b", "更正 1-1-101 异常 发烧");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "只有本网格的负责人") == 1; }));
    d.say("longtai-g01", "leader-longtai-g01", "更正 9-9-909 异常 发烧");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "台账里没有 9-9-909") == 1; }));
    d.say("longtai-g01", "leader-longtai-g01", "更正 1-1-101 异常");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "没有看懂更正内容") == 1; }));
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");

    d.say("longtai-g01", "leader-longtai-g01", "更正 1-1-101 异常 发烧");
    REQUIRE_MESSAGE(wait([&] { return d.count_with("longtai-g01", "已更正 1-1-101") == 1; }),
                    d.daemon.log());
    json h = d.household("longtai/g01", "1-1-101");
    CHECK(h.value("status", "") == "anomaly");
    CHECK(h["categories"] == json::array({"fever"}));

    // A second correction replaces the first rather than adding to it.
    d.say("longtai-g01", "leader-longtai-g01", "更正 1-1-101 异常 咳嗽");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已更正 1-1-101") == 2; }));
    h = d.household("longtai/g01", "1-1-101");
    CHECK(h["categories"] == json::array({"cough"}));
    d.say("longtai-g01", "leader-longtai-g01", "更正 1-1-101 异常 发烧");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已更正 1-1-101") == 3; }));
    CHECK(d.household("longtai/g01", "1-1-101")["categories"] == json::array({"fever"}));

    d.say("longtai-staff", "leader-longtai-g01", "更正 1-1-102 异常 发烧");  // from the staff group
    REQUIRE(wait([&] { return d.count_with("longtai-staff", "已更正 1-1-102") == 1; }));
    CHECK(d.household("longtai/g01", "1-1-102").value("status", "") == "anomaly");

    auto listed = test::run_command(test::gridbot_binary() + " parse corrections --config " +
                                    d.daemon.config() + " --since 2026-11-01");
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.out);
    // A message corrected three times is listed once, with the last label.
    auto lines = json_lines(listed.out);
    REQUIRE(lines.size() == 2);
    const json& last = lines[0];
    CHECK(last["text"] == misread);
    CHECK(last["kind"] == "anomaly");
    CHECK(last["categories"] == json::array({"fever"}));
    CHECK(last["parsed"]["kind"] == "chatter");
    CHECK(last["day"] == "2026-11-22");
    CHECK(last["grid"] == "nangang/xianfeng/longtai/g01");
    // Each listing is audited.
    CHECK(test::db_query(d.daemon.db(),
                         "SELECT COUNT(*) FROM audit WHERE action = 'parse corrections'") ==
          std::vector<std::string>{"1"});
    auto later = test::run_command(test::gridbot_binary() + " parse corrections --config " +
                                   d.daemon.config() + " --since 2026-11-23");
    CHECK(later.exit_code == 0);
    CHECK(json_lines(later.out).empty());
    auto bad = test::run_command(test::gridbot_binary() + " parse corrections --config " +
                                 d.daemon.config() + " --since 22/11/2026 2>&1");
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("--since") != std::string::npos);

    auto suggested =
        test::run_command(test::gridbot_binary() + " parse suggest --config " + d.daemon.config());
    REQUIRE_MESSAGE(suggested.exit_code == 0, suggested.out);
    // The first proposal for fever is the word both corrected messages hold.
    const auto proposals = json_lines(suggested.out);
    const json* first = nullptr;
    for (const auto& p : proposals)
        if (!first && p["category"] == "fever") first = &p;
    REQUIRE_MESSAGE(first, suggested.out);
    CHECK_MESSAGE((*first)["word"] == "打寒战", suggested.out);
    CHECK((*first)["support"] == 2);
    CHECK((*first)["add"] == "[category.fever] terms += \"打寒战\"");

    // A household's rights reach its corrections: exported with it, erased with it.
    auto id_of = [&](const std::string& room) {
        return test::db_query(d.daemon.db(),
                              "SELECT id FROM households WHERE address = '" + room + "'")
            .at(0);
    };
    auto privacy = [&](const std::string& args) {
        return test::run_command(test::gridbot_binary() + " privacy " + args + " --config " +
                                 d.daemon.config() + " 2>&1");
    };
    auto exported = privacy("export --household " + id_of("1-1-101"));
    REQUIRE_MESSAGE(exported.exit_code == 0, exported.out);
    CHECK(json::parse(exported.out.substr(exported.out.find('{')))["corrections"].size() == 3);
    const std::string other = id_of("1-1-102");
    auto erased = privacy("erase --yes --household " + other);
    REQUIRE_MESSAGE(erased.exit_code == 0, erased.out);
    auto after = test::run_command(test::gridbot_binary() + " parse corrections --config " +
                                   d.daemon.config() + " --since 2026-11-01");
    CHECK(json_lines(after.out).size() == 1);
    CHECK(test::db_query(d.daemon.db(), "SELECT COUNT(*) FROM corrections WHERE household_id = " +
                                            other) == std::vector<std::string>{"0"});
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE("corrections: suggest proposes a sound-alike term and a neutral word, and weighs both") {
    auto lex = parse::Lexicon::load_file(parse::default_lexicon_path());
    REQUIRE(lex.ok());
    // 没力气 is a term of the lexicon; 没历气 (the same sounds) is not, nor one
    // that [normalize] sounds_like replaces (a two-character term).
    std::vector<parse::LabelledExample> ex = {
        {1, "我家老人没历气，一直躺着", "anomaly", {"fatigue"}, "chatter", {}},
        {2, "今天去庙里烧高香，全家都好", "zero", {}, "anomaly", {"fever"}},
        {3, "初一烧高香保平安，我们家没事", "zero", {}, "anomaly", {"fever"}},
        {4, "老公发烧了，婆婆还要去烧高香", "anomaly", {"fever"}, "anomaly", {"fever"}},
    };
    auto out = parse::suggest(ex, lex.value());
    auto find = [&](const std::string& word, const std::string& key) -> const parse::Suggestion* {
        for (const auto& s : out)
            if (s.word == word && s.key == key) return &s;
        return nullptr;
    };
    const auto* alike = find("没历气", "terms");
    REQUIRE(alike);
    CHECK(alike->category == "fatigue");
    CHECK(alike->sounds_like == "没力气");
    CHECK(alike->corrections == std::vector<int64_t>{1});
    const auto* neutral = find("烧高", "neutral");
    REQUIRE(neutral);
    CHECK(neutral->category == "fever");
    CHECK(neutral->support == 2);
    CHECK(neutral->against == 1);  // example 4 is a fever that holds 烧高 too
    CHECK(parse::to_json(*neutral)["add"] == "[words] neutral += \"烧高\"");
    CHECK(find("里烧", "neutral"));
    // Best first: the neutral word supported twice leads.
    CHECK(out.front().word == "烧高");
}

TEST_CASE(
    "corrections: from the dashboard's route, a leader corrects an unclear household: the status "
    "changes, the question no longer shows, and the correction is listed and audited") {
    District d;
    d.start(tn::kLedgerMore);
    d.say("longtai-g01", "resident-a", "登记 1-1-101");
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "已登记") == 1; }));
    d.say("longtai-g01", "resident-a", "今天有点客嗽");  // a sound-alike: asked, not taken
    REQUIRE(wait([&] { return d.count_with("longtai-g01", "回复 1 是，2 不是") == 1; }));
    d.drained();
    json h = d.household("longtai/g01", "1-1-101");
    CHECK(h.value("status", "") == "missing");
    CHECK(h.value("unclear", false));
    CHECK_FALSE(d.household("longtai/g01", "1-1-102").value("unclear", true));
    {  // The community's and the street's pages read it with one query for their subtree.
        for (const std::string node : {"nangang/xianfeng/longtai", "nangang/xianfeng"}) {
            auto r = d.http->Get("/api/v1/nodes/" + node + "/households?limit=1000",
                                 District::auth(tn::kAdmin));
            REQUIRE(r);
            REQUIRE_MESSAGE(r->status == 200, r->body);
            const json page = json::parse(r->body);
            int unclear = 0;
            for (const auto& row : page["households"]) {
                if (!row.value("unclear", false)) continue;
                ++unclear;
                CHECK(row["grid"] == "nangang/xianfeng/longtai/g01");
                CHECK(row["room"] == "1-1-101");
            }
            CHECK_MESSAGE(unclear == 1, node);
        }
    }
    const std::string id = std::to_string(h["id"].get<int64_t>());
    const std::string path = "/api/v1/households/" + id + "/correction";

    auto post = [&](const std::string& token, const json& body) {
        auto r = d.http->Post(path, District::auth(token), body.dump(), "application/json");
        REQUIRE(r);
        return std::pair<int, json>{r->status, json::parse(r->body, nullptr, false)};
    };
    // Refusals name what is wrong, and change nothing.
    CHECK(d.http->Post(path, json{{"kind", "zero"}}.dump(), "application/json")->status == 401);
    auto [s1, b1] = post(tn::kGrid, {{"kind", "anomaly"}});
    CHECK(s1 == 400);
    CHECK(b1.dump().find("at least one category") != std::string::npos);
    auto [s2, b2] = post(tn::kGrid, {{"kind", "anomaly"}, {"categories", {"flu"}}});
    CHECK(s2 == 400);
    CHECK(b2.dump().find("flu") != std::string::npos);
    auto [s3, b3] = post(tn::kGrid, {{"kind", "maybe"}});
    CHECK(s3 == 400);
    CHECK(b3.dump().find("kind") != std::string::npos);
    auto [s4, b4] =
        post(tn::kGrid, {{"kind", "anomaly"}, {"categories", {"fever"}}, {"temperature", 80}});
    CHECK(s4 == 400);
    CHECK(b4.dump().find("temperature") != std::string::npos);
    auto other = d.http->Post(
        "/api/v1/households/" + d.household("longtai/g02", "2-1-102")["id"].dump() + "/correction",
        District::auth(tn::kGrid), json{{"kind", "zero"}}.dump(), "application/json");
    CHECK(other->status == 403);  // another grid's household
    CHECK(d.http
              ->Post("/api/v1/households/999999/correction", District::auth(tn::kGrid),
                     json{{"kind", "zero"}}.dump(), "application/json")
              ->status == 404);
    CHECK(d.household("longtai/g01", "1-1-101").value("status", "") == "missing");

    auto [status, body] = post(tn::kGrid, {{"kind", "anomaly"}, {"categories", {"cough"}}});
    REQUIRE_MESSAGE(status == 200, body.dump());
    CHECK(body["status"] == "anomaly");
    CHECK(body["categories"] == json::array({"cough"}));
    CHECK(body["found"] == true);
    h = d.household("longtai/g01", "1-1-101");
    CHECK(h.value("status", "") == "anomaly");
    CHECK(h["categories"] == json::array({"cough"}));
    CHECK_FALSE(h.value("unclear", true));  // settled by the leader's word
    // The grid's numbers follow at once.
    auto summary = d.http->Get("/api/v1/nodes/nangang/xianfeng/longtai/g01/summary",
                               District::auth(tn::kGrid));
    REQUIRE(summary);
    CHECK(json::parse(summary->body)["reported"] == 1);

    auto listed = test::run_command(test::gridbot_binary() + " parse corrections --config " +
                                    d.daemon.config() + " --since 2026-11-01");
    REQUIRE_MESSAGE(listed.exit_code == 0, listed.out);
    auto lines = json_lines(listed.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["text"] == "今天有点客嗽");
    CHECK(lines[0]["categories"] == json::array({"cough"}));
    CHECK(lines[0]["parsed"]["why"] == "sounds_like:客嗽>咳嗽");
    CHECK(lines[0]["by"] == "api:g01-leader");
    CHECK(test::db_query(d.daemon.db(),
                         "SELECT COUNT(*) FROM audit WHERE subject = 'household:" + id +
                             "' AND token = 'g01-leader'") == std::vector<std::string>{"1"});
    CHECK(d.daemon.stop() == 0);
}
