#pragma once
// The shared classifier (STYLE.md "Success is what the platform says"): each
// adapter reads its platform's answer into a PlatformAnswer; one function turns
// that into a SendResult with one set of rules, so every platform is judged the
// same way and one table of cases in tests/unit/test_platform_classify.cpp runs
// against all of them.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "bot/delivery/adapter.h"

namespace gridbot::adapters::common {

// What the platform said, read leniently from (status, body).
struct PlatformAnswer {
    long http_status = 0;
    std::string transport_error;    // non-empty: no answer at all
    std::optional<long long> code;  // errcode / code / error_code; 0 = success
    std::string message;            // errmsg / msg / description
    std::optional<std::chrono::milliseconds> retry_after;  // stated by the platform
    std::string code_name = "errcode";                     // how the reason names the code
    std::string message_name = "errmsg";
};

// Per-platform codes. Waits in the map are used when the platform states none.
struct ClassifyRules {
    std::map<long long, std::chrono::milliseconds> rate_limited;
    std::set<long long> busy;     // transient: Retry with the dispatcher's backoff
    std::set<long long> refresh;  // credentials expired: RefreshCredentials
};

// Rules, in order: no answer → Retry; code 0 → Delivered; rate-limited →
// Retry(wait); busy → Retry; refresh → RefreshCredentials; any other code →
// Failed("errcode=N errmsg=..."). With no readable code: HTTP 429/5xx → Retry,
// anything else → Failed("http=N unreadable answer"). The reason is not
// redacted here; the adapter base does that.
// The answer of platforms that reply {"errcode": N, "errmsg": "..."} (WeCom, DingTalk).
PlatformAnswer errcode_answer(const delivery::HttpResponse& resp);

delivery::SendResult classify_answer(const PlatformAnswer& a, const ClassifyRules& rules);

}  // namespace gridbot::adapters::common
