// Leaders' commands (DESIGN §4): 汇总, 帮助, 收到/已处理 #N, 办结/销号 #N,
// 登记 <room>, 代报 <room> <report>, 更正 <room> <label>. A command word must open the message
// (after an optional @mention or '/'); a bare 收到 without #N is chatter.
#include "bot/parse/normalize.h"
#include "bot/parse/parser.h"
#include "bot/parse/spoken_register.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

constexpr std::size_t kMaxIncidentDigits = 9;  // fits an int; 30 digits is not an incident

bool is_filler_punct(char32_t c) {
    return is_break(c) || c == U':' || c == U'-' || c == U'、' || c == U'\x01';
}

std::size_t skip_punct(std::u32string_view s, std::size_t i) {
    while (i < s.size() && is_filler_punct(s[i])) ++i;
    return i;
}

std::u32string_view trim(std::u32string_view s) {
    std::size_t b = skip_punct(s, 0);
    std::size_t e = s.size();
    while (e > b && (s[e - 1] == U' ')) --e;
    return s.substr(b, e - b);
}

// Only filler words and punctuation left: "汇总一下!" is still a command.
bool only_filler(std::u32string_view rest, const Lexicon& lex) {
    std::size_t i = 0;
    while (i < rest.size()) {
        if (is_filler_punct(rest[i])) {
            ++i;
            continue;
        }
        std::size_t best = 0;
        for (const auto& f : lex.command_filler()) {
            if (f.size() > best && rest.substr(i, f.size()) == f) best = f.size();
        }
        if (best == 0) return false;
        i += best;
    }
    return true;
}

// Where the command word may begin: after an @mention and a '/'. "@网格机器人 汇总":
// the mention runs to the first space; nullopt when there is none.
std::optional<std::size_t> command_start(std::u32string_view s) {
    std::size_t i = 0;
    if (!s.empty() && s[0] == U'@') {
        const std::size_t sp = s.find(U' ');
        if (sp == std::u32string_view::npos) return std::nullopt;
        i = sp + 1;
    }
    if (i < s.size() && s[i] == U'/') ++i;
    // The bot addressed by name or asked politely first: "机器人 帮助", "麻烦机器人汇总一下".
    for (std::u32string_view call :
         {std::u32string_view(U"麻烦机器人"), std::u32string_view(U"请机器人"),
          std::u32string_view(U"机器人"), std::u32string_view(U"麻烦")}) {
        if (s.substr(i).starts_with(call)) {
            i += call.size();
            while (i < s.size() && (s[i] == U' ' || s[i] == U',' || s[i] == U':')) ++i;
            break;
        }
    }
    return i;
}

Understanding command_named(const char* name) {
    Understanding u;
    u.kind = Kind::Command;
    u.command = name;
    return u;
}

// A few words about what to sum up or what to explain, with no number and no
// question mark: "汇总 今天曲江小区", "帮助 代报咋用", "汇总一下，居委要数据".
bool short_topic(std::u32string_view rest) {
    constexpr std::size_t kMaxTopic = 12;
    rest = trim(rest);
    if (rest.empty() || rest.size() > kMaxTopic) return false;
    for (char32_t c : rest) {
        if (is_ascii_digit(c) || c == U'#' || c == U'?' || c == U':') return false;
    }
    return true;
}

std::optional<Understanding> summary_or_help(CommandWord which, std::u32string_view rest,
                                             const Lexicon& lex) {
    const bool summary = which == CommandWord::Summary;
    bool command = only_filler(rest, lex);
    // Set apart by a space or a comma, the words after the command say what it is about.
    if (!command && !rest.empty() && (rest[0] == U' ' || rest[0] == U','))
        command = short_topic(rest);
    // 汇总 with 一下 / 今天 after it asks for the summary whatever follows: "汇总一下今天的情况";
    // "汇总的时候…", "汇总表在哪" and "帮助一下楼上的老人" are not commands.
    if (!command && summary) {
        for (std::u32string_view lead : {U"一下", U"下", U"今天", U"今日"}) {
            if (rest.starts_with(lead)) {
                command = short_topic(rest.substr(lead.size()));
                break;
            }
        }
    }
    if (!command) return std::nullopt;
    return command_named(summary ? "summary" : "help");
}

// 收到 #17, 办结 #17 remark: the incident's number, then an optional remark.
std::optional<Understanding> incident_act(CommandWord which, std::u32string_view rest) {
    std::size_t j = 0;
    while (j < rest.size() && (rest[j] == U' ' || rest[j] == U':')) ++j;
    if (j >= rest.size() || rest[j] != U'#') return std::nullopt;
    ++j;
    std::size_t d = j;
    while (d < rest.size() && is_ascii_digit(rest[d])) ++d;
    if (d == j || d - j > kMaxIncidentDigits) return std::nullopt;
    std::int64_t incident = 0;
    for (std::size_t k = j; k < d; ++k) incident = incident * 10 + (rest[k] - U'0');
    const std::u32string_view remark = trim(rest.substr(d));
    Understanding u = command_named(which == CommandWord::Ack ? "ack" : "resolve");
    u.args = Json::object();
    u.args["incident"] = incident;
    u.args["remark"] = remark.empty() ? Json(nullptr) : Json(encode_utf8(remark));
    return u;
}

Understanding register_command(std::u32string_view arg, const Lexicon* lex) {
    Understanding u = command_named("register");
    auto r = find_room(arg, lex, true);
    if (r) u.room = r->room;
    u.args = Json::object();
    u.args["room"] = r ? Json(r->room) : Json(nullptr);
    return u;
}

// 代报 <room> <report>: `report` is the rest read as a resident's report.
Understanding proxy_command(const Understanding& report) {
    Understanding u = command_named("proxy");
    u.room = report.room;
    u.args = Json::object();
    u.args["room"] = u.room ? Json(*u.room) : Json(nullptr);
    u.args["report"] = to_json(report);
    return u;
}

// 更正 <room> <label>: `label` is the rest read as a report, its room aside.
Understanding correct_command(const Understanding& label) {
    Understanding u = command_named("correct");
    u.room = label.room;
    u.args = Json::object();
    u.args["room"] = u.room ? Json(*u.room) : Json(nullptr);
    Json l = to_json(label);
    l.erase("room");
    u.args["label"] = std::move(l);
    return u;
}

}  // namespace

std::optional<Understanding> Parser::command(std::u32string_view s) const {
    const auto start = command_start(s);
    if (!start) return std::nullopt;
    const std::u32string_view body = s.substr(*start);
    for (const auto& [word, which] : lex_->commands()) {
        if (body.substr(0, word.size()) != word) continue;
        const std::u32string_view rest = body.substr(word.size());
        switch (which) {
            case CommandWord::Summary:
            case CommandWord::Help: {
                auto u = summary_or_help(which, rest, *lex_);
                // "帮助 我家老人发烧了" is a report, whatever word opens it.
                if (u && !only_filler(rest, *lex_) && report(trim(rest)).kind != Kind::Chatter)
                    return std::nullopt;
                return u;
            }
            case CommandWord::Ack:
            case CommandWord::Resolve:
                return incident_act(which, rest);
            case CommandWord::Register:
                return register_command(trim(rest), lex_.get());
            case CommandWord::Proxy:
                return proxy_command(report(trim(rest)));
            case CommandWord::Correct: {
                // 更正 3-2-502 异常 发烧 / 更正 3-2-502 正常: the label is read as a
                // report is ("异常" alone names no category: it reads as chatter).
                // The room must come first: a resident's "更正一下，是36度8" corrects
                // their own report and is read as one.
                const std::u32string_view arg = trim(rest);
                const auto at = find_room(arg, lex_.get(), true);
                if (!at || at->begin != 0) return std::nullopt;
                return correct_command(report(arg));
            }
        }
    }
    if (auto r = spoken_register(s, *lex_)) {  // "我登记下 3-1-202"
        Understanding u = command_named("register");
        u.room = r->room;
        u.args = Json::object();
        u.args["room"] = r->room;
        return u;
    }
    return std::nullopt;
}

}  // namespace gridbot::parse
