#pragma once
// Which daemon does the work that must happen once (docs/scaling.md): the
// conversation (one consumer of the inbound messages) and the timers (the
// schedule, escalation, notice reminders, the purge). Any daemon answers
// hooks, API calls and pages, and sends the outbox targets it holds leases on
// (outbox_leases.h).
//  - SQLite: one daemon per file (InstanceLock), always the leader.
//  - PostgreSQL: the leader holds a session-level advisory lock on a connection
//    of its own. The server releases it when that session ends (the process
//    dies, kill -9 included, or the database restarts); the other daemons try
//    to take it every `failover / 5` (at most every second). The leader checks
//    its session as often and stops leading the moment the check fails, or
//    when it has not succeeded for `failover / 2` (a hanging network), before
//    another daemon can take the lock.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "bot/store/location.h"

namespace gridbot::store {

namespace detail {
class Db;
}

class Leadership {
  public:
    Leadership(Location where, std::chrono::milliseconds failover);
    ~Leadership();
    Leadership(const Leadership&) = delete;
    Leadership& operator=(const Leadership&) = delete;

    // Tries once on the caller's thread (a daemon that can lead starts leading
    // before its services start), then keeps trying or checking on a thread of its own.
    void start();
    void stop();

    // A leader whose last check is older than failover / 2 (a check hanging on
    // the network) is not leading, whatever its thread is doing.
    bool leading() const;
    // "leader" or "follower", for /healthz and the log.
    const char* role() const { return leading() ? "leader" : "follower"; }
    // Times this daemon became the leader (1 after a first start as leader).
    int64_t terms() const { return terms_.load(); }

  private:
    void attempt();
    void run();

    Location where_;
    std::chrono::milliseconds failover_;
    std::chrono::milliseconds period_;
    std::unique_ptr<detail::Db> session_;
    std::atomic<int64_t> confirmed_ms_{0};  // steady clock: the last check that succeeded
    std::atomic<bool> leading_{false};
    std::atomic<int64_t> terms_{0};
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

}  // namespace gridbot::store
