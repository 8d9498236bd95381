// Messages per second of Parser::understand on one core, over the labelled
// sample repeated (DESIGN §4 target: ≥ 200,000/s).
//   ./build/bench_parse [replies.jsonl] [seconds]
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"

using namespace gridbot::parse;

int main(int argc, char** argv) {
    const std::string path =
        argc > 1 ? argv[1] : GRIDBOT_SOURCE_DIR "/tests/data/parse/replies-sample.jsonl";
    const double seconds = argc > 2 ? std::stod(argv[2]) : 2.0;
    std::vector<std::string> texts;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object() && j.contains("text") && j["text"].is_string())
            texts.push_back(j["text"]);
    }
    if (texts.empty()) {
        std::fprintf(stderr, "no texts in %s\n", path.c_str());
        return 1;
    }
    auto lex = Lexicon::load_file(default_lexicon_path());
    if (!lex) {
        std::fprintf(stderr, "%s\n", lex.error().to_string().c_str());
        return 2;
    }
    const Parser parser(std::make_shared<const Lexicon>(std::move(lex.value())));

    using Clock = std::chrono::steady_clock;
    std::size_t messages = 0, anomalies = 0;
    const auto start = Clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    while (elapsed() < seconds) {
        for (const auto& t : texts) {
            anomalies += parser.understand(t).kind == Kind::Anomaly;  // keeps the work observable
        }
        messages += texts.size();
    }
    const double s = elapsed();
    std::printf(
        "parse: %zu messages in %.2fs = %.0f msgs/s (%.2f us/msg, %zu distinct, %zu anomalies)\n",
        messages, s, static_cast<double>(messages) / s, s * 1e6 / static_cast<double>(messages),
        texts.size(), anomalies);
    return 0;
}
