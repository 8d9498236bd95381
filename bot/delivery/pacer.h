#pragma once
// Pacing for one target (a group): at most `per_minute` sends in any window of
// 60 s plus a margin for network latency, as the platforms count (WeCom and
// DingTalk robots: 20 per minute). A sliding window, not a token bucket: a
// bucket that starts full lets 2 × limit through in the first minute.
#include <cstdint>
#include <deque>

namespace gridbot::delivery {

class Pacer {
  public:
    static constexpr int64_t kWindowMs = 61'000;  // 60 s + 1 s for latency

    explicit Pacer(double per_minute = 0) : limit_(per_minute) {}
    bool unlimited() const { return limit_ <= 0; }
    // A new limit (a reload changed the channel's rate); the window's sends still count.
    void set_limit(double per_minute) { limit_ = per_minute; }
    // Whether a send may start at `now_ms`.
    bool allows(int64_t now_ms) {
        if (unlimited()) return true;
        while (!sent_.empty() && sent_.front() <= now_ms - kWindowMs) sent_.pop_front();
        return static_cast<double>(sent_.size()) < limit_;
    }
    void record(int64_t now_ms) {
        if (!unlimited()) sent_.push_back(now_ms);
    }
    // The first time a send is allowed again (valid when !allows(now)).
    int64_t next_allowed() const { return sent_.empty() ? 0 : sent_.front() + kWindowMs; }

  private:
    double limit_;
    std::deque<int64_t> sent_;
};

}  // namespace gridbot::delivery
