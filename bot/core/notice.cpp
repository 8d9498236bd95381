#include "bot/core/notice.h"

#include <array>

namespace gridbot::notices {

namespace {

template <typename E, size_t N>
std::optional<E> from_name(std::string_view s,
                           const std::array<std::pair<E, std::string_view>, N>& t) {
    for (const auto& [e, n] : t) {
        if (n == s) return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Status, std::string_view>, 2> kStatus = {
    {{Status::Actual, "actual"}, {Status::Exercise, "exercise"}}};
constexpr std::array<std::pair<Kind, std::string_view>, 3> kKinds = {
    {{Kind::Alert, "alert"}, {Kind::Update, "update"}, {Kind::Cancel, "cancel"}}};
constexpr std::array<std::pair<Audience, std::string_view>, 3> kAudience = {
    {{Audience::Residents, "residents"}, {Audience::Staff, "staff"}, {Audience::Both, "both"}}};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Whitespace and the punctuation people put around a 收到 (ASCII and full-width).
size_t skip_filler(std::string_view s, size_t i) {
    static constexpr std::string_view kMarks[] = {"。", "！", "，", "、", "～", "　", "：", "…"};
    while (i < s.size()) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '!' || c == '.' || c == ',' ||
            c == '~' || c == ':') {
            ++i;
            continue;
        }
        bool hit = false;
        for (auto m : kMarks) {
            if (starts_with(s.substr(i), m)) {
                i += m.size();
                hit = true;
                break;
            }
        }
        if (!hit) break;
    }
    return i;
}

// ASCII or full-width digits at `i`; advances `i`.
std::optional<int64_t> read_digits(std::string_view s, size_t& i) {
    int64_t v = 0;
    int n = 0;
    while (i < s.size() && n < 12) {
        if (s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i] - '0');
            ++i;
        } else if (starts_with(s.substr(i), "\xEF\xBC") && i + 2 < s.size() &&
                   static_cast<unsigned char>(s[i + 2]) >= 0x90 &&
                   static_cast<unsigned char>(s[i + 2]) <= 0x99) {  // ０..９ (U+FF10..FF19)
            v = v * 10 + (static_cast<unsigned char>(s[i + 2]) - 0x90);
            i += 3;
        } else {
            break;
        }
        ++n;
    }
    if (n == 0) return std::nullopt;
    return v;
}

}  // namespace

std::string_view status_name(Status s) { return kStatus[static_cast<size_t>(s)].second; }
std::string_view kind_name(Kind k) { return kKinds[static_cast<size_t>(k)].second; }
std::string_view audience_name(Audience a) { return kAudience[static_cast<size_t>(a)].second; }
std::optional<Status> status_from_name(std::string_view s) { return from_name(s, kStatus); }
std::optional<Kind> kind_from_name(std::string_view s) { return from_name(s, kKinds); }
std::optional<Audience> audience_from_name(std::string_view s) { return from_name(s, kAudience); }

std::string number_label(int64_t number) { return "第" + std::to_string(number) + "号"; }

Result<bool> validate(const Draft& d, int64_t now) {
    auto blank = [](const std::string& s) {
        return s.find_first_not_of(" \t\r\n") == std::string::npos;
    };
    if (blank(d.title) || d.title.size() > kMaxTitleBytes) {
        return Error{"notice.bad_title", "title: expected 1 to " + std::to_string(kMaxTitleBytes) +
                                             " bytes of text, got " +
                                             std::to_string(d.title.size())};
    }
    if (d.kind != Kind::Cancel && blank(d.body)) {
        return Error{"notice.bad_body", "body: expected Markdown text, got nothing"};
    }
    if (d.body.size() > kMaxBodyBytes) {
        return Error{"notice.bad_body", "body: expected at most " + std::to_string(kMaxBodyBytes) +
                                            " bytes, got " + std::to_string(d.body.size())};
    }
    if (d.target.empty() || d.target.front() == '/' || d.target.back() == '/') {
        return Error{"notice.bad_target", "node: expected a node code, got \"" + d.target + "\""};
    }
    if (d.kind == Kind::Alert && d.reference) {
        return Error{"notice.bad_reference", "reference: an alert refers to no earlier notice"};
    }
    if (d.kind != Kind::Alert && !d.reference) {
        return Error{"notice.bad_reference", "reference: an " + std::string(kind_name(d.kind)) +
                                                 " must name the notice it " +
                                                 (d.kind == Kind::Update ? "updates" : "cancels")};
    }
    if (d.number < 0) {
        return Error{"notice.bad_number",
                     "number: expected a positive number, got " + std::to_string(d.number)};
    }
    if (d.expires_at != 0 && d.expires_at <= now) {
        return Error{"notice.bad_expiry", "expires: expected a time in the future"};
    }
    return true;
}

std::optional<AckText> read_ack(std::string_view text) {
    size_t i = skip_filler(text, 0);
    for (std::string_view polite : {"好的", "已"}) {
        if (starts_with(text.substr(i), polite)) i = skip_filler(text, i + polite.size());
    }
    if (!starts_with(text.substr(i), "收到")) return std::nullopt;
    i = skip_filler(text, i + std::string_view("收到").size());
    for (std::string_view tail : {"了", "啦", "谢谢", "明白"}) {
        if (starts_with(text.substr(i), tail)) i = skip_filler(text, i + tail.size());
    }
    if (i == text.size()) return AckText{};
    // A numbered acknowledgement: 第74号, 74号, No.74, 74 (never #74: incidents own '#').
    if (starts_with(text.substr(i), "第"))
        i += std::string_view("第").size();
    else if (starts_with(text.substr(i), "No.") || starts_with(text.substr(i), "no."))
        i += 3;
    auto n = read_digits(text, i);
    if (!n || *n <= 0) return std::nullopt;
    if (starts_with(text.substr(i), "号")) i += std::string_view("号").size();
    for (std::string_view tail : {"通知", "公告"}) {
        if (starts_with(text.substr(i), tail)) i += tail.size();
    }
    if (skip_filler(text, i) != text.size()) return std::nullopt;
    return AckText{n};
}

std::optional<std::string> read_call_done(std::string_view text) {
    size_t i = skip_filler(text, 0);
    bool hit = false;
    for (std::string_view verb : {"已通知", "已电话", "已打电话"}) {
        if (starts_with(text.substr(i), verb)) {
            i += verb.size();
            hit = true;
            break;
        }
    }
    if (!hit) return std::nullopt;
    i = skip_filler(text, i);
    size_t end = text.size();
    while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r'))
        --end;
    if (end == i) return std::nullopt;
    return std::string(text.substr(i, end - i));
}

}  // namespace gridbot::notices
