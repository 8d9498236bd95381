#include "bot/core/ticker.h"

#include <spdlog/spdlog.h>

namespace gridbot {

Ticker::Ticker(std::string name, Clock& clock, std::function<void(TimePoint)> tick,
               std::function<bool()> may_run, std::chrono::milliseconds period)
    : name_(std::move(name)),
      clock_(clock),
      tick_(std::move(tick)),
      may_run_(std::move(may_run)),
      period_(period) {}

Ticker::~Ticker() { stop(); }

void Ticker::start() {
    tick_once();
    thread_ = std::thread([this] { run(); });
}

void Ticker::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Ticker::tick_once() {
    if (may_run_ && !may_run_()) return;
    TimePoint now = clock_.now();
    try {
        tick_(now);
        ticked_.store(now.time_since_epoch().count());
    } catch (const std::exception& e) {
        spdlog::error("event={}_error what=\"{}\"", name_, e.what());
    }
}

void Ticker::run() {
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, period_, [this] { return stopping_; });
            if (stopping_) return;
        }
        tick_once();
    }
}

}  // namespace gridbot
