// `gridbot import` end to end: the real binary, a real SQLite file.
#include <doctest/doctest.h>

#include "bot/store/store.h"
#include "bot/store/writer.h"
#include "import_fixture.h"
#include "support.h"

using namespace gridbot;
using test::ImportFixture;

TEST_CASE("import: the sample ledger imported twice leaves the same counts") {
    ImportFixture f;
    auto first = f.import("config/sample-ledger.csv");
    REQUIRE_MESSAGE(first.exit_code == 0, first.out);
    auto c1 = f.counts();
    CHECK(c1.nodes[1] == 2);
    CHECK(c1.nodes[2] == 4);
    CHECK(c1.nodes[3] == 12);
    CHECK(c1.households >= 12 * 20);
    CHECK(c1.households <= 12 * 40);
    auto second = f.import("config/sample-ledger.csv");
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find(" 0 added, 0 updated, " + std::to_string(c1.households) + " unchanged") !=
          std::string::npos);
    auto c2 = f.counts();
    CHECK(c2.households == c1.households);
    CHECK(c2.nodes == c1.nodes);
}

TEST_CASE("import: a ledger with one bad row exits non-zero naming file:line and imports nothing") {
    ImportFixture f;
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator("tests/data/ledger")) {
        std::string name = entry.path().filename().string();
        if (name.rfind("bad-", 0) != 0) continue;
        ++files;
        auto r = f.import(entry.path().string());
        CAPTURE(name);
        CHECK(r.exit_code != 0);
        CHECK(r.out.find("[ledger.") != std::string::npos);
        CHECK(r.out.find(entry.path().string() + ":") != std::string::npos);
    }
    CHECK(files >= 5);
    // Nothing written, not even the nodes of the good rows.
    auto s = store::Store::open(f.dir.file("g.db"), 0);
    REQUIRE(s.ok());
    CHECK(s.value()->counts().households == 0);
    CHECK(s.value()->counts().nodes[3] == 0);
}

TEST_CASE("import: a GBK ledger imports exactly like its UTF-8 twin") {
    ImportFixture utf8, gbk;
    REQUIRE(utf8.import("tests/data/ledger/sample-utf8.csv").exit_code == 0);
    auto r = gbk.import("tests/data/ledger/sample-gbk.csv");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK(r.out.find("(gbk,") != std::string::npos);
    std::string a = utf8.dump(), b = gbk.dump();
    CHECK(a.size() > 1000);
    CHECK(a == b);
}

TEST_CASE(
    "import: an edited ledger updates in place, absent households are reported, pruned only on "
    "request") {
    ImportFixture f;
    REQUIRE(f.import("config/sample-ledger.csv").exit_code == 0);
    std::string text = test::read_file("config/sample-ledger.csv");
    // Drop the last row and change the first household's phone.
    auto last = text.rfind('\n', text.size() - 2);
    std::string edited = text.substr(0, last + 1);
    auto second_line = edited.find('\n') + 1;
    auto line_end = edited.find('\n', second_line);
    std::string row = edited.substr(second_line, line_end - second_line);
    auto comma = row.rfind(',', row.rfind(',') - 1);
    std::string new_row = row.substr(0, comma) + ",13800009999," + row.substr(row.rfind(',') + 1);
    edited.replace(second_line, line_end - second_line, new_row);
    std::string path = f.dir.file("edited.csv");
    test::write_file(path, edited);
    auto before = f.counts().households;

    auto r = f.import(path);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK(r.out.find("1 updated") != std::string::npos);
    CHECK(r.out.find("1 absent from the file") != std::string::npos);
    CHECK(f.counts().households == before);
    CHECK(f.dump().find("13800009999") != std::string::npos);

    auto pruned = f.import(path, "--prune");
    REQUIRE(pruned.exit_code == 0);
    CHECK(pruned.out.find("1 pruned") != std::string::npos);
    CHECK(f.counts().households == before - 1);
}

TEST_CASE("import: a hierarchy cell that names no node is refused with file:line and column") {
    ImportFixture f;
    std::string path = f.dir.file("l.csv");
    test::write_file(path,
                     "区,街道,社区,网格,门牌\n南岗区,先锋街道,龙台社区,第一网格,3-2-502\n"
                     "南岗区,先锋街道,不存在社区,第一网格,3-2-601\n");
    auto r = f.import(path);
    CHECK(r.exit_code != 0);
    CHECK(r.out.find("[ledger.unknown_node] " + path + ":3: 社区: \"不存在社区\"") !=
          std::string::npos);
    auto s = store::Store::open(f.dir.file("g.db"), 0);
    REQUIRE(s.ok());
    CHECK(s.value()->counts().households == 0);
}

TEST_CASE(
    "import: a re-import without the tag, phone, contact and member columns keeps the stored "
    "values") {
    // Proves that omitting a column never clears data (issue 13 item 8): a ledger
    // without 标签 used to wipe every household's tags, no_chat included.
    ImportFixture f;
    std::string full = f.dir.file("full.csv"), thin = f.dir.file("thin.csv");
    test::write_file(
        full,
        "区,街道,社区,网格,门牌,人数,联系人,电话,标签\n"
        "南岗区,先锋街道,龙台社区,第一网格,1-2-501,1,曹凤英,0451-86738240,独居老人；无微信\n"
        "南岗区,先锋街道,龙台社区,第一网格,1-2-502,2,王浩然,18610314557,居家隔离至2026-11-30\n");
    test::write_file(thin,
                     "区,街道,社区,网格,门牌\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-2-501\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-2-502\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-2-601\n");
    REQUIRE(f.import(full).exit_code == 0);
    std::string before = f.dump();
    REQUIRE(before.find("0451-86738240") != std::string::npos);

    auto r = f.import(thin);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    CHECK_MESSAGE(r.out.find("  tags: column absent, kept\n") != std::string::npos, r.out);
    CHECK(r.out.find("  phone: column absent, kept\n") != std::string::npos);
    CHECK(r.out.find("  contact: column absent, kept\n") != std::string::npos);
    CHECK(r.out.find("  members: column absent, kept\n") != std::string::npos);
    CHECK(r.out.find("1 added, 0 updated, 2 unchanged") != std::string::npos);
    std::string after = f.dump();
    // The two known households are exactly as before; the new one got the defaults.
    for (const char* kept : {"曹凤英", "0451-86738240", "王浩然", "18610314557", "2026-11-30"}) {
        CHECK_MESSAGE(after.find(kept) != std::string::npos, kept);
    }
    CHECK(after.substr(0, before.size()) == before);

    // On request, an absent column clears (the old behaviour, said out loud).
    auto cleared = f.import(thin, "--clear-missing-columns");
    REQUIRE_MESSAGE(cleared.exit_code == 0, cleared.out);
    CHECK(cleared.out.find("  tags: column absent, cleared") != std::string::npos);
    CHECK(cleared.out.find("2 updated") != std::string::npos);
    CHECK(f.dump().find("0451-86738240") == std::string::npos);
}
