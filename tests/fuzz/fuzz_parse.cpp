// libFuzzer target over the reply parser: any bytes must give an
// understanding without a crash, a sanitizer report or a hang, and the
// output must serialise to JSON. Crash inputs go to
// tests/fuzz/regressions/parse/, replayed by test_parse_regressions.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "bot/parse/parse_command.h"
#include "bot/parse/parser.h"

using namespace gridbot::parse;

namespace {

const Parser& parser() {
    static const Parser* p = [] {
        auto lex = Lexicon::load_file(default_lexicon_path());
        if (!lex) std::abort();
        return new Parser(std::make_shared<const Lexicon>(std::move(lex.value())));
    }();
    return *p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Understanding u = parser().understand(text);
    const std::string line = to_json(u).dump();
    if (line.empty()) std::abort();
    if (u.kind != Kind::Anomaly && !u.categories.empty()) std::abort();
    if (u.kind == Kind::Anomaly && u.categories.empty()) std::abort();
    return 0;
}
