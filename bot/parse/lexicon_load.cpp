// Loading a lexicon: the TOML file read into a Lexicon, every error naming
// the file, the line and the key (docs/parser.md, "The lexicon").
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "bot/parse/lexicon.h"
#include "bot/parse/normalize.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {

// Reads the TOML tree into a Lexicon, with file:line on every error.
class LexiconBuilder {
  public:
    LexiconBuilder(std::string_view name) : name_(name) {}

    Result<Lexicon> build(const toml::table& root) {
        // [normalize] first: phrases are normalised with its table.
        if (auto* t = root.get("normalize")) {
            if (!expect_table(*t, "normalize")) return *error_;
            for (auto&& [k, v] : *t->as_table()) {
                if (k.str() != "traditional" && k.str() != "dialect" && k.str() != "sounds_like")
                    return unknown(k, "normalize");
            }
            // Dialect phrases are written with simplified characters: the table first.
            if (auto* v = t->as_table()->get("traditional"); v && !read_traditional(*v))
                return *error_;
            if (auto* v = t->as_table()->get("dialect"); v && !read_dialect(*v)) return *error_;
            if (auto* v = t->as_table()->get("sounds_like");
                v && !read_list(*v, "normalize.sounds_like", lex_.sounds_like_))
                return *error_;
        }
        for (auto&& [k, v] : root) {
            const std::string key{k.str()};
            bool ok = true;
            if (key == "normalize") continue;
            if (key == "meta")
                ok = read_meta(v);
            else if (key == "category")
                ok = read_categories(v);
            else if (key == "combo")
                ok = read_combos(v);
            else if (key == "words")
                ok = read_words(v);
            else if (key == "temperature")
                ok = read_temperature(v);
            else if (key == "room")
                ok = read_room(v);
            else if (key == "commands")
                ok = read_commands(v);
            else
                return unknown(k, "");
            if (!ok) return *error_;
        }
        lex_.compile();
        return std::move(lex_);
    }

  private:
    std::string where(const toml::source_region& src) const {
        return name_ + ":" + std::to_string(src.begin.line);
    }
    bool fail(std::string id, const toml::source_region& src, const std::string& msg) {
        error_ = Error{std::move(id), where(src) + ": " + msg};
        return false;
    }
    Error unknown(const toml::key& k, const std::string& parent) {
        fail("lexicon.bad_key", k.source(),
             "unknown key \"" + (parent.empty() ? "" : parent + ".") + std::string(k.str()) + "\"");
        return *error_;
    }
    bool expect_table(const toml::node& n, const std::string& path) {
        if (n.is_table()) return true;
        return fail("lexicon.bad_type", n.source(), path + ": expected a table");
    }

    std::u32string norm(std::string_view s) { return normalize(s, &lex_); }

    // A list of non-empty strings, normalised like messages are.
    bool read_list(const toml::node& n, const std::string& path, std::vector<std::u32string>& out) {
        const auto* arr = n.as_array();
        if (!arr)
            return fail("lexicon.bad_type", n.source(), path + ": expected an array of strings");
        for (const auto& e : *arr) {
            const auto* s = e.as_string();
            if (!s) return fail("lexicon.bad_type", e.source(), path + ": expected a string");
            std::u32string w = norm(s->get());
            if (w.empty()) return fail("lexicon.empty_phrase", e.source(), path + ": empty phrase");
            out.push_back(std::move(w));
        }
        return true;
    }
    bool read_phrases(const toml::node& n, const std::string& path, Meaning m) {
        std::vector<std::u32string> words;
        if (!read_list(n, path, words)) return false;
        for (auto& w : words) lex_.add(std::move(w), m);
        return true;
    }

    bool read_meta(const toml::node& n) {
        if (!expect_table(n, "meta")) return false;
        for (auto&& [k, v] : *n.as_table()) {
            if (k.str() != "version" && k.str() != "description") {
                unknown(k, "meta");
                return false;
            }
        }
        return true;
    }

    bool read_traditional(const toml::node& n) {
        if (!expect_table(n, "normalize.traditional")) return false;
        for (auto&& [k, v] : *n.as_table()) {
            const auto* s = v.as_string();
            std::u32string from = decode_utf8(k.str());
            std::u32string to = s ? decode_utf8(s->get()) : std::u32string{};
            if (from.size() != 1 || to.size() != 1) {
                return fail(
                    "lexicon.bad_traditional", k.source(),
                    "normalize.traditional: expected one character mapped to one character");
            }
            lex_.traditional_[from[0]] = to[0];
        }
        return true;
    }

    bool read_dialect(const toml::node& n) {
        if (!expect_table(n, "normalize.dialect")) return false;
        std::vector<std::pair<std::u32string, std::u32string>> table;  // normalised without itself
        for (auto&& [k, v] : *n.as_table()) {
            const auto* s = v.as_string();
            std::u32string from = norm(k.str());
            std::u32string to = s ? norm(s->get()) : std::u32string{};
            if (from.empty() || !s) {
                return fail("lexicon.bad_dialect", k.source(),
                            "normalize.dialect: expected a phrase mapped to a string");
            }
            table.emplace_back(std::move(from), std::move(to));
        }
        std::stable_sort(table.begin(), table.end(), [](const auto& a, const auto& b) {
            return a.first.size() > b.first.size();
        });
        lex_.dialect_ = std::move(table);
        // Indexed at once: the phrases read after this section are normalised with it.
        lex_.dialect_by_first_.clear();  // the longest-first order is kept
        for (std::uint32_t d = 0; d < lex_.dialect_.size(); ++d)
            lex_.dialect_by_first_[lex_.dialect_[d].first[0]].push_back(d);
        return true;
    }

    bool read_categories(const toml::node& n) {
        if (!expect_table(n, "category")) return false;
        for (auto&& [k, v] : *n.as_table()) {
            const int cat = category_index(k.str());
            if (cat < 0) {
                return fail("lexicon.unknown_category", k.source(),
                            "category." + std::string(k.str()) + ": not one of the 12 categories");
            }
            const std::string path = "category." + std::string(k.str());
            if (!expect_table(v, path)) return false;
            const auto arg = static_cast<std::uint8_t>(cat);
            for (auto&& [k2, v2] : *v.as_table()) {
                if (k2.str() == "terms") {
                    if (!read_phrases(v2, path + ".terms", {Role::Term, arg})) return false;
                } else if (k2.str() == "resolved") {
                    if (!read_phrases(v2, path + ".resolved", {Role::Resolved, arg})) return false;
                } else {
                    unknown(k2, path);
                    return false;
                }
            }
        }
        return true;
    }

    bool read_combos(const toml::node& n) {
        if (!expect_table(n, "combo")) return false;
        for (auto&& [k, v] : *n.as_table()) {
            const std::string path = "combo." + std::string(k.str());
            if (!expect_table(v, path)) return false;
            if (lex_.combos_.size() >= 250)
                return fail("lexicon.too_many", k.source(), "too many combos");
            const auto id = static_cast<std::uint8_t>(lex_.combos_.size());
            Combo combo;
            combo.name = std::string(k.str());
            bool have_category = false;
            for (auto&& [k2, v2] : *v.as_table()) {
                const std::string key{k2.str()};
                if (key == "category") {
                    const auto* s = v2.as_string();
                    const int cat = s ? category_index(s->get()) : -1;
                    if (cat < 0) {
                        return fail("lexicon.unknown_category", v2.source(),
                                    path + ".category: expected one of the 12 categories");
                    }
                    combo.category = static_cast<std::uint8_t>(cat);
                    have_category = true;
                } else if (key == "window") {
                    const auto* i = v2.as_integer();
                    if (!i || i->get() < 0 || i->get() > 20) {
                        return fail("lexicon.bad_type", v2.source(),
                                    path + ".window: expected 0..20");
                    }
                    combo.window = static_cast<int>(i->get());
                } else if (key == "scope") {
                    const auto* sc = v2.as_string();
                    const std::string value = sc ? sc->get() : "";
                    if (value != "clause" && value != "message" && value != "later") {
                        return fail("lexicon.bad_type", v2.source(),
                                    path + ".scope: expected \"clause\", \"message\" or \"later\"");
                    }
                    combo.scope = value == "message" ? Combo::Scope::Message
                                  : value == "later" ? Combo::Scope::Later
                                                     : Combo::Scope::Clause;
                } else if (key == "first") {
                    if (!read_phrases(v2, path + ".first", {Role::ComboFirst, id})) return false;
                } else if (key == "then") {
                    if (!read_phrases(v2, path + ".then", {Role::ComboThen, id})) return false;
                } else if (key == "block") {
                    if (!read_phrases(v2, path + ".block", {Role::ComboBlock, id})) return false;
                } else {
                    unknown(k2, path);
                    return false;
                }
            }
            if (!have_category)
                return fail("lexicon.missing_key", k.source(), path + ": needs category");
            lex_.combos_.push_back(std::move(combo));
        }
        return true;
    }

    bool read_words(const toml::node& n) {
        if (!expect_table(n, "words")) return false;
        struct Named {
            const char* name;
            Role role;
            std::uint8_t arg = 0;
        };
        static const Named kRoles[] = {
            {"zero", Role::Zero},
            {"generic", Role::Generic},
            {"ailment", Role::Generic, kNamedAilment},
            {"negate_before", Role::NegateBefore},
            {"negate_list", Role::NegateList},
            {"negate_narrow", Role::NegateNarrow},
            {"negate_after", Role::NegateAfter},
            {"contrast", Role::Contrast},
            {"list_join", Role::ListJoin},
            {"question", Role::Question},
            {"hypothetical", Role::Hypothetical},
            {"hypothetical_after", Role::HypotheticalAfter},
            {"recovered", Role::Recovered},
            {"neutral", Role::Neutral},
            {"matter", Role::Matter},
            {"fine", Role::Fine},
            {"subject", Role::Subject},
            {"chatter", Role::Chatter},
            {"elsewhere", Role::Elsewhere},
            {"outsider", Role::Outsider},
            {"call", Role::Call},
        };
        for (auto&& [k, v] : *n.as_table()) {
            bool found = false;
            for (const auto& [name, role, arg] : kRoles) {
                if (k.str() == name) {
                    if (!read_phrases(v, "words." + std::string(name), {role, arg})) return false;
                    found = true;
                }
            }
            if (!found) {
                unknown(k, "words");
                return false;
            }
        }
        return true;
    }

    bool read_named_lists(
        const toml::node& n, const std::string& section,
        std::initializer_list<std::pair<const char*, std::vector<std::u32string>*>> lists) {
        if (!expect_table(n, section)) return false;
        for (auto&& [k, v] : *n.as_table()) {
            bool found = false;
            for (const auto& [name, target] : lists) {
                if (k.str() == name) {
                    if (!read_list(v, section + "." + name, *target)) return false;
                    found = true;
                }
            }
            if (!found) {
                unknown(k, section);
                return false;
            }
        }
        return true;
    }

    bool read_temperature(const toml::node& n) {
        return read_named_lists(n, "temperature",
                                {{"before", &lex_.temp_before_},
                                 {"not_before", &lex_.temp_not_before_},
                                 {"not_after", &lex_.temp_not_after_},
                                 {"weather", &lex_.temp_weather_}});
    }
    bool read_room(const toml::node& n) {
        return read_named_lists(n, "room",
                                {{"building", &lex_.building_},
                                 {"unit", &lex_.unit_},
                                 {"room", &lex_.room_},
                                 {"not_room", &lex_.not_room_}});
    }

    bool read_commands(const toml::node& n) {
        if (!expect_table(n, "commands")) return false;
        static const std::pair<const char*, CommandWord> kWords[] = {
            {"summary", CommandWord::Summary},   {"help", CommandWord::Help},
            {"ack", CommandWord::Ack},           {"resolve", CommandWord::Resolve},
            {"register", CommandWord::Register}, {"proxy", CommandWord::Proxy},
            {"correct", CommandWord::Correct},
        };
        for (auto&& [k, v] : *n.as_table()) {
            if (k.str() == "filler") {
                if (!read_list(v, "commands.filler", lex_.filler_)) return false;
                continue;
            }
            bool found = false;
            for (const auto& [name, word] : kWords) {
                if (k.str() != name) continue;
                std::vector<std::u32string> words;
                if (!read_list(v, std::string("commands.") + name, words)) return false;
                for (auto& w : words) lex_.commands_.emplace_back(std::move(w), word);
                found = true;
            }
            if (!found) {
                unknown(k, "commands");
                return false;
            }
        }
        return true;
    }

    std::string name_;
    Lexicon lex_;
    std::optional<Error> error_;
};

Result<Lexicon> Lexicon::load_string(std::string_view toml_text, std::string_view name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, name);
    } catch (const toml::parse_error& e) {
        return Error{"lexicon.syntax", std::string(name) + ":" +
                                           std::to_string(e.source().begin.line) + ": " +
                                           std::string(e.description())};
    }
    return LexiconBuilder(name).build(root);
}

Result<Lexicon> Lexicon::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"lexicon.io", path + ":0: cannot open the lexicon file"};
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_string(ss.str(), path);
}

}  // namespace gridbot::parse
