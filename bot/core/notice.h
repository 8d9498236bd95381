#pragma once
// An official notice (DESIGN §7; modelled on CAP 1.2): what it is, whom it is
// for, and the small pieces of text the notices workflow must recognise in a
// group (`收到`, `收到 第74号`, `已通知 3-2-502`). Pure: no store, no clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::notices {

// CAP <status>: Actual, or Exercise (a drill: every message it produces is
// marked 【演练】 / [EXERCISE]).
enum class Status { Actual = 0, Exercise = 1 };
// CAP <msgType>: Alert, Update or Cancel (the last two reference an earlier notice).
enum class Kind { Alert = 0, Update = 1, Cancel = 2 };
// Which groups of the target subtree: resident grid groups, staff groups, or both.
enum class Audience { Residents = 0, Staff = 1, Both = 2 };

std::string_view status_name(Status);
std::string_view kind_name(Kind);
std::string_view audience_name(Audience);
std::optional<Status> status_from_name(std::string_view);
std::optional<Kind> kind_from_name(std::string_view);
std::optional<Audience> audience_from_name(std::string_view);

// What an issuer asks for. `reference` is the id of the notice an update or
// cancel refers to; `number` 0 means "the next free number".
struct Draft {
    int64_t number = 0;
    std::string title;
    std::string body;    // Markdown
    std::string issuer;  // the issuing node (the token's node)
    std::string target;  // root of the target subtree
    Audience audience = Audience::Residents;
    Status status = Status::Actual;
    Kind kind = Kind::Alert;
    std::optional<int64_t> reference;
    int64_t expires_at = 0;  // unix seconds; 0: no expiry
    bool ack_required = false;
};

inline constexpr size_t kMaxTitleBytes = 200;
inline constexpr size_t kMaxBodyBytes = 16 * 1024;

// Checks one draft on its own (the store checks the reference exists).
// Errors: notice.bad_title, notice.bad_body, notice.bad_target,
// notice.bad_reference, notice.bad_number, notice.bad_expiry.
Result<bool> validate(const Draft& d, int64_t now);

// "第74号"
std::string number_label(int64_t number);

// A leader's acknowledgement: a bare 收到 (with polite words and punctuation
// around it), or 收到 naming a notice number (收到 第74号, 收到74号, 收到 74).
// `收到 #17` is an incident's (DESIGN §6) and is not matched here.
struct AckText {
    std::optional<int64_t> number;  // nullopt: bare 收到
};
std::optional<AckText> read_ack(std::string_view text);

// A call done: `已通知 3-2-502` (also 已电话 / 已打电话). Returns the address
// as written (the caller normalises it).
std::optional<std::string> read_call_done(std::string_view text);

}  // namespace gridbot::notices
