#include "bot/parse/parse_command.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <istream>
#include <ostream>

#include "bot/core/data_files.h"
#include "bot/parse/model.h"
#include "bot/parse/parser.h"

namespace gridbot::parse {

namespace {

// The understanding with how sure and why; with `model`, the learned model's own opinion too.
Json explained(const Understanding& u, std::string_view text, bool model) {
    Json j = to_json_explained(u);
    if (model) {
        if (u.why == "model" && u.otherwise) {  // what the rules had read
            j["rules"] = {{"kind", to_string(u.otherwise->kind)},
                          {"categories", u.otherwise->categories}};
        }
        const auto o = model::opinion(text);
        j["model"] = {{"kind", to_string(o.kind)},
                      {"p", std::round(o.p * 1000) / 1000},
                      {"categories", o.categories}};
    }
    return j;
}

}  // namespace

std::string default_lexicon_path() {
    if (const char* env = std::getenv("GRIDBOT_LEXICON"); env && *env) return env;
    const std::string local = "config/lexicon/zh-CN.toml";
    std::error_code ec;
    if (std::filesystem::exists(local, ec)) return "./" + local;
    return find_data_file(local);
}

int run_parse_command(const std::vector<std::string>& text_words, bool jsonl,
                      const std::string& lexicon_path, std::istream& in, std::ostream& out,
                      std::ostream& err, bool model) {
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
        out << explained(parser.understand(text), text, model).dump() << "\n";
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
        const std::string& text = j["text"].get_ref<const std::string&>();
        out << explained(parser.understand(text), text, model)
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    }
    return 0;
}

}  // namespace gridbot::parse
