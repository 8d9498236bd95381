#pragma once
// The retry policy: what an answer means for an outbox row. Retries back off
// exponentially with jitter, or wait what the platform said (Retry-After,
// retry_after, rate codes); after max_attempts or the deadline a row fails
// with its reason.
#include <chrono>
#include <cstdint>
#include <random>
#include <string>

#include "bot/delivery/adapter.h"
#include "bot/store/messages.h"

namespace gridbot::delivery {

// The delay before attempt `attempt + 1` after `attempt` failed attempts:
// min(max, initial × 2^(attempt-1)) scaled by a jitter factor in [0.5, 1].
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        std::chrono::milliseconds max, double jitter01);

struct RetryOptions {
    int max_attempts = 10;
    std::chrono::milliseconds deadline{86'400'000};
    std::chrono::milliseconds backoff_initial{2'000};
    std::chrono::milliseconds backoff_max{600'000};
};

// A row's fate after one answer (for the whole message: the caller sends the
// next part of a split message itself while parts are delivered).
struct Verdict {
    store::OutboxState state = store::OutboxState::Delivered;  // Delivered, Queued or Failed
    int64_t next_attempt_at = 0;                               // unix ms, for a retry
    std::string reason;
};

class RetryPolicy {
  public:
    explicit RetryPolicy(RetryOptions options) : opt_(options) {}
    // Logs a failure and the first retry of each reason (no message content).
    Verdict judge(const store::OutboxItem& item, const SendResult& r, int64_t now_ms);

  private:
    RetryOptions opt_;
    std::mt19937_64 rng_{std::random_device{}()};
    std::uniform_real_distribution<double> unit_{0.0, 1.0};
};

}  // namespace gridbot::delivery
