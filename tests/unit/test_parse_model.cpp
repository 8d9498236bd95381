// The learned second opinion (issue 19 item 2): a linear model over character
// n-grams, trained at build time (tools/train_model.cpp) from the labelled
// replies but blind batches 30 and 31, which choose its policy
// (tests/data/parse/policy.py): it decides only where the rules read nothing
// or an unnamed complaint, at p >= 0.97, below ask_below, with the rules'
// reading kept as the other answer.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "bot/parse/model.h"
#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"
#include "support.h"

using namespace gridbot;
using namespace gridbot::parse;

namespace {

const Parser& parser() {
    static const Parser p = [] {
        auto lex = Lexicon::load_file(default_lexicon_path());
        REQUIRE(lex.ok());
        return Parser(std::make_shared<const Lexicon>(std::move(lex.value())));
    }();
    return p;
}

}  // namespace

TEST_CASE("parse model: trained at build time on the labelled replies, one byte a weight") {
    CHECK(model::trained_on() > 8000);
    CHECK(model::size_bytes() == 8192 * 15);
    auto o = model::opinion("我家没米了，也买不到菜，家里还有老人");
    CHECK(o.kind == Kind::Anomaly);
    CHECK(o.p > 0.5);
    CHECK(o.categories == std::vector<std::string>{"supplies"});
}

TEST_CASE("parse model: the same files train the same table") {
    const auto dir = std::filesystem::path(test::gridbot_binary()).parent_path();
    const auto tool = (dir / "gridbot_train_model").string();
    REQUIRE(std::filesystem::exists(tool));
    const std::string files =
        "tests/data/parse/replies-sample.jsonl tests/data/parse/replies-blind2.jsonl";
    test::TempDir tmp;
    for (const char* out : {"a.inc", "b.inc"}) {
        auto r = test::run_command(tool + " " + tmp.file(out) + " " + files);
        REQUIRE_MESSAGE(r.exit_code == 0, r.out);
        CHECK(r.out.find("model: ") != std::string::npos);
    }
    CHECK(test::read_file(tmp.file("a.inc")) == test::read_file(tmp.file("b.inc")));
    auto bad = test::run_command(tool + " " + tmp.file("c.inc") + " /nonexistent.jsonl 2>&1");
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("/nonexistent.jsonl: cannot read") != std::string::npos);
}

TEST_CASE("parse model: decides only where the rules read nothing, and says so") {
    // The rules know no word here; the model reads diarrhoea (held-out batch 3x).
    auto u = parser().understand("厕所跑了一夜，拉的全是水");
    CHECK(u.kind == Kind::Anomaly);
    CHECK(u.categories == std::vector<std::string>{"diarrhea"});
    CHECK(u.why == "model");
    CHECK(u.why_words == "nothing");
    CHECK(u.confidence < 0.6);  // below the default ask_below: a resident is asked
    REQUIRE(u.otherwise);
    CHECK(u.otherwise->kind == Kind::Chatter);
    CHECK(to_json_explained(u)["why"] == "model:nothing");
    // What the rules read stays theirs, whatever the model thinks.
    CHECK(parser().understand("3-2-502 发烧38.5").why == "term");
    CHECK(parser().understand("体温枪没电了").kind == Kind::Chatter);  // model 0.90: below 0.97
    CHECK(parser().understand("哈哈").why == "chatter");
}
