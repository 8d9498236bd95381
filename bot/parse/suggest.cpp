#include "bot/parse/suggest.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "bot/parse/normalize.h"
#include "bot/parse/utf8.h"
#include "bot/speech/readings.h"

namespace gridbot::parse {
namespace {

constexpr std::size_t kMinWord = 2, kMaxWord = 4;

// Particles, pronouns, time words and adverbs (直, 总, 刚): they split a run of unexplained
// characters and never start or end a proposed word.
bool stop_char(char32_t c) {
    static const std::u32string_view kStops =
        U"的了吗呢啊吧呀嘛哦哈啦哇我你您他她它们家今天早晚昨明是在有也都就还又很太一个这那着过和跟"
        U"与被把给让儿直总刚才再点";
    return kStops.find(c) != std::u32string_view::npos;
}

std::string_view toneless(char32_t c) {
    std::string_view r = speech::reading(c);
    while (!r.empty() && r.back() >= '0' && r.back() <= '9') r.remove_suffix(1);
    return r;
}

// Windows of `text` that sound like a term of category `cat` without being it.
std::vector<std::pair<std::u32string, std::u32string>> sound_alikes(std::u32string_view text,
                                                                    const Lexicon& lex, int cat) {
    std::vector<std::pair<std::u32string, std::u32string>> out;
    for (std::uint32_t p = 0; p < lex.phrase_count(); ++p) {
        const std::u32string& term = lex.phrase(p);
        if (term.size() < 2 || term.size() > 4 || !std::all_of(term.begin(), term.end(), is_han))
            continue;
        bool of_cat = false;
        for (const auto& m : lex.meanings(p))
            of_cat = of_cat || (m.role == Role::Term && m.arg == cat);
        if (!of_cat) continue;
        for (std::size_t i = 0; i + term.size() <= text.size(); ++i) {
            std::u32string_view w = text.substr(i, term.size());
            if (w == term) continue;
            bool same = true;
            for (std::size_t k = 0; k < w.size() && same; ++k) {
                std::string_view a = toneless(w[k]);
                same = w[k] == term[k] || (!a.empty() && a == toneless(term[k]));
            }
            if (same) out.emplace_back(w, term);
        }
    }
    return out;
}

// The words of `text` no lexicon word covers: every 2 to 4 characters of the
// runs of Chinese characters between known words, split at stop characters.
std::set<std::u32string> unexplained(std::u32string_view text, const std::vector<Match>& ms) {
    std::vector<bool> known(text.size(), false);
    for (const auto& m : ms)
        for (std::uint32_t i = m.begin; i < m.end && i < text.size(); ++i) known[i] = true;
    std::set<std::u32string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && !known[i] && is_han(text[i]) && !stop_char(text[i])) continue;
        for (std::size_t b = start; b < i; ++b)
            for (std::size_t n = kMinWord; n <= kMaxWord && b + n <= i; ++n)
                out.insert(std::u32string(text.substr(b, n)));
        start = i + 1;
    }
    return out;
}

// How many characters of `word` appear in the category's terms: with as many
// corrections for and against, a word that shares characters with known
// terms (寒战 with 畏寒) is the likelier one.
int affinity(std::u32string_view word, const Lexicon& lex, int cat) {
    int n = 0;
    for (char32_t c : word) {
        bool in_term = false;
        for (std::uint32_t p = 0; p < lex.phrase_count() && !in_term; ++p) {
            if (lex.phrase(p).find(c) == std::u32string::npos) continue;
            for (const auto& m : lex.meanings(p))
                in_term = in_term || (m.role == Role::Term && m.arg == cat);
        }
        n += in_term;
    }
    return n;
}

std::set<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::set<std::string> out(a.begin(), a.end());
    for (const auto& x : b) out.erase(x);
    return out;
}

struct Candidate {
    std::string sounds_like;
    std::set<int64_t> supporting;
};

struct Ranked {
    Suggestion s;
    int affinity = 0;
};

}  // namespace

std::vector<Suggestion> suggest(const std::vector<LabelledExample>& examples, const Lexicon& lex) {
    // (key, category, word) -> candidate
    std::map<std::tuple<std::string, std::string, std::u32string>, Candidate> found;
    std::vector<std::u32string> texts;
    std::vector<Match> ms;
    for (const auto& ex : examples) {
        texts.push_back(normalize(ex.text, &lex));
        const std::u32string& text = texts.back();
        ms.clear();
        lex.match(text, ms);
        const auto label = ex.kind == "anomaly" ? ex.categories : std::vector<std::string>{};
        const auto parsed =
            ex.parsed_kind == "anomaly" ? ex.parsed_categories : std::vector<std::string>{};
        for (const auto& cat : minus(label, parsed)) {
            const int c = category_index(cat);
            if (c < 0) continue;
            for (const auto& [w, term] : sound_alikes(text, lex, c)) {
                auto& cand = found[{"terms", cat, w}];
                cand.sounds_like = encode_utf8(term);
                cand.supporting.insert(ex.id);
            }
            for (const auto& w : unexplained(text, ms))
                found[{"terms", cat, w}].supporting.insert(ex.id);
        }
        for (const auto& cat : minus(parsed, label)) {
            const int c = category_index(cat);
            for (const auto& m : ms) {
                bool reports = false;
                for (const auto& mean : lex.meanings(m.phrase))
                    reports = reports || (mean.role == Role::Term && mean.arg == c);
                if (!reports) continue;
                if (m.begin > 0 && is_han(text[m.begin - 1]))
                    found[{"neutral", cat, text.substr(m.begin - 1, m.end - m.begin + 1)}]
                        .supporting.insert(ex.id);
                if (m.end < text.size() && is_han(text[m.end]))
                    found[{"neutral", cat, text.substr(m.begin, m.end - m.begin + 1)}]
                        .supporting.insert(ex.id);
            }
        }
    }
    std::vector<Ranked> ranked;
    for (const auto& [k, cand] : found) {
        const auto& [key, cat, word] = k;
        Suggestion s{cat,
                     encode_utf8(word),
                     key,
                     cand.sounds_like,
                     static_cast<int>(cand.supporting.size()),
                     0,
                     std::vector<int64_t>(cand.supporting.begin(), cand.supporting.end())};
        // Against: a term in a message not labelled with its category; a neutral
        // word in a message that is.
        for (std::size_t i = 0; i < examples.size(); ++i) {
            if (cand.supporting.count(examples[i].id) ||
                texts[i].find(word) == std::u32string::npos)
                continue;
            const auto& l = examples[i].categories;
            const bool has =
                examples[i].kind == "anomaly" && std::find(l.begin(), l.end(), cat) != l.end();
            if ((key == "terms") != has) ++s.against;
        }
        if (s.against >= s.support) continue;
        const int aff = key == "terms" ? affinity(word, lex, category_index(cat)) : 0;
        ranked.push_back({std::move(s), aff});
    }
    auto order = [](const Ranked& r) {
        return std::make_tuple(-r.s.support, r.s.against, r.s.sounds_like.empty(), -r.affinity,
                               -static_cast<long>(r.s.word.size()), r.s.category, r.s.word);
    };
    std::sort(ranked.begin(), ranked.end(),
              [&](const Ranked& a, const Ranked& b) { return order(a) < order(b); });
    std::vector<Suggestion> out;
    for (auto& r : ranked) out.push_back(std::move(r.s));
    return out;
}

Json to_json(const Suggestion& s) {
    Json j = Json::object();
    j["category"] = s.category;
    j["word"] = s.word;
    j["section"] = s.key == "terms" ? "category." + s.category : "words";
    j["key"] = s.key;
    if (!s.sounds_like.empty()) j["sounds_like"] = s.sounds_like;
    j["support"] = s.support;
    j["against"] = s.against;
    j["corrections"] = s.corrections;
    j["add"] = "[" + j["section"].get<std::string>() + "] " + s.key + " += \"" + s.word + "\"";
    return j;
}

}  // namespace gridbot::parse
