#include "bot/delivery/retry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace gridbot::delivery {

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, double jitter01) {
    double d = static_cast<double>(initial.count());
    for (int i = 1; i < attempt && d < static_cast<double>(max.count()); ++i) d *= 2;
    d = std::min(d, static_cast<double>(max.count()));
    return std::chrono::milliseconds(static_cast<int64_t>(d * (0.5 + 0.5 * jitter01)));
}

Verdict RetryPolicy::judge(const store::OutboxItem& item, const SendResult& r, int64_t now_ms) {
    if (r.outcome == SendOutcome::Delivered) return {};
    bool retry = r.outcome == SendOutcome::Retry || r.outcome == SendOutcome::RefreshCredentials;
    bool out_of_time = now_ms - item.created_at >= opt_.deadline.count();
    if (!retry || item.attempts >= opt_.max_attempts || out_of_time) {
        std::string why =
            retry ? "gave up after " + std::to_string(item.attempts) + " attempts: " + r.reason
                  : r.reason;
        spdlog::warn("event=delivery_failed channel={} group={} key={} attempt={} reason=\"{}\"",
                     item.channel, item.msg.group, item.key, item.attempts, why);
        return {store::OutboxState::Failed, 0, std::move(why)};
    }
    auto delay = r.retry_after ? *r.retry_after
                               : backoff_delay(item.attempts,
                                               r.outcome == SendOutcome::RefreshCredentials
                                                   ? std::chrono::milliseconds(100)
                                                   : opt_.backoff_initial,
                                               opt_.backoff_max, unit_(rng_));
    if (item.last_error != r.reason) {
        spdlog::info(
            "event=delivery_retry channel={} group={} key={} attempt={} wait_ms={} reason=\"{}\"",
            item.channel, item.msg.group, item.key, item.attempts, delay.count(), r.reason);
    }
    return {store::OutboxState::Queued, now_ms + delay.count(), r.reason};
}

}  // namespace gridbot::delivery
