#include "bot/parse/parser.h"

#include <array>
#include <cmath>

#include "bot/parse/hedge.h"
#include "bot/parse/normalize.h"
#include "bot/parse/reading.h"
#include "bot/parse/temperature.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

constexpr int kFeverTenths = 373;    // DOMAIN.md: fever means ≥ 37.3 °C
constexpr char32_t kMask = U'\x01';  // stands in for a room or temperature already read

// Per-thread scratch so that understand() allocates little and stays reentrant.
std::vector<Match>& scratch_matches() {
    thread_local std::vector<Match> v;
    return v;
}

// "[通知]…", "楼长通知:…", "转发:…": a notice relayed to the group lists symptoms and
// outages to watch for; it reports none. The head is a bracketed tag or the text before
// the first colon (at most 8 characters), ending with a notice word.
// "【楼长提醒】…" in the raw text: the normaliser drops short bracketed tags like [图片].
bool notice_tag(std::string_view raw) {
    while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\n')) raw.remove_prefix(1);
    // "@所有人 明天停水…" addresses the whole group (a quoted one, 「@所有人…」, is not the
    // sender's).
    if (raw.starts_with("@所有人")) return true;
    constexpr std::string_view kOpen = "【", kClose = "】";
    if (raw.substr(0, kOpen.size()) != kOpen) return false;
    const std::size_t close = raw.find(kClose);
    if (close == std::string_view::npos || close > 40) return false;
    const std::string_view head = raw.substr(kOpen.size(), close - kOpen.size());
    for (std::string_view h : {"通知", "提醒", "公告", "温馨提示"}) {
        if (head.size() >= h.size() && head.substr(head.size() - h.size()) == h) return true;
    }
    return false;
}

// "各位居民:…" addresses everyone: an announcement, not a household's report.
bool relayed_notice(std::u32string_view s) {
    static constexpr std::array<std::u32string_view, 10> kHeads = {
        U"通知",     U"提醒",     U"公告",     U"转发",     U"温馨提示",
        U"紧急通知", U"各位居民", U"各位业主", U"各位邻居", U"居民朋友们"};
    std::u32string_view head;
    if (!s.empty() && s[0] == U'[') {
        const std::size_t close = s.find(U']');
        if (close == std::u32string_view::npos || close > 10) return false;
        head = s.substr(1, close - 1);
    } else {
        const std::size_t colon = s.find(U':');
        if (colon == std::u32string_view::npos || colon > 8) return false;
        head = s.substr(0, colon);
    }
    for (auto h : kHeads) {
        if (head.size() >= h.size() && head.substr(head.size() - h.size()) == h) return true;
    }
    return false;
}

}  // namespace

std::string_view to_string(Kind k) {
    switch (k) {
        case Kind::Zero:
            return "zero";
        case Kind::Anomaly:
            return "anomaly";
        case Kind::Command:
            return "command";
        case Kind::Chatter:
            return "chatter";
    }
    return "chatter";
}

Parser::Parser(std::shared_ptr<const Lexicon> lexicon) : lex_(std::move(lexicon)) {}

Understanding Parser::understand(std::string_view text) const {
    const std::u32string norm = normalize(text, lex_.get());
    if (auto c = command(norm)) return std::move(*c);
    if (notice_tag(text)) return Understanding{};  // chatter
    return report(norm);
}

Understanding Parser::report(std::u32string_view norm) const {
    Understanding u;
    if (relayed_notice(norm)) return u;  // chatter
    std::u32string text(norm);
    // "咳，别提了": an opening 咳 before a comma is a sigh, not a cough.
    for (std::u32string_view sigh : {std::u32string_view(U"咳咳,"), std::u32string_view(U"咳,")}) {
        if (!text.starts_with(sigh)) continue;
        for (std::size_t i = 0; i + 1 < sigh.size(); ++i) text[i] = kMask;
        break;
    }
    if (auto r = find_room(text, lex_.get())) {
        u.room = r->room;
        for (std::size_t i = r->begin; i < r->end; ++i) text[i] = kMask;
    }
    std::vector<TemperatureSpan> temps;
    find_temperatures(text, *lex_, temps);
    int max_tenths = -1;
    for (const auto& t : temps) {
        if (temperature_hedged(text, t.begin, t.end, *lex_, scratch_matches()))
            continue;  // asked, supposed or denied ("38度要报吗?", "不是38度2") is not a reading
        max_tenths = std::max(max_tenths, t.tenths);
        for (std::size_t i = t.begin; i < t.end; ++i) text[i] = kMask;
    }
    Reading reading = read_report(text, *lex_, scratch_matches());
    if (max_tenths >= 0) {
        u.temperature = max_tenths / 10.0;
        if (max_tenths >= kFeverTenths) {
            reading.categories |= static_cast<std::uint16_t>(1u << kFever);
        } else {
            reading.zero = true;  // a normal temperature is a report of health
        }
    }
    if (reading.categories != 0) {
        u.kind = Kind::Anomaly;
        for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
            if (reading.categories & (1u << i)) u.categories.emplace_back(kCategoryNames[i]);
        }
    } else if (reading.zero && !reading.complaint) {
        u.kind = Kind::Zero;
    } else if (!reading.complaint && !reading.question && reading.fine &&
               (reading.subject || reading.bare || (u.room && reading.fine_long))) {
        // Structural default: a statement that the household is well, in words
        // the lexicon does not list whole (老两口吃得香, 一家子都利利索索的).
        u.kind = Kind::Zero;
    } else if (!reading.complaint && !reading.question && !reading.chatter && reading.fine_long) {
        // A well-being predicate of two characters or more (气色不错, 利利索索) in a
        // statement that holds no acknowledgement, thanks or talk about the service.
        u.kind = Kind::Zero;
    } else {
        u.kind = Kind::Chatter;
    }
    return u;
}

Json to_json(const Understanding& u) {
    Json j = Json::object();
    j["kind"] = to_string(u.kind);
    j["categories"] = u.categories;
    j["temperature"] = u.temperature ? Json(*u.temperature) : Json(nullptr);
    j["room"] = u.room ? Json(*u.room) : Json(nullptr);
    if (u.kind == Kind::Command) {
        j["command"] = u.command;
        j["args"] = u.args;
    }
    return j;
}

}  // namespace gridbot::parse
