// Tag names, the words community workers write for them, and the tags cell
// with its end dates.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "bot/ledger/cells.h"
#include "bot/ledger/ledger.h"

namespace gridbot::ledger {
namespace {

struct TagWord {
    std::string_view word;
    Tag tag;
};

// English names first (they are also what tag_name returns), then synonyms
// seen in Harbin and Qitaihe ledgers.
constexpr TagWord kTagWords[] = {
    {"elderly_alone", Tag::ElderlyAlone},
    {"no_chat", Tag::NoChat},
    {"vulnerable", Tag::Vulnerable},
    {"isolation", Tag::Isolation},
    {"monitoring", Tag::Monitoring},
    {"returnee", Tag::Returnee},
    {"positive", Tag::Positive},
    {"key_group", Tag::KeyGroup},
    {"pregnant", Tag::Pregnant},
    {"dialysis", Tag::Dialysis},
    // elderly_alone
    {"独居老人", Tag::ElderlyAlone},
    {"独居", Tag::ElderlyAlone},
    {"独居老年人", Tag::ElderlyAlone},
    {"独居长者", Tag::ElderlyAlone},
    {"空巢老人", Tag::ElderlyAlone},
    {"孤寡老人", Tag::ElderlyAlone},
    // no_chat
    {"无微信", Tag::NoChat},
    {"仅电话", Tag::NoChat},
    {"不会用微信", Tag::NoChat},
    {"没有微信", Tag::NoChat},
    {"不用微信", Tag::NoChat},
    {"不会微信", Tag::NoChat},
    {"无智能手机", Tag::NoChat},
    {"电话联系", Tag::NoChat},
    {"仅电话联系", Tag::NoChat},
    {"未进群", Tag::NoChat},
    // vulnerable
    {"困难", Tag::Vulnerable},
    {"弱势群体", Tag::Vulnerable},
    {"困难群众", Tag::Vulnerable},
    {"困难户", Tag::Vulnerable},
    {"弱势", Tag::Vulnerable},
    {"残疾人", Tag::Vulnerable},
    {"残疾", Tag::Vulnerable},
    {"低保", Tag::Vulnerable},
    {"低保户", Tag::Vulnerable},
    {"特困", Tag::Vulnerable},
    {"特困人员", Tag::Vulnerable},
    // isolation
    {"居家隔离", Tag::Isolation},
    {"隔离", Tag::Isolation},
    {"集中隔离", Tag::Isolation},
    // monitoring
    {"健康监测", Tag::Monitoring},
    {"居家健康监测", Tag::Monitoring},
    {"监测", Tag::Monitoring},
    // returnee
    {"返乡", Tag::Returnee},
    {"返哈", Tag::Returnee},
    {"外地返回", Tag::Returnee},
    {"返哈人员", Tag::Returnee},
    {"返乡人员", Tag::Returnee},
    {"外地返哈", Tag::Returnee},
    {"外地返回人员", Tag::Returnee},
    {"返回人员", Tag::Returnee},
    // positive
    {"阳性", Tag::Positive},
    {"确诊", Tag::Positive},
    {"感染者", Tag::Positive},
    {"阳性感染者", Tag::Positive},
    {"无症状", Tag::Positive},
    {"无症状感染者", Tag::Positive},
    // key_group
    {"重点人群", Tag::KeyGroup},
    {"重点人员", Tag::KeyGroup},
    {"密接", Tag::KeyGroup},
    {"次密接", Tag::KeyGroup},
    {"密切接触者", Tag::KeyGroup},
    // pregnant
    {"孕妇", Tag::Pregnant},
    {"孕产妇", Tag::Pregnant},
    {"怀孕", Tag::Pregnant},
    // dialysis
    {"透析", Tag::Dialysis},
    {"血透", Tag::Dialysis},
    {"血液透析", Tag::Dialysis},
    {"透析患者", Tag::Dialysis},
};

bool consume(std::string_view& text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return false;
    text.remove_prefix(prefix.size());
    return true;
}

bool consume_any(std::string_view& text, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return consume(text, p); });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view v) {
    std::string out;
    out.reserve(v.size() + 2);
    out.push_back('"');
    out.append(v);
    out.push_back('"');
    return out;
}

}  // namespace

std::string_view tag_name(Tag tag) {
    for (const TagWord& w : kTagWords) {
        if (w.tag == tag) return w.word;  // the English name comes first
    }
    return "unknown";
}

std::optional<Tag> tag_from_text(std::string_view text) {
    // English names: case-insensitive, "elderly-alone" and "Elderly Alone" too.
    std::array<char, 24> folded{};
    if (!text.empty() && text.size() <= folded.size() &&
        static_cast<unsigned char>(text[0]) < 0x80) {
        for (size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c == '-' || c == ' ') c = '_';
            folded[i] = c;
        }
        text = std::string_view(folded.data(), text.size());
    }
    for (const TagWord& w : kTagWords) {
        if (w.word == text) return w.tag;
    }
    return std::nullopt;
}

std::string accepted_tag_names() {
    std::string out;
    for (Tag tag : kAllTags) {
        if (!out.empty()) out += ", ";
        out += tag_name(tag);
    }
    out += " (or 独居老人, 无微信, 困难, 居家隔离, 健康监测, 返哈, 阳性, 重点人群, 孕妇, 透析 ...)";
    return out;
}

std::optional<std::string> parse_date(std::string_view text) {
    text = trim_cell(text);
    auto take_int = [&](size_t min_digits, size_t max_digits) -> std::optional<int> {
        size_t n = 0;
        int v = 0;
        while (n < text.size() && n < max_digits && is_digit(text[n]))
            v = v * 10 + (text[n++] - '0');
        if (n < min_digits || (n < text.size() && is_digit(text[n]))) return std::nullopt;
        text.remove_prefix(n);
        return v;
    };
    const auto year = take_int(4, 4);
    if (!year) return std::nullopt;
    const bool chinese = consume(text, "年");
    if (!chinese && !consume_any(text, {"-", "/", "."})) return std::nullopt;
    const auto month = take_int(1, 2);
    if (!month) return std::nullopt;
    if (!(chinese ? consume(text, "月") : consume_any(text, {"-", "/", "."}))) return std::nullopt;
    const auto day = take_int(1, 2);
    if (!day) return std::nullopt;
    if (chinese) consume_any(text, {"日", "号"});
    if (!trim_cell(text).empty()) return std::nullopt;
    if (*year < 2000 || *year > 2099 || *month < 1 || *month > 12 || *day < 1) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = *year % 4 == 0;  // exact within 2000..2099
    if (*day > kDays[*month - 1] + (*month == 2 && leap ? 1 : 0)) return std::nullopt;
    char buf[11];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *year, *month, *day);
    return std::string(buf, 10);
}

namespace {

// Splits one token off `text` at ; , whitespace or 、, and returns it trimmed
// (empty between two separators).
std::string_view take_token(std::string_view& text) {
    size_t end = 0;
    size_t sep_len = 0;
    for (; end < text.size(); ++end) {
        const char c = text[end];
        if (c == ';' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            sep_len = 1;
            break;
        }
        if (text.substr(end, 3) == "、") {
            sep_len = 3;
            break;
        }
    }
    const std::string_view token = trim_cell(text.substr(0, end));
    text.remove_prefix(std::min(text.size(), end + sep_len));
    return token;
}

struct NameAndDate {
    std::string_view name, date;  // trimmed; either may be empty
};

// Name and date: "isolation:2026-12-05", "居家隔离至2026-12-05", "隔离2026-12-05".
NameAndDate split_name_and_date(std::string_view token) {
    size_t split = token.size();
    size_t date_from = token.size();
    for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == ':') {
            split = i, date_from = i + 1;
            break;
        }
        if (token.substr(i, 3) == "至" || token.substr(i, 3) == "到") {
            split = i, date_from = i + 3;
            break;
        }
        if (is_digit(token[i])) {
            split = date_from = i;
            break;
        }
    }
    return {trim_cell(token.substr(0, split)), trim_cell(token.substr(date_from))};
}

// Sets the end date of isolation or monitoring; two different dates for one tag are a problem.
CellCheck set_end_date(TagSet& out, Tag tag, const std::string& date, std::string_view cell) {
    std::string& slot = tag == Tag::Isolation ? out.isolation_until : out.monitoring_until;
    if (!slot.empty() && slot != date) {
        return CellProblem{"ledger.bad_date", std::string(tag_name(tag)) + " has two end dates, " +
                                                  slot + " and " + date + ", in " + quoted(cell)};
    }
    slot = date;
    return std::nullopt;
}

// A token that is a date alone: the end date of the isolation or monitoring
// tag before it (`waiting_for_date`, which it clears).
CellCheck read_lone_date(std::string_view token, std::string_view date_text,
                         uint16_t& waiting_for_date, TagSet& out, std::string_view cell) {
    const auto date = parse_date(date_text);
    if (!date) {
        return CellProblem{"ledger.unknown_tag",
                           "unknown tag " + quoted(token) + "; accepted: " + accepted_tag_names()};
    }
    if (waiting_for_date == 0) {
        return CellProblem{"ledger.bad_date",
                           "the date " + quoted(token) + " follows no isolation or monitoring tag"};
    }
    if (auto p = set_end_date(out, static_cast<Tag>(waiting_for_date), *date, cell)) return p;
    waiting_for_date = 0;
    return std::nullopt;
}

// A token naming a tag, with its end date if one is written beside it; an
// isolation or monitoring tag without one waits for a date in the next token.
CellCheck read_tag(std::string_view token, const NameAndDate& parts, uint16_t& waiting_for_date,
                   TagSet& out, std::string_view cell) {
    const auto tag = tag_from_text(parts.name);
    if (!tag) {
        return CellProblem{"ledger.unknown_tag", "unknown tag " + quoted(parts.name) +
                                                     "; accepted: " + accepted_tag_names()};
    }
    out.tags = static_cast<uint16_t>(out.tags | static_cast<uint16_t>(*tag));
    const bool dated = *tag == Tag::Isolation || *tag == Tag::Monitoring;
    waiting_for_date = 0;
    if (parts.date.empty()) {
        if (dated) waiting_for_date = static_cast<uint16_t>(*tag);
        return std::nullopt;
    }
    if (!dated) {
        return CellProblem{"ledger.bad_date",
                           "only isolation and monitoring take a date, got " + quoted(token)};
    }
    const auto date = parse_date(parts.date);
    if (!date) {
        return CellProblem{"ledger.bad_date", "expected an end date like 2026-12-05 after " +
                                                  std::string(tag_name(*tag)) + ", got " +
                                                  quoted(token)};
    }
    return set_end_date(out, *tag, *date, cell);
}

}  // namespace

CellCheck parse_tags(std::string_view cell, TagSet& out) {
    out = {};
    std::string scratch;
    std::string_view text = to_halfwidth(cell, scratch);
    // Isolation or monitoring written without a date yet (0: none). Not an
    // optional<Tag>: GCC 12 warns falsely about it being uninitialised.
    uint16_t waiting_for_date = 0;
    while (!text.empty()) {
        const std::string_view token = take_token(text);
        if (token.empty()) continue;
        if (waiting_for_date != 0 &&
            (token == "until" || token == ":" || token == "至" || token == "到"))
            continue;
        const NameAndDate parts = split_name_and_date(token);
        CellCheck p = parts.name.empty()
                          ? read_lone_date(token, parts.date, waiting_for_date, out, cell)
                          : read_tag(token, parts, waiting_for_date, out, cell);
        if (p) return p;
    }
    if (has_tag(out.tags, Tag::Isolation) && out.isolation_until.empty()) {
        return CellProblem{"ledger.bad_date",
                           "isolation needs an end date, as isolation:2026-12-05 or "
                           "居家隔离至2026-12-05, got " +
                               quoted(cell)};
    }
    return std::nullopt;
}

}  // namespace gridbot::ledger
