// Leaders' commands and their args, and the `gridbot parse` entry point.
#include <doctest/doctest.h>

#include <sstream>

#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"

using namespace gridbot::parse;

namespace {

const Parser& parser() {
    static const Parser p = [] {
        auto lex = Lexicon::load_file(default_lexicon_path());
        if (!lex) FAIL(lex.error().to_string());
        return Parser(std::make_shared<const Lexicon>(std::move(lex.value())));
    }();
    return p;
}

std::string line(std::string_view text) { return to_json(parser().understand(text)).dump(); }

}  // namespace

TEST_CASE("parse commands: each command and its args") {
    CHECK(
        line("汇总") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"summary","args":{}})");
    CHECK(
        line("@网格机器人 汇总一下") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"summary","args":{}})");

    // The bot addressed by name, or asked politely, before the command word.
    CHECK(
        line("麻烦机器人汇总一下今天的") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"summary","args":{}})");
    CHECK(
        line("机器人 帮助") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"help","args":{}})");
    CHECK(
        line("帮助") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"help","args":{}})");
    CHECK(
        line("收到 #17 已送医") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"ack","args":{"incident":17,"remark":"已送医"}})");
    CHECK(
        line("已处理＃17") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"ack","args":{"incident":17,"remark":null}})");
    CHECK(
        line("办结 #17 已送药到家") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"resolve","args":{"incident":17,"remark":"已送药到家"}})");
    CHECK(
        line("销号#5") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"resolve","args":{"incident":5,"remark":null}})");
    CHECK(
        line("登记 3栋2单元502") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":"3-2-502","command":"register","args":{"room":"3-2-502"}})");
    CHECK(
        line("登记") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":null,"command":"register","args":{"room":null}})");
    CHECK(
        line("代报 3-2-502 发烧38.5 咳嗽") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":"3-2-502","command":"proxy","args":{"room":"3-2-502","report":{"kind":"anomaly","categories":["cough","fever"],"temperature":38.5,"room":"3-2-502"}}})");
    CHECK(
        line("代报 5号楼301 零报告") ==
        R"({"kind":"command","categories":[],"temperature":null,"room":"5-301","command":"proxy","args":{"room":"5-301","report":{"kind":"zero","categories":[],"temperature":null,"room":"5-301"}}})");
}

TEST_CASE("parse commands: what is not a command") {
    CHECK(parser().understand("收到").kind == Kind::Chatter);  // bare 收到
    CHECK(parser().understand("收到，谢谢").kind == Kind::Chatter);
    CHECK(parser().understand("收到 #").kind == Kind::Chatter);
    CHECK(parser().understand("收到 #1234567890123").kind ==
          Kind::Chatter);  // not an incident number
    CHECK(parser().understand("帮助一下我们家吧，没菜了").kind == Kind::Anomaly);
    CHECK(parser().understand("我要汇总").kind == Kind::Chatter);  // the word must open the message
}

TEST_CASE("parse commands: 汇总 and 帮助 with a few words about what to sum up or explain") {
    // Proves summary_or_help (command.cpp): a short topic after a space or a comma, or
    // after 汇总一下 / 汇总今天, keeps the command; a report, a question about the
    // summary, a number or another sentence does not.
    for (const char* summary : {"汇总一下今天的情况", "汇总 今天曲江小区", "汇总今天郑东这边的",
                                "汇总一下，居委要数据"}) {
        auto u = parser().understand(summary);
        CHECK_MESSAGE(u.kind == Kind::Command, summary);
        CHECK_MESSAGE(u.command == "summary", summary);
    }
    for (const char* help : {"帮助 代报咋用", "帮助 怎么代报"}) {
        auto u = parser().understand(help);
        CHECK_MESSAGE(u.kind == Kind::Command, help);
        CHECK_MESSAGE(u.command == "help", help);
    }
    CHECK(parser().understand("帮助 我家老人发烧了").kind == Kind::Anomaly);
    CHECK(parser().understand("帮助，家里停水了").kind == Kind::Anomaly);
    CHECK(parser().understand("汇总一下 3-2-502 发烧").kind == Kind::Anomaly);
    CHECK(parser().understand("汇总什么时候出？").kind == Kind::Chatter);
    CHECK(parser().understand("汇总的时候麻烦把我家也算上，我报晚了").kind == Kind::Chatter);
    CHECK(parser().understand("帮助一下楼上的独居老人吧，大家多关心").kind == Kind::Chatter);
}

TEST_CASE("parse command line: text and jsonl modes") {
    std::istringstream none;
    std::ostringstream out, err;
    CHECK(run_parse_command({"3栋2单元502", "发烧38.5"}, false, default_lexicon_path(), none, out,
                            err) == 0);
    // The contract's keys as they were, then how sure and what decided (issue 19).
    CHECK(out.str() ==
          "{\"kind\":\"anomaly\",\"categories\":[\"fever\"],\"temperature\":38.5,\"room\":\"3-2-"
          "502\",\"confidence\":0.95,\"why\":\"term:发烧\"}\n");

    std::istringstream in(
        "{\"text\":\"零报告\",\"id\":1}\nnot json\n{\"no_text\":1}\n{\"text\":\"咳嗽\"}\n");
    std::ostringstream out2, err2;
    CHECK(run_parse_command({}, true, default_lexicon_path(), in, out2, err2) == 0);
    CHECK(out2.str() ==
          "{\"kind\":\"zero\",\"categories\":[],\"temperature\":null,\"room\":null,"
          "\"confidence\":0.95,\"why\":\"zero:零报告\"}\n"
          "{\"error\":\"line is not JSON\"}\n"
          "{\"error\":\"line has no \\\"text\\\" string\"}\n"
          "{\"kind\":\"anomaly\",\"categories\":[\"cough\"],\"temperature\":null,\"room\":null,"
          "\"confidence\":0.95,\"why\":\"term:咳嗽\"}\n");
    CHECK(err2.str().find("line 2") != std::string::npos);
    CHECK(err2.str().find("line 3") != std::string::npos);

    std::ostringstream out3, err3;
    CHECK(run_parse_command({"x"}, false, "/nonexistent.toml", none, out3, err3) == 2);
    CHECK(err3.str().find("[lexicon.io] /nonexistent.toml") == 0);
}

TEST_CASE("parse commands: 登记 said in conversation registers the address it names") {
    // A register word with an address and only fillers or a lead-in about the sender is the
    // command wherever the word stands; any other talk around it keeps it a report.
    const std::string want =
        R"({"kind":"command","categories":[],"temperature":null,"room":"5-1-702","command":"register","args":{"room":"5-1-702"}})";
    CHECK(line("我登记一下 5-1-702") == want);
    CHECK(line("我家是5栋1单元702，登记下，谢谢") == want);
    CHECK(line("5-1-702 登记") == want);
    CHECK(parser().understand("5-1-702 登记过了吗").kind == Kind::Chatter);
    CHECK(parser().understand("5-1-702 去哪登记").kind != Kind::Command);
}
