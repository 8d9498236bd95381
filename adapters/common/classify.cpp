#include "adapters/common/classify.h"

#include "adapters/common/json_read.h"

namespace gridbot::adapters::common {

using delivery::SendOutcome;
using delivery::SendResult;

namespace {

std::string code_reason(const PlatformAnswer& a) {
    std::string r = a.code_name + "=" + std::to_string(*a.code);
    if (!a.message.empty()) r += " " + a.message_name + "=" + a.message.substr(0, 200);
    return r;
}

}  // namespace

SendResult classify_answer(const PlatformAnswer& a, const ClassifyRules& rules) {
    SendResult r;
    if (!a.transport_error.empty() || a.http_status == 0) {
        r.outcome = SendOutcome::Retry;
        r.reason = "transport: " + (a.transport_error.empty() ? "no answer" : a.transport_error);
        return r;
    }
    if (!a.code) {
        bool transient = a.http_status == 429 || a.http_status >= 500;
        r.outcome = transient ? SendOutcome::Retry : SendOutcome::Failed;
        r.retry_after = a.retry_after;
        r.reason = "http=" + std::to_string(a.http_status) + " unreadable answer";
        return r;
    }
    long long code = *a.code;
    if (code == 0) {
        r.outcome = SendOutcome::Delivered;
        return r;
    }
    r.reason = code_reason(a);
    if (auto it = rules.rate_limited.find(code); it != rules.rate_limited.end()) {
        r.outcome = SendOutcome::Retry;
        r.retry_after = a.retry_after ? a.retry_after : std::optional(it->second);
    } else if (rules.busy.count(code) != 0) {
        r.outcome = SendOutcome::Retry;
        r.retry_after = a.retry_after;
    } else if (rules.refresh.count(code) != 0) {
        r.outcome = SendOutcome::RefreshCredentials;
    } else {
        r.outcome = SendOutcome::Failed;
    }
    return r;
}

PlatformAnswer errcode_answer(const delivery::HttpResponse& resp) {
    PlatformAnswer a;
    a.http_status = resp.status;
    a.transport_error = resp.transport_error;
    auto j = nlohmann::json::parse(resp.body, nullptr, false);
    if (!j.is_discarded()) {
        a.code = integer(j, "errcode");
        a.message = str(j, "errmsg");
    }
    return a;
}

}  // namespace gridbot::adapters::common
