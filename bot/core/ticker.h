#pragma once
// A thread that calls `tick(now)` on the daemon's clock every `period` of real
// time until stopped: the scheduler, incidents and notices run their timers on
// one. A tick that throws is logged and the next one runs; stop() waits for
// the tick in progress.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "bot/core/clock.h"

namespace gridbot {

class Ticker {
  public:
    // `name` goes into the log event of a failed tick ("scheduler" → event=scheduler_error).
    // `may_run` (empty: always) is asked before each tick: a daemon that is not
    // the leader of several (store::Leadership) skips its timers, and its
    // ticked_to() stays where it was.
    Ticker(std::string name, Clock& clock, std::function<void(TimePoint)> tick,
           std::function<bool()> may_run = {},
           std::chrono::milliseconds period = std::chrono::milliseconds(200));
    ~Ticker();
    Ticker(const Ticker&) = delete;
    Ticker& operator=(const Ticker&) = delete;

    // Runs one tick on the caller's thread first, so a clock moved right after
    // start() returns cannot skip what that tick would have seen; then starts the thread.
    void start();
    void stop();
    // The clock time the last finished tick was given (epoch before the first):
    // every timer due at or before it has fired. Tests on the manual clock wait
    // for it to pass the time they set.
    TimePoint ticked_to() const { return TimePoint(TimePoint::duration(ticked_.load())); }

  private:
    void tick_once();
    void run();

    std::string name_;
    Clock& clock_;
    std::function<void(TimePoint)> tick_;
    std::function<bool()> may_run_;
    std::chrono::milliseconds period_;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::atomic<TimePoint::rep> ticked_{0};
};

}  // namespace gridbot
