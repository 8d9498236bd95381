#include "bot/parse/parser.h"

#include <array>
#include <cmath>

#include "bot/parse/clause.h"
#include "bot/parse/hedge.h"
#include "bot/parse/model.h"
#include "bot/parse/normalize.h"
#include "bot/parse/reading.h"
#include "bot/parse/temperature.h"
#include "bot/parse/utf8.h"

namespace gridbot::parse {
namespace {

// Confidence by what decided (docs/parser.md, "Confidence"): a listed word or
// a stated temperature; the structural well-being default; a question; a
// message that names nothing; an unnamed complaint; a sound-alike guess.
constexpr double kSure = 0.95, kWellBeing = 0.75, kWellBeingAlone = 0.7, kQuestion = 0.85,
                 kNothing = 0.8, kComplaint = 0.5, kSoundAlike = 0.55, kModel = 0.58,
                 kBareOk = 0.58;
// The model's probability of its kind from which it decides where the rules read nothing.
constexpr double kModelSure = 0.97;
constexpr char32_t kMask = U'\x01';  // stands in for a room or temperature already read

// Per-thread scratch so that understand() allocates little and stays reentrant.
std::vector<Match>& scratch_matches() {
    thread_local std::vector<Match> v;
    return v;
}

// "[通知]…", "楼长通知:…", "转发:…": a notice relayed to the group lists symptoms and
// outages to watch for; it reports none. "【每日小结】…", "今日汇总:…": nor does a
// leader's tally of the day. The head is a bracketed tag or the text before
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
    for (std::string_view h : {"通知", "提醒", "公告", "温馨提示", "转发", "转"}) {
        if (head.ends_with(h)) return true;
    }
    // A tally counts households (户).
    return (head.ends_with("汇总") || head.ends_with("小结") || head.ends_with("统计")) &&
           raw.find("户") != std::string_view::npos;
}

// "各位居民:…" addresses everyone: an announcement, not a household's report.
bool relayed_notice(std::u32string_view s) {
    static constexpr std::array<std::u32string_view, 16> kHeads = {
        U"通知",     U"提醒",     U"公告",     U"转发",     U"温馨提示", U"紧急通知",
        U"各位居民", U"各位业主", U"各位邻居", U"各位住户", U"各位街坊", U"居民朋友们",
        U"模板",     U"格式",     U"notice",   U"reminder"};
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
    // "转:…", "转发一篇:…": something passed on from elsewhere.
    if (head == U"转" || (head.starts_with(U"转发") && !head.starts_with(U"转发给"))) return true;
    for (auto h : kHeads) {
        if (head.size() >= h.size() && head.substr(head.size() - h.size()) == h) return true;
    }
    // A leader's tally of the day pasted in ("今日汇总:共126户…") counts households.
    for (std::u32string_view h : {U"汇总", U"小结", U"统计"}) {
        if (head.ends_with(h) && s.find(U'户') != s.npos) return true;
    }
    return false;
}

// "各位邻居早上好,提醒一下:…", "大家好,今天降温,注意保暖": the group addressed
// and asked to do something, with no household of the sender's named — the
// leader's word to everyone, which lists what to report and reports nothing.
bool addresses_everyone(std::u32string_view s) {
    // "[Grid leader] Reminder: …": the sender's label in brackets before the words.
    if (s.starts_with(U'[')) {
        const std::size_t close = s.find(U']');
        if (close != s.npos && close < 20) s.remove_prefix(close + 1);
        while (s.starts_with(U' ')) s.remove_prefix(1);
    }
    // Every opener below starts with one of these: most messages start with none, and
    // are spared the comparisons (the parser's cost per message is measured in bench_parse).
    static constexpr std::u32string_view kOpeners = U"请各如紧提大老街邻建给推drlgnp";
    const bool may_open = !s.empty() && kOpeners.find(s[0]) != std::u32string_view::npos;
    // "请有发热…的居民…", "如遇停水停电…请拨打…", "紧急情况请打120": whoever it concerns.
    const bool asks =
        may_open &&
        (s.starts_with(U"请各位") || s.starts_with(U"各位请") || s.starts_with(U"请各户") ||
         s.starts_with(U"请大家") || s.starts_with(U"请有") || s.starts_with(U"如遇") ||
         s.starts_with(U"请还没") || s.starts_with(U"请没报") || s.starts_with(U"紧急情况请") ||
         s.starts_with(U"提醒大家") || s.starts_with(U"dear residents") ||
         s.starts_with(U"dear neighbo") ||
         (s.starts_with(U"各位") && s.substr(0, 8).find(U'请') != s.npos) ||
         s.starts_with(U"reminder") || s.starts_with(U"leader:") ||
         s.starts_with(U"grid leader:") || s.starts_with(U"notice:") ||
         s.starts_with(U"notice from") || s.starts_with(U"pls remember") ||
         s.starts_with(U"please remember"));
    auto holds = [&](std::initializer_list<std::u32string_view> words) {
        return holds_any(s, words);
    };
    auto household = [&] {
        return holds({U"我家", U"我们家", U"俺家", U"本人", U"本户", U"我屋", U"我妈", U"我爸",
                      U"老伴", U"我发", U"我咳", U"我是", U"住在", U" my ", U" our ", U" we "});
    };
    // "今天还有12户没报，请抓紧": the leader counting who has not reported;
    // "今天报了87户，异常3户", "正常112户，发烧2户，阳性1户": the leader's tally.
    if (s.find(U'户') != s.npos) {
        if (holds({U"户没报", U"户未报", U"户还没报"}) && !household()) return true;
        int counts = 0;
        for (std::size_t i = s.find(U'户'); i != s.npos; i = s.find(U'户', i + 1)) {
            counts +=
                i > 0 && (is_ascii_digit(s[i - 1]) ||
                          std::u32string_view(U"一二两三四五六七八九十").find(s[i - 1]) != s.npos);
        }
        if (counts >= 2) return true;
    }
    // "建议大家备点退烧药", "给大家推荐个方子": advice to everyone.
    if (may_open &&
        (s.starts_with(U"建议大家") || s.starts_with(U"给大家推荐") || s.starts_with(U"推荐大家")))
        return !household();
    // "…有以上情况的立即私信我", "直接回「X栋X单元XXX 正常」": a list to watch for,
    // a template to fill in; the day's check-in opened or closed ("今天健康打卡开始了，
    // 家家户户都得报", "今日报完咯，冇报嘅我打电话过去").
    // (Each holds 以, x, 报 or 打: one scan for those first, as most messages have none.)
    if (s.find_first_of(U"以x报打") != s.npos &&
        holds({U"有以上情况", U"如有以上", U"出现以上", U"x栋x", U"x号楼x", U"xxx", U"打卡开始",
               U"打卡就到这", U"没报的我", U"冇报嘅", U"都得报", U"也报个零报告", U"都要报个",
               U"还有没报的", U"没报的邻居", U"抓紧报", U"没有情况也要报", U"没情况也要报"}))
        return !household();
    if (!may_open ||
        (!asks && !s.starts_with(U"各位") && !s.starts_with(U"各户") && !s.starts_with(U"大家好") &&
         !s.starts_with(U"大家早") && !s.starts_with(U"大家注意") && !s.starts_with(U"老少爷们") &&
         !s.starts_with(U"街坊们") && !s.starts_with(U"邻居们")))
        return false;
    // The greeting closes the head when no punctuation does
    // ("各位邻居早上好☀️今天…").
    const std::size_t head = std::min(s.find_first_of(U",!:;.? "), s.find(U"早上好"));
    if (!asks && (head == std::u32string_view::npos || head > 12)) return false;
    // "孩子发烧了" is a household's news; "孩子发烧的(要报)" is whoever's child it is.
    const std::size_t child = s.find(U"孩子发");
    const bool childs_news = child != s.npos && !(child + 4 < s.size() && s[child + 4] == U'的');
    return holds({U"请",       U"提醒",       U"记得",        U"注意",     U"及时",   U"尽快",
                  U"务必",     U"不要",       U"别忘了",      U"一定要",   U"配合",   U"别忘",
                  U"嫑忘",     U"莫忘",       U"莫搞忘",      U"都报一下", U"please", U"pls",
                  U"remember", U"reminder",   U"must report", U"deadline", U"点前报", U"之前报",
                  U"前报平安", U"都要当天报", U"规矩",        U"接龙"}) &&
           !childs_news && !household();
}

// `引用“我家老太太拉肚子”——…`, `回复@刘阿姨“老伴儿发烧了”:收到…`, `你说的“老人家喘不过气”
// 那个…`: the words in quotes are someone else's, answered or passed on; they are blanked
// before reading (the quote marks themselves are spaces to the normaliser).
std::string without_quoted(std::string_view raw) {
    constexpr std::string_view kOpen = "“", kClose = "”";
    const std::size_t open = raw.find(kOpen);
    if (open == std::string_view::npos || open > 60) return {};
    const std::string_view head = raw.substr(0, open);
    bool quoted = false;
    // Not "孩子说“嗓子疼”": the household's own words, quoted.
    for (std::string_view w : {"引用", "回复", "你说", "您说"}) {
        quoted = quoted || head.find(w) != std::string_view::npos;
    }
    const std::size_t close = raw.find(kClose, open);
    if (!quoted || close == std::string_view::npos) return {};
    std::string out(raw.substr(0, open));
    out += ' ';
    out += raw.substr(close + kClose.size());
    return out;
}

// WeChat's quoted reply: 「the message quoted」, a line of dashes, the reply.
struct QuotedReply {
    std::string_view quote, reply;
};
std::optional<QuotedReply> quoted_reply(std::string_view raw) {
    if (!raw.starts_with("「")) return std::nullopt;
    const std::size_t close = raw.find("」");
    if (close == std::string_view::npos) return std::nullopt;
    const std::size_t rule = raw.find("- - -", close);
    if (rule == std::string_view::npos) return std::nullopt;
    const std::size_t reply = raw.find('\n', rule);
    if (reply == std::string_view::npos) return std::nullopt;
    return QuotedReply{raw.substr(0, close), raw.substr(reply + 1)};
}

// "你家老人发烧要赶紧去医院", "恁家孩子发烧就用温水擦擦": advice to another household
// about theirs, not a report of the sender's.
// "@刘姐 你家缺啥跟我说": the name the message is addressed to ("刘姐"), empty when none.
std::u32string_view mention(std::u32string_view s) {
    if (!s.starts_with(U"@")) return {};
    const std::size_t space = s.find(U' ');
    if (space == std::u32string_view::npos || space > 12) return {};
    return s.substr(1, space - 1);
}

bool to_another_household(std::u32string_view s) {
    // Past the name the message is addressed to.
    if (const std::u32string_view to = mention(s); !to.empty()) s.remove_prefix(to.size() + 2);
    return s.starts_with(U"你家") || s.starts_with(U"恁家") || s.starts_with(U"你们家") ||
           s.starts_with(U"您家");
}

// Whether the words between two readings take the first back (不对, 看错了, 量错了);
// not 不是 alone: "是37.9不是36.9" denies the second reading, which is hedged.
bool corrected(std::u32string_view text, std::size_t from, std::size_t to) {
    return holds_any(text.substr(from, to - from),
                     {U"不对", U"看错", U"量错", U"写错", U"报错", U"说错", U"打错", U"哦不是",
                      U"噢不是", U"更正"});
}

// Whether the words between a fever's reading and a later normal one say it
// went down: "前几天烧到39度，这两天已经退了，今早量的36.8" reports 36.8.
bool fell(std::u32string_view text, std::size_t from, std::size_t to) {
    return holds_any(text.substr(from, to - from), {U"退了", U"退烧了", U"烧退", U"降下来", U"降了",
                                                    U"降到", U"退到", U"不烧了"});
}

// A report's temperatures: the highest stated one and the highest vague
// reading ("36度多"), -1 when none; their spans are masked in `text`.
// `at` is where the highest of all begins.
struct Temperatures {
    int stated = -1, vague = -1;
    std::uint32_t at = ~0u;
};

Temperatures take_temperatures(std::u32string& text, const Lexicon& lex) {
    std::vector<TemperatureSpan> spans;
    find_temperatures(text, lex, spans);
    Temperatures out;
    for (std::size_t k = 0; k < spans.size(); ++k) {
        const TemperatureSpan& t = spans[k];
        if (temperature_hedged(text, t.begin, t.end, lex, scratch_matches()))
            continue;  // asked, supposed or denied ("38度要报吗?", "不是38度2") is not a reading
        // Taken back: "37度5，不对，看错了，是36度5" counts the second reading only;
        // so does a fever that went down before a lower reading ("38度5，吃了药降到37度9").
        if (k + 1 < spans.size() &&
            (corrected(text, t.end, spans[k + 1].begin) ||
             (spans[k + 1].tenths < t.tenths && fell(text, t.end, spans[k + 1].begin))) &&
            !temperature_hedged(text, spans[k + 1].begin, spans[k + 1].end, lex,
                                scratch_matches())) {
            for (std::size_t i = t.begin; i < t.end; ++i) text[i] = kMask;
            continue;
        }
        if (t.tenths > std::max(out.stated, out.vague))
            out.at = static_cast<std::uint32_t>(t.begin);
        int& highest = t.vague ? out.vague : out.stated;
        highest = std::max(highest, t.tenths);
        for (std::size_t i = t.begin; i < t.end; ++i) text[i] = kMask;
    }
    return out;
}

// A stated temperature is the report's; any reading says fever or health.
// Not one told of someone else (我表哥在武汉，发烧38度).
void apply_temperatures(const Temperatures& t, Understanding& u, Reading& reading) {
    if (reading.watched_not_ours) return;
    if (t.stated >= 0) u.temperature = t.stated / 10.0;
    const int highest = std::max(t.stated, t.vague);
    if (highest < 0) return;
    if (highest >= kFeverTenths) {
        reading.categories |= static_cast<std::uint16_t>(1u << kFever);
    } else {
        reading.zero = true;  // a normal temperature is a report of health
    }
}

// "两户一起报：3-1-201正常，3-1-202我老豆发烧38度", "刚才报的是7-1-302，应该是7-1-303，
// 老人发烧": the anomaly belongs to the household named last before it, when the one
// named first was said to be well before it, or was corrected.
void other_household(std::u32string_view text, const RoomSpan& first, const Reading& reading,
                     const Lexicon* lex, Understanding& u) {
    auto later = room_before(text, first, reading.term_begin, lex);
    if (!later) return;
    const std::u32string_view between = text.substr(first.end, later->begin - first.end);
    const bool well_before = reading.zero_end != 0 && reading.zero_end <= later->begin &&
                             reading.zero_begin >= first.begin;
    const bool corrected = between.find(U"应该是") != between.npos ||
                           between.find(U"改为") != between.npos ||
                           between.find(U"改成") != between.npos;
    if (well_before || corrected) {
        u.room = later->room;
        u.for_another = well_before;  // a corrected door is still the sender's
    }
}

// "更正：刚才说我发烧是打错了，是36.3，正常的", "刚才那个发烧的不是我家，我发错群了，我们家
// 都正常": a symptom named before the sender takes it back, with an all-clear after it,
// is no report; so is a fever read from a temperature alone ("刚才发错了…那个38度是测的洗澡
// 水温度 家里都正常": term_begin is 0). An emergency is never taken back this way.
bool retracted(std::u32string_view text, const Reading& reading) {
    if (!reading.zero || reading.zero_end == 0 || reading.zero_begin < reading.term_end ||
        (reading.categories & (1u << detail::kEmergency)))
        return false;
    for (std::u32string_view w : {U"说错", U"写错", U"打错", U"看错", U"睇错", U"发错", U"搞错",
                                  U"弄错", U"报错", U"量错", U"不是我家", U"不是我们家", U"开玩笑",
                                  U"手滑", U"点错", U"报成", U"发成", U"填错", U"逗你"}) {
        const std::size_t at = text.find(w, reading.term_begin);
        if (at != text.npos && at < reading.zero_begin) return true;
    }
    return false;
}

// "哈哈哈咳咳咳笑死我了", "咳咳咳，老王你这段子太逗了": a run of three 咳 or more beside
// laughter is a laugh or a throat cleared for effect, not a cough.
void mask_laughing_cough(std::u32string& text) {
    if (text.find(U"咳咳咳") == std::u32string::npos) return;
    bool laughing = false;
    for (std::u32string_view w : {U"哈哈", U"笑死", U"太逗", U"段子", U"搞笑", U"笑喷", U"lol"}) {
        laughing = laughing || text.find(w) != std::u32string::npos;
    }
    if (!laughing) return;
    for (std::size_t i = text.find(U"咳咳咳"); i != std::u32string::npos;
         i = text.find(U"咳咳咳", i)) {
        while (i < text.size() && text[i] == U'咳') text[i++] = kMask;
    }
}

// "咳，别提了": an opening 咳 before a comma is a sigh, not a cough; nor is a
// laugh spelled 咳咳咳.
void mask_false_coughs(std::u32string& text) {
    for (std::u32string_view sigh : {std::u32string_view(U"咳咳,"), std::u32string_view(U"咳,")}) {
        if (!text.starts_with(sigh)) continue;
        for (std::size_t i = 0; i + 1 < sigh.size(); ++i) text[i] = kMask;
        break;
    }
    mask_laughing_cough(text);
}

// "@502 你家老人今天怎么样了？": the household asked after is the one addressed.
Understanding asked_after(Understanding u, std::u32string_view norm, const Lexicon* lex) {
    if (const std::u32string_view to = mention(norm); !to.empty()) {
        if (auto r = find_room(to, lex, true)) u.room = r->room;
    }
    return u;
}

// "ok", "OK!", "👌", "ok👌", "嗯嗯 ok": nothing but ok. In a check-in group most writers
// mean "all well" (every such line of the batches written to the settled guide, 23 of 23),
// some an acknowledgement: a zero report below ask_below, so the daemon asks the sender
// before taking it, and takes nothing from a household that has already reported.
bool bare_ok(std::u32string_view s) {
    bool ok = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const char32_t c = s[i];
        if (c == U' ' || c == U'!' || c == U'.' || c == U',' || c == U'~' || c == U'了' ||
            c == U'嗯' || c == U'啦' || c == U'哦') {
            ++i;
        } else if (s.substr(i, 4) == U"okay" || s.substr(i, 4) == U"good") {
            ok = true;  // "Good": as "ok" says, and "fine" is a zero word already
            i += 4;
        } else if (s.substr(i, 2) == U"ok") {
            ok = true;
            i += 2;
            while (i < s.size() && s[i] == U'k') ++i;
        } else {
            return false;
        }
    }
    return ok;
}

// A sign of assent at the end of `s` ("👍🏻", "✅", "[强]", "+1", " 1", "好", "打卡"; not
// 好的, which may answer anything): its length, or 0.
std::size_t sign_at_end(std::u32string_view s) {
    const char32_t c = s.back();
    // Modifiers (skin tones, variation selectors, joiners, ♀/♂) go with the sign before.
    if ((c >= 0x1F3FB && c <= 0x1F3FF) || c == 0xFE0F || c == 0x200D || c == 0x2640 ||
        c == 0x2642) {
        const std::size_t n = s.size() > 1 ? sign_at_end(s.substr(0, s.size() - 1)) : 0;
        return n ? n + 1 : 0;
    }
    // 👍 👌 ✌ ✅ ✔ ☑ 🙆 💯 🆗
    for (char32_t sign : {U'\U0001F44D', U'\U0001F44C', U'\u270C', U'\u2705', U'\u2714', U'\u2611',
                          U'\U0001F646', U'\U0001F4AF', U'\U0001F197'}) {
        if (c == sign) return 1;
    }
    for (std::u32string_view w : {U"[强]", U"[ok]", U"[OK]", U"[好]", U"[胜利]", U"[耶]", U"+1",
                                  U"＋1", U"好嘞", U"好", U"打卡", U"已报"}) {
        if (s.ends_with(w)) return w.size();
    }
    if (c == U'1' && s.size() > 1 && s[s.size() - 2] == U' ') return 1;  // "1608 1"
    return 0;
}

// "1203 👍", "1号楼1201 1", "2栋2201 打卡", "1604 [OK]": a household's address
// followed by signs of assent and nothing else is its report that all is well
// (a bare 👍 is not: it may answer anything).
bool room_and_sign(std::string_view raw, const Lexicon* lex) {
    std::u32string s = decode_utf8(raw);
    bool signed_off = false;
    for (;;) {
        while (!s.empty() && (s.back() == U' ' || s.back() == U'!' || s.back() == U'！' ||
                              s.back() == U'.' || s.back() == U'。' || s.back() == U'~'))
            s.pop_back();
        if (s.empty()) return false;
        const std::size_t n = sign_at_end(s);
        if (n == 0) break;
        s.resize(s.size() - n);
        signed_off = true;
    }
    if (!signed_off) return false;
    const std::u32string norm = normalize(std::u32string_view(s), lex);
    const auto room = find_room(norm, lex);
    return room && room->begin == 0 && room->end == norm.size();
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
    // A quoted reply is the reply's; the quote names the door only when the
    // reply does not ("「9-1-301在吗？」…在的在的，我家都好"; not "「12幢302室 全家正常」…
    // 同上，12幢303也正常").
    if (auto q = quoted_reply(text)) {
        Understanding u = understand(q->reply);
        if (!u.room) {
            if (auto r = find_room(normalize(q->quote, lex_.get(), nullptr), lex_.get()))
                u.room = r->room;
        }
        return u;
    }
    const std::string unquoted = without_quoted(text);
    if (!unquoted.empty()) text = unquoted;
    bool sounded = false;
    const std::u32string norm = normalize(text, lex_.get(), &sounded);
    if (auto c = command(norm)) {
        c->why = "command";
        return std::move(*c);
    }
    if (notice_tag(text)) return notice();  // chatter
    Understanding u = report(norm);
    if (u.kind == Kind::Chatter && u.room && (u.why == "nothing" || u.why == "chatter") &&
        room_and_sign(text, lex_.get())) {
        u.kind = Kind::Zero;
        explain(u, kWellBeing, "room_sign");
    }
    if (sounded && u.kind == Kind::Anomaly) doubt_sound_alike(text, norm, u);
    second_opinion(text, u);
    return u;
}

// The learned model (model.h) decides where the rules read nothing or an
// unnamed complaint, when it is at least kModelSure of its kind: the policy
// that measured best, among those that leave every reading of the rules as it
// is, on the blind batches the model was not trained on (docs/parser.md, "The
// model"; tests/data/parse/policy.py). Its decision is below ask_below, so in
// the daemon a resident is asked rather than their status set by a guess; the
// rules' reading stays as the other answer.
void Parser::second_opinion(std::string_view text, Understanding& u) {
    if (u.why != "nothing" && u.why != "complaint") return;
    const model::Opinion o = model::opinion(text);
    if (o.p < kModelSure || o.kind == u.kind) return;
    Otherwise rules{u.kind, std::move(u.categories)};
    u.kind = o.kind;
    u.categories.clear();
    if (u.kind == Kind::Anomaly) u.categories = o.categories;
    u.confidence = kModel;
    // "model:term:发烧": the model over what the rules had read.
    u.why_words = u.why_words.empty() ? u.why : u.why + ":" + u.why_words;
    u.why = "model";
    u.otherwise = std::move(rules);
}

Understanding Parser::notice() {
    Understanding u;
    u.confidence = kSure;
    u.why = "notice";
    return u;
}

// A sound-alike replaced (客嗽 → 咳嗽) and the reading without it differs: the
// category rests on a guess about what the sender meant to type.
void Parser::doubt_sound_alike(std::string_view text, std::u32string_view norm,
                               Understanding& u) const {
    const std::u32string plain = normalize(text, lex_.get(), nullptr, false);
    const Understanding p = report(plain);
    if (p.kind == u.kind && p.categories == u.categories) return;
    std::size_t i = 0;  // the replacement keeps the length: the first pair that differs
    while (i + 1 < plain.size() && i + 1 < norm.size() && plain[i] == norm[i]) ++i;
    // The pair may differ in its second character only (喉龙 → 喉咙).
    if (i > 0) {
        const std::u32string* term = lex_->sounds_like(plain[i - 1], plain[i]);
        if (term && norm.substr(i - 1, 2) == *term) --i;
    }
    u.confidence = kSoundAlike;
    u.why = "sounds_like";
    u.why_words = encode_utf8(plain.substr(i, 2)) + ">" + encode_utf8(norm.substr(i, 2));
    u.otherwise = Otherwise{p.kind, p.categories};
}

Understanding Parser::report(std::u32string_view norm) const {
    Understanding u;
    if (relayed_notice(norm) || addresses_everyone(norm)) return notice();
    if (to_another_household(norm)) return asked_after(notice(), norm, lex_.get());
    if (bare_ok(norm)) {
        u.kind = Kind::Zero;
        explain(u, kBareOk, "bare_ok");
        return u;
    }
    std::u32string text(norm);
    mask_false_coughs(text);
    const std::optional<RoomSpan> first_room = find_room(text, lex_.get());
    if (first_room) {
        u.room = first_room->room;
        u.for_another = first_room->theirs;
        for (std::size_t i = first_room->begin; i < first_room->end; ++i) text[i] = kMask;
    }
    const Temperatures temps = take_temperatures(text, *lex_);
    Reading reading = read_report(text, *lex_, scratch_matches(), temps.at);
    apply_temperatures(temps, u, reading);
    if (reading.categories != 0 && retracted(text, reading)) {
        reading.categories = 0;
        if (u.temperature && *u.temperature >= 37.3) u.temperature.reset();  // the bath water
    }
    // The words that decided, without the masked room and temperature; short
    // enough to stay in the string's own buffer, so most messages allocate nothing.
    auto words = [&](std::uint32_t b, std::uint32_t e) {
        for (std::uint32_t i = b; i < e; ++i) {
            if (norm[i] != kMask) append_utf8(u.why_words, norm[i]);
        }
    };
    if (reading.categories != 0) {
        u.kind = Kind::Anomaly;
        if (first_room && reading.term_end != 0)
            other_household(text, *first_room, reading, lex_.get(), u);
        for (std::size_t i = 0; i < kCategoryNames.size(); ++i) {
            if (reading.categories & (1u << i)) u.categories.emplace_back(kCategoryNames[i]);
        }
        explain(u, kSure, reading.term_end ? "term" : "temperature");
        words(reading.term_begin, reading.term_end);
    } else if (reading.zero && !reading.complaint) {
        // A named ailment that is no category does not undo an all-clear beside it.
        u.kind = Kind::Zero;
        explain(u, kSure, reading.zero_end ? "zero" : "temperature");
        words(reading.zero_begin, reading.zero_end);
    } else if (!reading.complaint && !reading.ailment && !reading.question && reading.fine &&
               (reading.subject || reading.bare || (u.room && reading.fine_long))) {
        // Structural default: a statement that the household is well, in words
        // the lexicon does not list whole (老两口吃得香, 一家子都利利索索的).
        u.kind = Kind::Zero;
        explain(u, kWellBeing, "well_being");
    } else if (!reading.complaint && !reading.ailment && !reading.question && !reading.chatter &&
               reading.fine_long) {
        // A well-being predicate of two characters or more (气色不错, 利利索索) in a
        // statement that holds no acknowledgement, thanks or talk about the service.
        u.kind = Kind::Zero;
        explain(u, kWellBeingAlone, "well_being");
    } else {
        u.kind = Kind::Chatter;
        // "未报5户:A座1203、B座906…": talk that lists several doors names no household.
        if (u.room && find_room(text, lex_.get())) u.room.reset();
        if (reading.complaint || reading.ailment) {
            explain(u, kComplaint, "complaint");  // 不舒服, 有症状: something, but what?
        } else if (reading.question) {
            explain(u, kQuestion, "question");
        } else if (reading.chatter) {
            explain(u, kSure, "chatter");
        } else {
            explain(u, kNothing, "nothing");
        }
    }
    return u;
}

void Parser::explain(Understanding& u, double confidence, const char* why) {
    u.confidence = confidence;
    u.why = why;
}

Json to_json_explained(const Understanding& u) {
    Json j = to_json(u);
    j["confidence"] = std::round(u.confidence * 100) / 100;
    j["why"] = u.why_words.empty() ? u.why : u.why + ":" + u.why_words;
    return j;
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
