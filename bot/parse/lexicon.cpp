#include "bot/parse/lexicon.h"

#include <algorithm>
#include <array>

#include "bot/parse/utf8.h"
#include "bot/speech/readings.h"

namespace gridbot::parse {

int category_index(std::string_view name) {
    for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
        if (kCategoryNames[i] == name) return static_cast<int>(i);
    }
    return -1;
}

void Lexicon::add(std::u32string text, Meaning m) {
    auto [it, inserted] = index_.try_emplace(text, static_cast<std::uint32_t>(phrases_.size()));
    if (inserted) {
        phrases_.push_back(std::move(text));
        meanings_.emplace_back();
    }
    auto& ms = meanings_[it->second];
    for (const auto& have : ms) {
        if (have.role == m.role && have.arg == m.arg) return;
    }
    ms.push_back(m);
}

void Lexicon::compile() {
    pair_buckets_.clear();
    single_.clear();
    begins_.assign(0x10000, false);
    for (std::uint32_t p = 0; p < phrases_.size(); ++p) {
        const std::u32string& ph = phrases_[p];
        if (ph[0] < begins_.size()) begins_[ph[0]] = true;
        if (ph.size() == 1) {
            single_[ph[0]] = p;
        } else {
            pair_buckets_[pair_key(ph[0], ph[1])].push_back(p);
        }
    }
    for (auto& [first, list] : pair_buckets_) {
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
            return phrases_[a].size() > phrases_[b].size();
        });
    }
    std::sort(commands_.begin(), commands_.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    term_by_first_.clear();
    in_sound_term_.assign(0x10000, false);
    term_by_second_.clear();
    for (std::uint32_t p = 0; p < phrases_.size(); ++p) {
        const std::u32string& ph = phrases_[p];
        if (ph.size() != 2 || !is_han(ph[0]) || !is_han(ph[1])) continue;
        if (std::find(sounds_like_.begin(), sounds_like_.end(), ph) == sounds_like_.end()) continue;
        term_by_first_[ph[0]].push_back(p);
        term_by_second_[ph[1]].push_back(p);
        for (char32_t c : ph) {
            if (c < in_sound_term_.size()) in_sound_term_[c] = true;
        }
    }
}

namespace {

// "guan1" -> "guan": a reading without its tone.
std::string_view toneless(char32_t c) {
    std::string_view r = speech::reading(c);
    if (!r.empty() && r.back() >= '0' && r.back() <= '9') r.remove_suffix(1);
    return r;
}

// A reading as voice input hears it across accents, as pinyin keyboards' fuzzy
// setting does: zh/z, ch/c, sh/s, n/l and f/h at the start, ang/an, eng/en and
// ing/in at the end ("胡泻" for 腹泻, "英性" for 阴性, "兰受" for 难受). Written into
// `out` (a reading is at most 6 letters), so that no call allocates.
std::string_view fuzzy(std::string_view r, std::array<char, 8>& out) {
    if (r.size() > out.size()) return r;
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
        if (i == 1 && r[1] == 'h' && r.size() > 2 && (r[0] == 'z' || r[0] == 'c' || r[0] == 's'))
            continue;
        out[n++] = r[i];
    }
    if (out[0] == 'n' && n > 1 && out[1] != 'g') out[0] = 'l';
    if (out[0] == 'f') out[0] = 'h';
    if (n > 2 && out[n - 1] == 'g' && out[n - 2] == 'n' &&
        (out[n - 3] == 'a' || out[n - 3] == 'e' || out[n - 3] == 'i'))
        --n;  // ang → an
    return std::string_view(out.data(), n);
}

bool sounds_same(char32_t a, char32_t b) {
    const std::string_view ra = toneless(a);
    if (ra.empty()) return false;
    const std::string_view rb = toneless(b);
    if (ra == rb) return true;
    if (rb.empty()) return false;
    std::array<char, 8> fa{}, fb{};
    return fuzzy(ra, fa) == fuzzy(rb, fb);
}

}  // namespace

const std::u32string* Lexicon::sounds_like(char32_t a, char32_t b) const {
    if (!is_han(a) || !is_han(b)) return nullptr;
    if (!in_sound_term(a) && !in_sound_term(b)) return nullptr;
    auto first = term_by_first_.find(a);
    auto second = term_by_second_.find(b);
    if (first == term_by_first_.end() && second == term_by_second_.end()) return nullptr;
    if (index_.count(std::u32string{a, b})) return nullptr;  // a word of its own
    if (first != term_by_first_.end()) {
        for (std::uint32_t p : first->second) {
            if (sounds_same(phrases_[p][1], b)) return &phrases_[p];
        }
    }
    if (second != term_by_second_.end()) {
        for (std::uint32_t p : second->second) {
            if (sounds_same(phrases_[p][0], a)) return &phrases_[p];
        }
    }
    return nullptr;
}

}  // namespace gridbot::parse
