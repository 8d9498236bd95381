#include "bot/parse/parse_command.h"

#include <cstdlib>
#include <filesystem>
#include <istream>
#include <ostream>

#include "bot/core/data_files.h"
#include "bot/parse/parser.h"

namespace gridbot::parse {

std::string default_lexicon_path() {
    if (const char* env = std::getenv("GRIDBOT_LEXICON"); env && *env) return env;
    const std::string local = "config/lexicon/zh-CN.toml";
    std::error_code ec;
    if (std::filesystem::exists(local, ec)) return "./" + local;
    return find_data_file(local);
}

int run_parse_command(const std::vector<std::string>& text_words, bool jsonl,
                      const std::string& lexicon_path, std::istream& in, std::ostream& out,
                      std::ostream& err) {
    auto lex = Lexicon::load_file(lexicon_path);
    if (!lex) {
        err << lex.error().to_string() << "\n";
        return 2;
    }
    const Parser parser(std::make_shared<const Lexicon>(std::move(lex.value())));
    if (!jsonl) {
        std::string text;
        for (std::size_t i = 0; i < text_words.size(); ++i) {
            if (i) text += ' ';
            text += text_words[i];
        }
        out << to_json_explained(parser.understand(text)).dump() << "\n";
        return 0;
    }
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // Untrusted input: parse without exceptions, replace invalid UTF-8 on output.
        const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        std::string problem;
        if (j.is_discarded()) {
            problem = "line is not JSON";
        } else if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
            problem = "line has no \"text\" string";
        }
        if (!problem.empty()) {
            err << "[parse.bad_line] line " << number << ": " << problem << "\n";
            out << Json{{"error", problem}}.dump() << "\n";
            continue;
        }
        const auto understanding = parser.understand(j["text"].get_ref<const std::string&>());
        out << to_json_explained(understanding)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    }
    return 0;
}

}  // namespace gridbot::parse
