// The lexicon is data: a word added to the TOML takes effect without a
// rebuild, and a bad file is refused with a stable id and file:line.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/parse/normalize.h"
#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"
#include "bot/parse/utf8.h"

using namespace gridbot::parse;

namespace {

std::string shipped_lexicon() {
    std::ifstream in(default_lexicon_path());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("parse lexicon: the shipped file loads") {
    auto lex = Lexicon::load_file(default_lexicon_path());
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    CHECK(lex.value().phrase_count() > 500);
}

TEST_CASE("parse lexicon: a word added to the file takes effect") {
    const std::string word = "齁齁的";  // a local form the shipped file lacks
    {
        auto lex = Lexicon::load_string(shipped_lexicon(), "zh-CN.toml");
        REQUIRE(lex.ok());
        Parser p(std::make_shared<const Lexicon>(std::move(lex.value())));
        CHECK(p.understand("孩子" + word).kind == Kind::Chatter);
    }
    // An operator appends a term to a category in a copy of the file.
    const auto path = std::filesystem::temp_directory_path() / "gridbot-lexicon-test.toml";
    {
        std::ofstream out(path);
        out << shipped_lexicon()
            << "\n[category.sore_throat.extra]\n";  // invalid: proves errors first
    }
    auto broken = Lexicon::load_file(path.string());
    REQUIRE_FALSE(broken.ok());
    {
        std::string text = shipped_lexicon();
        const std::string anchor = "[category.cough]\nterms = [\n";
        const auto at = text.find(anchor);
        REQUIRE(at != std::string::npos);
        text.insert(at + anchor.size(), "  \"" + word + "\",\n");
        std::ofstream out(path);
        out << text;
    }
    auto lex = Lexicon::load_file(path.string());
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    Parser p(std::make_shared<const Lexicon>(std::move(lex.value())));
    const auto u = p.understand("孩子" + word);
    CHECK(u.kind == Kind::Anomaly);
    CHECK(u.categories == std::vector<std::string>{"cough"});
    std::filesystem::remove(path);
}

TEST_CASE("parse lexicon: errors carry a stable id and file:line") {
    auto unknown = Lexicon::load_string("[words]\nzero = [\"好\"]\nzeros = [\"x\"]\n", "lex.toml");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().id == "lexicon.bad_key");
    CHECK(unknown.error().to_string().find("[lexicon.bad_key] lex.toml:3:") == 0);

    auto top = Lexicon::load_string("[meta]\nversion = 1\n[wordz]\n", "lex.toml");
    REQUIRE_FALSE(top.ok());
    CHECK(top.error().id == "lexicon.bad_key");

    auto cat = Lexicon::load_string("[category.headache]\nterms = [\"头疼\"]\n", "lex.toml");
    REQUIRE_FALSE(cat.ok());
    CHECK(cat.error().id == "lexicon.unknown_category");
    CHECK(cat.error().message.find("lex.toml:1:") == 0);

    auto type = Lexicon::load_string("[words]\nzero = \"正常\"\n", "lex.toml");
    REQUIRE_FALSE(type.ok());
    CHECK(type.error().id == "lexicon.bad_type");
    CHECK(type.error().message.find("lex.toml:2:") == 0);

    auto empty = Lexicon::load_string("[words]\nzero = [\"\"]\n", "lex.toml");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().id == "lexicon.empty_phrase");

    auto syntax = Lexicon::load_string("[words\nzero = 1\n", "lex.toml");
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().id == "lexicon.syntax");
    CHECK(syntax.error().message.find("lex.toml:1:") == 0);

    auto combo = Lexicon::load_string("[combo.x]\nfirst = [\"a\"]\n", "lex.toml");
    REQUIRE_FALSE(combo.ok());
    CHECK(combo.error().id == "lexicon.missing_key");

    auto scope = Lexicon::load_string(
        "[combo.x]\ncategory = \"fever\"\nscope = \"page\"\nfirst = [\"a\"]\nthen = [\"b\"]\n",
        "lex.toml");
    REQUIRE_FALSE(scope.ok());
    CHECK(scope.error().id == "lexicon.bad_type");
    CHECK(scope.error().message.find("combo.x.scope") != std::string::npos);
    CHECK(scope.error().message.find("lex.toml:3:") == 0);
    for (const char* ok : {"clause", "message", "later"}) {
        auto good =
            Lexicon::load_string(std::string("[combo.x]\ncategory = \"travel\"\nscope = \"") + ok +
                                     "\"\nfirst = [\"a\"]\nthen = [\"b\"]\n",
                                 "lex.toml");
        CHECK_MESSAGE(good.ok(), ok);
    }

    auto missing = Lexicon::load_file("/nonexistent/zh-CN.toml");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().id == "lexicon.io");
}

TEST_CASE("parse lexicon: dialect phrases map to the common form, and a bad entry names its line") {
    auto lex = Lexicon::load_string(
        "[normalize]\ndialect = { \"没得\" = \"没有\" }\n[category.fever]\nterms = [\"发烧\"]\n"
        "[words]\nnegate_list = [\"没有\"]\n",
        "lex.toml");
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    CHECK(encode_utf8(normalize("屋里没得电", &lex.value())) == "屋里没有电");
    auto bad = Lexicon::load_string("[normalize]\ndialect = { \"没得\" = 3 }\n", "lex.toml");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().id == "lexicon.bad_dialect");
    CHECK(bad.error().to_string().find("lex.toml:2:") != std::string::npos);
}

TEST_CASE(
    "parse lexicon: a voice-input homophone of a sounds_like term reads as the term, an "
    "everyday word does not") {
    // Proves [normalize] sounds_like: one character of a listed two-character term typed as
    // another of the same toneless reading (from the packaged readings) becomes the term,
    // at either position and whatever the tone; a term not listed, a pair that is itself a
    // lexicon word, and a pair of different sound are left alone.
    auto lex = Lexicon::load_string(
        "[normalize]\nsounds_like = [\"咳嗽\", \"停水\", \"发热\"]\n"
        "[category.cough]\nterms = [\"咳嗽\"]\n[category.utility]\nterms = [\"停水\", "
        "\"没水\"]\n[category.fever]\nterms = [\"发热\"]\n[words]\nneutral = [\"听水\"]\n",
        "lex.toml");
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    auto norm = [&](const char* s) { return encode_utf8(normalize(s, &lex.value())); };
    CHECK(norm("一直客嗽") == "一直咳嗽");      // ke2 for ke2: the first character
    CHECK(norm("我家挺水了") == "我家停水了");  // ting3 for ting2: another tone
    CHECK(norm("有点发惹") == "有点发热");      // re3 for re4: the second character
    CHECK(norm("昨晚没睡") == "昨晚没睡");      // 没水 is a term but not listed
    CHECK(norm("在听水声") == "在听水声");      // 听水 is a word of the lexicon
    CHECK(norm("发现了") == "发现了");          // xian is not re
    Parser p(std::make_shared<const Lexicon>(std::move(lex.value())));
    CHECK(p.understand("老公一直客嗽").kind == Kind::Anomaly);
}
