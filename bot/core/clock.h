#pragma once
// The one source of time (DESIGN.md §1). Nothing else reads the system clock:
// components take a Clock& and read it once per batch, so tests can drive days
// in a second through ManualClock.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace gridbot {

using TimePoint = std::chrono::system_clock::time_point;
using Seconds = std::chrono::seconds;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    // Whether set()/advance() work; only the manual clock says yes.
    virtual bool is_manual() const { return false; }
    virtual void set(TimePoint) {}
    virtual void advance(std::chrono::milliseconds) {}
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// Starts at a fixed time and moves only when told. Thread-safe.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start) : ms_(to_ms(start)) {}
    TimePoint now() const override { return TimePoint(std::chrono::milliseconds(ms_.load())); }
    bool is_manual() const override { return true; }
    void set(TimePoint t) override { ms_.store(to_ms(t)); }
    void advance(std::chrono::milliseconds d) override { ms_.fetch_add(d.count()); }

  private:
    static int64_t to_ms(TimePoint t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    }
    std::atomic<int64_t> ms_;
};

int64_t unix_seconds(TimePoint t);
int64_t unix_millis(TimePoint t);
TimePoint from_unix_seconds(int64_t s);

// RFC 3339 in UTC with a 'Z' ("2026-11-22T08:00:00Z").
std::string format_rfc3339(TimePoint t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)"; false when malformed.
[[nodiscard]] bool parse_rfc3339(const std::string& text, TimePoint& out);

}  // namespace gridbot
