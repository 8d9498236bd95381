// Replays every kept fuzz input (tests/fuzz/regressions/parse/) through the
// parser, and checks the edge cases the issue names: invalid UTF-8, a 1 MB
// message, an empty message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"

using namespace gridbot::parse;

namespace {

Parser make_parser() {
    auto lex = Lexicon::load_file(default_lexicon_path());
    REQUIRE_MESSAGE(lex.ok(), lex.error().to_string());
    return Parser(std::make_shared<const Lexicon>(std::move(lex.value())));
}

void check_sane(const Understanding& u) {
    CHECK((u.kind == Kind::Anomaly) == !u.categories.empty());
    CHECK_NOTHROW((void)to_json(u).dump());
}

}  // namespace

TEST_CASE("parse regressions: every kept fuzz input parses") {
    const Parser parser = make_parser();
    const std::filesystem::path dir = "tests/fuzz/regressions/parse";
    REQUIRE(std::filesystem::is_directory(dir));
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        INFO(entry.path().string());
        check_sane(parser.understand(ss.str()));
        ++n;
    }
    CHECK(n > 0);
}

TEST_CASE("parse edges: empty, invalid UTF-8 and a 1 MB message give sensible results") {
    const Parser parser = make_parser();
    CHECK(to_json(parser.understand("")).dump() ==
          R"({"kind":"chatter","categories":[],"temperature":null,"room":null})");
    CHECK(parser.understand("   \t\n ").kind == Kind::Chatter);

    // Invalid bytes are dropped as spaces; the readable part still counts.
    const auto bad = parser.understand("\xff\xfe发烧\x80 38.5\xc3");
    CHECK(bad.kind == Kind::Anomaly);
    CHECK(bad.temperature == doctest::Approx(38.5));
    CHECK(parser.understand("\xe5\x8f").kind == Kind::Chatter);
    CHECK_NOTHROW((void)to_json(parser.understand("收到 #1 \xff\xfe")).dump());

    std::string big;
    while (big.size() < (1u << 20)) big += "今天家里都挺好，无发热、咳嗽。";
    // How fast is bench_parse's business (no timed assertions in unit tests).
    const auto u = parser.understand(big);
    CHECK(u.kind == Kind::Zero);

    std::string digits(1u << 20, '7');
    check_sane(parser.understand(digits));
    check_sane(parser.understand("收到 #" + std::string(30, '9')));
    CHECK(parser.understand("收到 #" + std::string(30, '9')).kind == Kind::Chatter);
}
