#pragma once
// Reply understanding (DESIGN §4): free Chinese text → {kind, categories,
// temperature, room}, plus command and args for leaders' commands. Rules
// over a lexicon, not a model: fast (a few µs a message), explainable, and
// every rule has a test (tests/unit/test_parse_*.cpp).
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"
#include "bot/parse/lexicon.h"
#include "bot/parse/room.h"

namespace gridbot::parse {

// Ordered so that output keys print in the order DESIGN §4 shows.
using Json = nlohmann::ordered_json;

enum class Kind { Zero, Anomaly, Command, Chatter };
std::string_view to_string(Kind k);

// What the reading would be without a sound-alike (客嗽 read as 咳嗽): the other
// answer a clarifying question offers.
struct Otherwise {
    Kind kind = Kind::Chatter;
    std::vector<std::string> categories;
};

struct Understanding {
    Kind kind = Kind::Chatter;
    std::vector<std::string> categories;  // sorted, anomaly only
    std::optional<double> temperature;    // °C, one decimal
    std::optional<std::string> room;      // "3-2-502", "3-402", "706"
    // The room is another household's than the sender's (隔壁1503的徐大爷…, 帮802的王奶奶报,
    // the second of two households in one message): the daemon takes the report for it but
    // does not bind the sender to it. Not part of the JSON.
    bool for_another = false;
    std::string command;         // empty unless Command
    Json args = Json::object();  // {} unless Command
    // How sure the rules are (0-1) and what decided: `why` the rule ("term",
    // "sounds_like", "complaint" …), `why_words` the words it read ("咳嗽",
    // "客嗽>咳嗽"), printed together as "term:咳嗽" (docs/parser.md, "Confidence").
    double confidence = 1.0;
    std::string why;
    std::string why_words;
    std::optional<Otherwise>
        otherwise;  // the other reading when a sound-alike or the model decided
};

// Command args (our contract with the workflows):
//   summary, help      {}
//   register           {"room": "3-2-502" | null}
//   ack, resolve       {"incident": 17, "remark": "已送医" | null}
//   proxy              {"room": "3-2-502" | null, "report": {kind, categories, temperature, room}}
//   correct            {"room": "3-2-502" | null, "label": {kind, categories, temperature}}
// A command's own room is its room argument; categories [] and temperature null.
class Parser {
  public:
    explicit Parser(std::shared_ptr<const Lexicon> lexicon);

    // Total: any bytes (invalid UTF-8, empty, megabytes) give an Understanding.
    // Const and free of shared mutable state, so one Parser serves all threads.
    Understanding understand(std::string_view text) const;

  private:
    Understanding report(std::u32string_view normalised) const;
    void doubt_sound_alike(std::string_view text, std::u32string_view norm, Understanding& u) const;
    static Understanding notice();
    static void second_opinion(std::string_view text, Understanding& u);
    static void explain(Understanding& u, double confidence, const char* why);
    std::optional<Understanding> command(std::u32string_view normalised) const;

    std::shared_ptr<const Lexicon> lex_;
};

// Key order: kind, categories, temperature, room; then command, args for commands only.
Json to_json(const Understanding& u);
// The same, then "confidence" and "why" (what `gridbot parse` prints).
Json to_json_explained(const Understanding& u);

}  // namespace gridbot::parse
