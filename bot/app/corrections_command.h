#pragma once
// `gridbot parse corrections` and `gridbot parse suggest` (issue 19 item 4):
// the leaders' corrections (更正) for review, and the lexicon entries they
// suggest (parse/suggest.h).
#include <iosfwd>
#include <string>

namespace gridbot::app {

struct CorrectionsRequest {
    std::string config_path;
    std::string since, until;  // local days, inclusive; "" open
    std::string lexicon;       // suggest: the lexicon to compare with ("" the configuration's)
    size_t limit = 20;         // suggest: at most this many proposals
};

// One JSON line per corrected message still stored (a message corrected
// twice: the last correction), in the form of
// the labelled sets (tests/data/parse/*.jsonl: text, kind, categories,
// temperature, room) followed by what the parser read and where it came from;
// each run leaves an audit row. Exit codes: 0, 1 the store failed, 2 a bad argument.
int corrections_command(const CorrectionsRequest& req, std::ostream& out, std::ostream& err);

// One JSON line per proposed lexicon entry, best first (parse::to_json(Suggestion)).
int suggest_command(const CorrectionsRequest& req, std::ostream& out, std::ostream& err);

}  // namespace gridbot::app
