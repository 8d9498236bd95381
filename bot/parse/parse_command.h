#pragma once
// `gridbot parse TEXT | --jsonl` (DESIGN §4, §12). The CLI wires these in.
#include <iosfwd>
#include <string>
#include <vector>

namespace gridbot::parse {

// Text mode joins `text_words` with spaces and prints one JSON line. JSONL
// mode reads objects with a "text" key, one per line, and writes one
// understanding per line in order; a bad line writes {"error":"..."} to `out`
// (so numbering stays aligned) and a message naming the line to `err`.
// Returns 0, or 2 when the lexicon fails to load (message names file:line).
// `model` adds the learned model's own opinion to each line ("model": {kind, p,
// categories}), whatever the parser decided.
int run_parse_command(const std::vector<std::string>& text_words, bool jsonl,
                      const std::string& lexicon_path, std::istream& in, std::ostream& out,
                      std::ostream& err, bool model = false);

// $GRIDBOT_LEXICON, else ./config/lexicon/zh-CN.toml if present, else the
// source tree's config/lexicon/zh-CN.toml.
std::string default_lexicon_path();

}  // namespace gridbot::parse
