// The ledger reader on small inline files: every rule, every error id, with
// the line and column it names.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "bot/ledger/ledger.h"

using namespace gridbot;
using namespace gridbot::ledger;

namespace {

const std::string kHeader = "区,街道,社区,网格,楼栋,单元,门牌,人数,联系人,电话,标签\n";

Result<LedgerFile> parse(const std::string& text) { return parse_ledger(text, "t.csv"); }

// Parses a header and one row, which must be accepted.
Household one_row(const std::string& row) {
    auto r = parse(kHeader + row + "\n");
    if (!r) FAIL(r.error().to_string());
    REQUIRE(r->households.size() == 1);
    return r->households[0];
}

// The first line of the error message must start with want.
void check_error(const Result<LedgerFile>& r, const std::string& id, const std::string& want) {
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == id);
    const std::string first = r.error().message.substr(0, r.error().message.find('\n'));
    CHECK_MESSAGE(first.rfind(want, 0) == 0, first);
}

}  // namespace

TEST_CASE("ledger: tag names and synonyms") {
    for (Tag t : kAllTags) CHECK(tag_from_text(tag_name(t)) == t);
    CHECK(tag_name(Tag::ElderlyAlone) == "elderly_alone");
    CHECK(tag_name(Tag::NoChat) == "no_chat");
    CHECK(tag_from_text("Elderly-Alone") == Tag::ElderlyAlone);
    CHECK(tag_from_text("KEY_GROUP") == Tag::KeyGroup);
    struct {
        const char* word;
        Tag tag;
    } synonyms[] = {
        {"独居老人", Tag::ElderlyAlone}, {"独居", Tag::ElderlyAlone},  {"无微信", Tag::NoChat},
        {"仅电话", Tag::NoChat},         {"不会用微信", Tag::NoChat},  {"困难", Tag::Vulnerable},
        {"弱势群体", Tag::Vulnerable},   {"居家隔离", Tag::Isolation}, {"隔离", Tag::Isolation},
        {"健康监测", Tag::Monitoring},   {"返乡", Tag::Returnee},      {"返哈", Tag::Returnee},
        {"外地返回", Tag::Returnee},     {"阳性", Tag::Positive},      {"重点人群", Tag::KeyGroup},
        {"孕妇", Tag::Pregnant},         {"透析", Tag::Dialysis},
    };
    for (const auto& s : synonyms) CHECK_MESSAGE(tag_from_text(s.word) == s.tag, s.word);
    CHECK_FALSE(tag_from_text("vip"));
    CHECK_FALSE(tag_from_text(""));
}

TEST_CASE("ledger: a full row is normalised") {
    const Household h = one_row(
        "南岗区,先锋街道,龙台社区,第一网格,3号楼,2单元,0502室,3,王秀英,138 0013 "
        "8000,独居老人、无微信");
    CHECK(h.line == 2);
    CHECK(h.district == "南岗区");
    CHECK(h.grid == "第一网格");
    CHECK(h.building == "3");
    CHECK(h.unit == "2");
    CHECK(h.room == "502");
    CHECK(h.address == "3-2-502");
    CHECK(h.members == 3);
    CHECK(h.contact == "王秀英");
    CHECK(h.phone == "13800138000");
    CHECK(h.tags ==
          (static_cast<uint16_t>(Tag::ElderlyAlone) | static_cast<uint16_t>(Tag::NoChat)));
    CHECK(h.isolation_until.empty());
}

TEST_CASE("ledger: building and unit cells") {
    struct {
        const char* building;
        const char* unit;
        const char* address;
    } cases[] = {
        {"3", "2", "3-2-502"},
        {"3栋", "2单元", "3-2-502"},
        {"3号楼", "2门", "3-2-502"},
        {"3幢", "二单元", "3-2-502"},
        {"3#", "", "3-502"},
        {"三号楼", "", "3-502"},
        {"十二栋", "", "12-502"},
        {"第二十三栋", "", "23-502"},
        {"a座", "", "A-502"},
        {"", "", "502"},
        {"０３栋", "２单元", "3-2-502"},
    };
    for (const auto& c : cases) {
        const Household h = one_row(std::string("南岗区,先锋街道,龙台社区,第一网格,") + c.building +
                                    "," + c.unit + ",502,,,,");
        CHECK_MESSAGE(h.address == c.address, c.building, " ", c.unit);
    }
}

TEST_CASE("ledger: the room cell may hold the whole address") {
    struct {
        const char* room;
        const char* address;
        const char* building;
        const char* unit;
        const char* room_part;
    } cases[] = {
        {"502", "502", "", "", "502"},
        {"502室", "502", "", "", "502"},
        {"0502", "502", "", "", "502"},
        {"b302", "B302", "", "", "B302"},
        {"3-2-502", "3-2-502", "3", "2", "502"},
        {"3-502", "3-502", "3", "", "502"},
        {"3栋2单元502", "3-2-502", "3", "2", "502"},
        {"3号楼502室", "3-502", "3", "", "502"},
        {"三号楼二单元502", "3-2-502", "3", "2", "502"},
        {"3栋 2单元 502室", "3-2-502", "3", "2", "502"},
        {"3－2－502", "3-2-502", "3", "2", "502"},
        {"A座1203", "A-1203", "A", "", "1203"},
    };
    for (const auto& c : cases) {
        const Household h =
            one_row(std::string("南岗区,先锋街道,龙台社区,第一网格,,,") + c.room + ",,,,");
        CHECK_MESSAGE(h.address == c.address, c.room);
        CHECK(h.building == c.building);
        CHECK(h.unit == c.unit);
        CHECK(h.room == c.room_part);
    }
    // Agreeing with the building column is fine; disagreeing is a bad room.
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,3,,3-2-502,,,,").address == "3-2-502");
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,4,,3-2-502,,,,\n"),
                "ledger.bad_room", "t.csv:2: 门牌: the room \"3-2-502\" says building 3 but");
}

TEST_CASE("ledger: rooms that are not rooms") {
    for (const char* bad :
         {"某某家", "楼下", "502东", "3-2-1-502", "-502", "3-", "13800138000", "0", "B"}) {
        check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,,,\"" + bad + "\",,,,\n"),
                    "ledger.bad_room", "t.csv:2: 门牌: expected a room like 502");
    }
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,楼上,,502,,,,\n"),
                "ledger.bad_building", "t.csv:2: 楼栋: expected a building");
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,3,左边,502,,,,\n"),
                "ledger.bad_unit", "t.csv:2: 单元: expected a unit");
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,,2,502,,,,\n"),
                "ledger.bad_unit", "t.csv:2: 单元: unit 2 is given without a building");
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,3,2,,,,,\n"),
                "ledger.missing_value", "t.csv:2: 门牌: the room is required");
    check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,,3,2,502,,,,\n"), "ledger.missing_value",
                "t.csv:2: 网格: required, but empty");
}

TEST_CASE("ledger: phones") {
    struct {
        const char* in;
        const char* out;
    } good[] = {
        {"13800138000", "13800138000"},
        {"138-0013-8000", "13800138000"},
        {"+86 139 0451 2345", "13904512345"},
        {"8613904512345", "13904512345"},
        {"0451-86123456", "0451-86123456"},
        {"045186123456", "0451-86123456"},
        {"(010) 6512 3456", "010-65123456"},
        {"0464-8123456", "0464-8123456"},
        {"１３８００１３８０００", "13800138000"},
        {"", ""},
    };
    for (const auto& g : good) {
        const Household h =
            one_row(std::string("南岗区,先锋街道,龙台社区,第一网格,,,502,,,\"") + g.in + "\",");
        CHECK_MESSAGE(h.phone == g.out, g.in);
    }
    for (const char* bad : {"1380013800", "12800138000", "138001380001", "86123456", "0451-0612345",
                            "1.38001E+10", "13800138000/13900139000", "无"}) {
        check_error(parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,,,502,,,\"" + bad + "\",\n"),
                    "ledger.bad_phone", "t.csv:2: 电话: ");
    }
}

TEST_CASE("ledger: members") {
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,,,,").members == 1);
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,4,,,").members == 4);
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,3人,,,").members == 3);
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,三,,,").members == 3);
    CHECK(one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,30,,,").members == 30);
    for (const char* bad : {"0", "31", "-1", "2.5", "many", "一二"}) {
        check_error(
            parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,,,502," + bad + ",,,\n"),
            "ledger.bad_members",
            std::string("t.csv:2: 人数: expected a number of people from 1 to 30, got \"") + bad);
    }
    // Without a members column every household counts one.
    auto r = parse("区,街道,社区,网格,门牌\n南岗区,先锋街道,龙台社区,第一网格,502\n");
    REQUIRE(r);
    CHECK(r->households[0].members == 1);
}

TEST_CASE("ledger: tags with separators and end dates") {
    auto tags_of = [](const std::string& cell) {
        return one_row("南岗区,先锋街道,龙台社区,第一网格,,,502,,,13800138000,\"" + cell + "\"");
    };
    const uint16_t elderly_nochat =
        static_cast<uint16_t>(Tag::ElderlyAlone) | static_cast<uint16_t>(Tag::NoChat);
    CHECK(tags_of("elderly_alone;no_chat").tags == elderly_nochat);
    CHECK(tags_of("独居；仅电话").tags == elderly_nochat);
    CHECK(tags_of("独居, 仅电话").tags == elderly_nochat);
    CHECK(tags_of("独居，仅电话").tags == elderly_nochat);
    CHECK(tags_of("独居 仅电话").tags == elderly_nochat);
    CHECK(tags_of("独居\u3000仅电话").tags == elderly_nochat);

    Household h = tags_of("isolation:2026-12-05");
    CHECK(h.tags == static_cast<uint16_t>(Tag::Isolation));
    CHECK(h.isolation_until == "2026-12-05");
    CHECK(tags_of("居家隔离:2026-12-05").isolation_until == "2026-12-05");
    CHECK(tags_of("居家隔离：2026-12-05").isolation_until == "2026-12-05");
    CHECK(tags_of("居家隔离至2026-12-05").isolation_until == "2026-12-05");
    CHECK(tags_of("居家隔离至2026年12月5日").isolation_until == "2026-12-05");
    CHECK(tags_of("isolation: 2026/12/5").isolation_until == "2026-12-05");
    h = tags_of("健康监测至2026-11-30;返哈");
    CHECK(h.monitoring_until == "2026-11-30");
    CHECK(h.tags ==
          (static_cast<uint16_t>(Tag::Monitoring) | static_cast<uint16_t>(Tag::Returnee)));
    CHECK(tags_of("monitoring").monitoring_until.empty());

    auto bad_tags = [](const std::string& cell) {
        return parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,,,502,,,13800138000,\"" + cell +
                     "\"\n");
    };
    check_error(bad_tags("独居;vip"), "ledger.unknown_tag",
                "t.csv:2: 标签: unknown tag \"vip\"; accepted: elderly_alone, no_chat");
    check_error(bad_tags("isolation"), "ledger.bad_date",
                "t.csv:2: 标签: isolation needs an end date");
    check_error(bad_tags("isolation:2026-13-01"), "ledger.bad_date",
                "t.csv:2: 标签: expected an end date");
    check_error(bad_tags("isolation:2026-02-29"), "ledger.bad_date",
                "t.csv:2: 标签: expected an end date");
    check_error(bad_tags("返乡:2026-11-01"), "ledger.bad_date",
                "t.csv:2: 标签: only isolation and monitoring take a date");
}

TEST_CASE("ledger: no_chat households must have a phone") {
    check_error(
        parse(kHeader + "南岗区,先锋街道,龙台社区,第一网格,3,2,502,1,李桂兰,,独居老人;无微信\n"),
        "ledger.no_chat_without_phone",
        "t.csv:2: 电话: household 3-2-502 is no_chat (phone only) but has no phone number");
    // Without a phone column the tags column is named.
    check_error(
        parse("区,街道,社区,网格,门牌,标签\n南岗区,先锋街道,龙台社区,第一网格,502,no_chat\n"),
        "ledger.no_chat_without_phone", "t.csv:2: 标签: ");
}

TEST_CASE("ledger: headers in English, any order, with aliases") {
    auto r = parse(
        "Phone,ROOM,Grid,community,Street,district,Tags,Members,Name,Building,Unit\n"
        "13800138000,502,g1,c1,s1,d1,no_chat,2,Wang,3,2\n");
    REQUIRE_MESSAGE(r, r.error().to_string());
    const Household& h = r->households[0];
    CHECK(h.address == "3-2-502");
    CHECK(h.contact == "Wang");
    CHECK(h.street == "s1");
    CHECK(h.members == 2);

    r = parse(
        "区,街道,社区,网格,楼号,门牌号,人口,户主,手机号,备注标签\n"
        "南岗区,先锋街道,龙台社区,第一网格,3,502,2,张伟,13800138000,\n");
    REQUIRE_MESSAGE(r, r.error().to_string());
    CHECK(r->households[0].address == "3-502");
    CHECK(r->households[0].contact == "张伟");

    r = parse("区/district,街道/street,社区/community,网格/grid,门牌/room\nd,s,c,g,1\n");
    REQUIRE_MESSAGE(r, r.error().to_string());
    CHECK(r->households[0].room == "1");
}

TEST_CASE("ledger: header errors") {
    check_error(parse("区,街道,社区,网格,门牌,地址\n"), "ledger.unknown_column",
                "t.csv:1: 地址: unknown column; accepted: 区/district");
    check_error(parse("区,街道,社区,门牌\n"), "ledger.missing_column",
                "t.csv:1: 网格/grid: required column is missing");
    check_error(parse("区,街道,社区,网格,门牌,电话,手机\n"), "ledger.duplicate_column",
                "t.csv:1: 手机: the column 电话/phone is already given as \"电话\"");
    check_error(parse(""), "ledger.missing_column", "t.csv:1: the file has no header line");
    check_error(parse("\n\n"), "ledger.missing_column", "t.csv:1: the file has no header line");
    // A valid header and no rows is an empty ledger.
    auto r = parse("区,街道,社区,网格,门牌\n");
    REQUIRE(r);
    CHECK(r->households.empty());
    CHECK(r->encoding == "utf-8");
}

TEST_CASE("ledger: CSV quoting, CRLF, blank lines and trimming") {
    const std::string text =
        "区,街道,社区,网格,门牌,联系人,标签\r\n"
        "\r\n"
        "南岗区,先锋街道,龙台社区,第一网格,502,\"王\"\"老\"\"伯\",\"独居,困难\"\r\n"
        ",,,,,,\r\n"
        "南岗区,先锋街道,龙台社区,第一网格,503,\"两行\n名字\",\r\n"
        "\u3000南岗区\u3000, 先锋街道 ,龙台社区,第一网格,504,,,,\r\n";
    auto r = parse(text);
    REQUIRE_MESSAGE(r, r.error().to_string());
    REQUIRE(r->households.size() == 3);
    CHECK(r->households[0].line == 3);
    CHECK(r->households[0].contact == "王\"老\"伯");
    CHECK(r->households[0].tags ==
          (static_cast<uint16_t>(Tag::ElderlyAlone) | static_cast<uint16_t>(Tag::Vulnerable)));
    CHECK(r->households[1].line == 5);
    CHECK(r->households[1].contact == "两行\n名字");
    CHECK(r->households[2].line == 7);  // the quoted line break counts
    CHECK(r->households[2].district == "南岗区");
    CHECK(r->households[2].street == "先锋街道");

    check_error(parse("区,街道,社区,网格,门牌\nd,s,c,g,\"502\n"), "ledger.bad_csv",
                "t.csv:2: a quoted cell is never closed");
    check_error(parse("区,街道,社区,网格,门牌\nd,s,c,g,\"50\"2\n"), "ledger.bad_csv",
                "t.csv:2: text after the closing quote");
    check_error(parse("区,街道,社区,网格,门牌\nd,s,c,g,502,extra\n"), "ledger.bad_csv",
                "t.csv:2: cell 6 \"extra\" is beyond the last column");
    check_error(parse("区,街道,社区,网格,门牌,\nd,s,c,g,502,extra\n"), "ledger.unknown_column",
                "t.csv:2: cell 6 \"extra\" is under a column with no header");
}

TEST_CASE("ledger: a household twice names both lines") {
    auto r = parse(kHeader +
                   "南岗区,先锋街道,龙台社区,第一网格,3,2,502,,,,\n"
                   "南岗区,先锋街道,龙台社区,第二网格,3,2,502,,,,\n"
                   "南岗区,先锋街道,龙台社区,第一网格,,,3-2-0502,,,,\n");
    check_error(
        r, "ledger.duplicate_household",
        "t.csv:4: 门牌: household 3-2-502 in 南岗区/先锋街道/龙台社区/第一网格 is listed twice, on "
        "line 2 and line 4");
}

TEST_CASE("ledger: problems are collected, one per line, in file order, at most 20") {
    std::string text = kHeader;
    text += "南岗区,先锋街道,龙台社区,第一网格,,,楼下,,,,\n";         // line 2
    text += "南岗区,先锋街道,龙台社区,第一网格,,,502,,,12345,vip\n";  // line 3: two problems
    auto r = parse(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().id == "ledger.bad_room");
    CHECK(
        r.error().message ==
        "t.csv:2: 门牌: expected a room like 502, 3-2-502 or 3栋2单元502, got \"楼下\"\n"
        "t.csv:3: 电话: expected an 11-digit mobile (1[3-9]xxxxxxxxx) or a landline with area code "
        "(0451-86123456), got \"12345\"\n"
        "t.csv:3: 标签: unknown tag \"vip\"; accepted: " +
            accepted_tag_names());

    text = kHeader;
    for (int i = 0; i < 50; ++i) text += "南岗区,先锋街道,龙台社区,第一网格,,,楼下,,,,\n";
    r = parse(text);
    REQUIRE_FALSE(r);
    const std::string& m = r.error().message;
    CHECK(std::count(m.begin(), m.end(), '\n') == 20);  // 20 problems and the "stopped" line
    CHECK(m.find("t.csv:21: ") != std::string::npos);
    CHECK(m.find("t.csv:22: ") == std::string::npos);
    CHECK(m.substr(m.rfind('\n') + 1) == "(stopped after 20 problems)");
}

TEST_CASE("ledger: encodings") {
    const std::string utf8 =
        "区,街道,社区,网格,门牌,联系人\n南岗区,先锋街道,龙台社区,第一网格,502,王秀英\n";
    auto a = parse(utf8);
    REQUIRE(a);
    CHECK(a->encoding == "utf-8");

    auto b = parse("\xEF\xBB\xBF" + utf8);
    REQUIRE(b);
    CHECK(b->encoding == "utf-8-bom");
    CHECK(b->households == a->households);

    // The same text in GBK (bytes as iconv -t GBK writes them).
    const std::string gbk =
        "\xC7\xF8,\xBD\xD6\xB5\xC0,\xC9\xE7\xC7\xF8,\xCD\xF8\xB8\xF1,\xC3\xC5\xC5\xC6,"
        "\xC1\xAA\xCF\xB5\xC8\xCB\n"
        "\xC4\xCF\xB8\xDA\xC7\xF8,\xCF\xC8\xB7\xE6\xBD\xD6\xB5\xC0,"
        "\xC1\xFA\xCC\xA8\xC9\xE7\xC7\xF8,"
        "\xB5\xDA\xD2\xBB\xCD\xF8\xB8\xF1,502,\xCD\xF5\xD0\xE3\xD3\xA2\n";
    auto c = parse(gbk);
    REQUIRE_MESSAGE(c, c.error().to_string());
    CHECK(c->encoding == "gbk");
    CHECK(c->households == a->households);

    check_error(parse("\xFF\xFE"
                      "a\0,\0"),
                "ledger.bad_encoding", "t.csv:1: the file is UTF-16");
    // UTF-8 with one broken byte must not be read as GBK (it would garble every name).
    std::string damaged = utf8 + "南岗区,先锋街道,龙台社区,第一网格,503,王\xFF英\n";
    check_error(parse(damaged), "ledger.bad_encoding", "t.csv:3: the file is UTF-8 but byte 0xFF");
    check_error(parse("\xEF\xBB\xBF" + utf8 + "\xC0\n"), "ledger.bad_encoding",
                "t.csv:3: the file starts with a UTF-8 BOM");
    check_error(parse("district,street\n\x81\x20\n"), "ledger.bad_encoding",
                "t.csv:2: neither UTF-8 nor GBK");
    // Mojibake headers say why the file was read as GBK.
    auto m = parse("\xC4\xCF,\xB1\xB1\n");  // 南,北 in GBK
    REQUIRE_FALSE(m);
    CHECK(m.error().message.find("read as GBK because it is not valid UTF-8") != std::string::npos);
}
