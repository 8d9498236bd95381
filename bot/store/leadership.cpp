#include "bot/store/leadership.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "bot/store/db.h"

namespace gridbot::store {
namespace {

// The leader's advisory lock: "gridlead" read as a big-endian integer (the
// instance lock of a SQLite daemon is a file lock; this key is PostgreSQL's only).
constexpr int64_t kLeaderKey = 0x677269646c656164;

int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

Leadership::Leadership(Location where, std::chrono::milliseconds failover)
    : where_(std::move(where)),
      failover_(failover),
      period_(std::clamp<std::chrono::milliseconds>(failover / 5, std::chrono::milliseconds(100),
                                                    std::chrono::milliseconds(1000))) {}

Leadership::~Leadership() { stop(); }

bool Leadership::leading() const {
    if (!leading_.load()) return false;
    return where_.engine == Engine::sqlite ||
           steady_ms() - confirmed_ms_.load() < (failover_ / 2).count();
}

void Leadership::start() {
    if (where_.engine == Engine::sqlite) {
        leading_ = true;  // the file lock already keeps every other daemon out
        terms_ = 1;
        return;
    }
    attempt();
    thread_ = std::thread([this] { run(); });
}

void Leadership::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

// One turn: a follower tries to take the lock; the leader checks it still holds
// its session. Any failure drops the session (the server then releases the
// lock, if it has not already) and makes this daemon a follower.
void Leadership::attempt() {
    const int64_t now = steady_ms();
    try {
        if (!session_ || !session_->usable()) {
            session_.reset();
            session_ = detail::open_db(where_, false);
        }
        if (!leading_) {
            auto& q = session_->prepare("SELECT pg_try_advisory_lock(?)");
            q.bind(1, kLeaderKey);
            const bool took = q.step() && q.i64(0) == 1;
            q.reset();
            if (!took) return;
            confirmed_ms_ = now;
            leading_ = true;
            ++terms_;
            spdlog::info("event=leader_elected term={}", terms_.load());
            return;
        }
        auto& q = session_->prepare("SELECT 1");
        q.step();
        q.reset();
        confirmed_ms_ = now;
    } catch (const std::exception& e) {
        session_.reset();
        if (leading_.exchange(false)) {
            spdlog::warn("event=leader_lost what=\"{}\"", e.what());
        }
        return;
    }
}

void Leadership::run() {
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, period_, [this] { return stopping_; });
            if (stopping_) break;
        }
        attempt();
        // A check that hangs (the network, not the server) must not keep a
        // leader leading past the time another daemon could take over.
        if (leading_ && steady_ms() - confirmed_ms_.load() >= (failover_ / 2).count()) {
            session_.reset();
            leading_ = false;
            spdlog::warn("event=leader_lost what=\"no answer from the database for {} ms\"",
                         (failover_ / 2).count());
        }
    }
    // Ending the session releases the lock at once, so a follower need not wait.
    session_.reset();
    leading_ = false;
}

}  // namespace gridbot::store
