#pragma once
// Internal to bot/delivery: the failing-channel breaker. A channel whose last
// max(8, in_flight/2) outcomes were all retries or failures (a platform down,
// or hanging until the timeout) may hold only max(1, in_flight/16) slots until
// one of its messages is delivered, so it cannot take every slot for a timeout
// at a time while the other channels wait. The streak is half the slots: a
// channel whose failures are a few of its groups (each retrying alone in its
// own backoff) never reaches it while its other groups are delivered.
#include <algorithm>
#include <string>
#include <unordered_map>

namespace gridbot::delivery::detail {

class ChannelBreaker {
  public:
    explicit ChannelBreaker(int in_flight)
        : streak_limit_(std::max(8, in_flight / 2)),
          open_cap_(std::max(1, in_flight / 16)),
          in_flight_(in_flight) {}

    // Whether the channel may take one more slot.
    bool admits(const std::string& channel) {
        Channel& c = channels_[channel];
        return c.slots < cap(c);
    }
    void took_slot(const std::string& channel) { ++channels_[channel].slots; }
    void freed_slot(const std::string& channel) { --channels_[channel].slots; }
    // Records an outcome; true when it just tripped the breaker.
    bool outcome(const std::string& channel, bool delivered) {
        Channel& c = channels_[channel];
        if (delivered) {
            c.streak = 0;
            return false;
        }
        return ++c.streak == streak_limit_;
    }
    int cap(const std::string& channel) { return cap(channels_[channel]); }

  private:
    struct Channel {
        int slots = 0;   // held from pick until the outcome is committed
        int streak = 0;  // outcomes in a row that were not deliveries
    };
    int cap(const Channel& c) const { return c.streak >= streak_limit_ ? open_cap_ : in_flight_; }

    int streak_limit_;
    int open_cap_;
    int in_flight_;
    std::unordered_map<std::string, Channel> channels_;
};

}  // namespace gridbot::delivery::detail
