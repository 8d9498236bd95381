#pragma once
// Internal to bot/store: the one writer path and the readers (PERFORMANCE.md).
//
// Writer: one thread owns the only read-write connection. Callers submit jobs;
// the thread takes whatever has queued (up to kBatch), runs them inside one
// transaction, commits, and only then completes the callers' futures, so an
// answered request is durable. A job that throws is rolled back alone; the
// others in its batch still commit.
//
// How a batch runs: first straight through, with no savepoint (on PostgreSQL
// a savepoint's RELEASE is a round trip of its own for every job). When
// anything in that pass fails — a job throws, or a statement a job sent ahead
// fails where the next job or COMMIT waits — the whole pass is rolled back and
// the batch runs again with each job in its own savepoint, which tells whose
// error it was. So a job may run twice: its work must depend only on what it
// captured and on the database, and leave nothing outside the transaction
// (its result is kept from the run that commits). A job that cannot run twice
// (one that consumes a stream) is submitted with `Once::yes`: a batch holding
// one goes straight to savepoints.
//
// Readers: a pool of read-only connections; in WAL mode (and on PostgreSQL,
// by MVCC) they never block the writer and see only committed data.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#include "bot/core/metrics.h"
#include "bot/store/db.h"

namespace gridbot::store::detail {

class Writer {
  public:
    static constexpr size_t kBatch = 1000;

    explicit Writer(std::unique_ptr<Db> db);
    ~Writer();

    enum class Once : bool { no, yes };

    template <typename F>
    auto submit(F f, Once once = Once::no) -> std::future<std::invoke_result_t<F, Db&>> {
        using R = std::invoke_result_t<F, Db&>;
        auto promise = std::make_shared<std::promise<R>>();
        auto result =
            std::make_shared<std::conditional_t<std::is_void_v<R>, bool, std::optional<R>>>();
        Job job;
        job.once = once == Once::yes;
        job.work = [f = std::move(f), result](Db& db) mutable {
            if constexpr (std::is_void_v<R>) {
                f(db);
            } else {
                *result = f(db);
            }
        };
        job.done = [promise, result](std::exception_ptr e) {
            if (e) {
                promise->set_exception(e);
            } else if constexpr (std::is_void_v<R>) {
                promise->set_value();
            } else {
                promise->set_value(std::move(**result));
            }
        };
        auto fut = promise->get_future();
        enqueue(std::move(job));
        return fut;
    }

    // Runs what is queued, then stops the thread. Later submits fail.
    void stop();

    // Where each committed batch's size (jobs) and time (seconds, BEGIN to
    // COMMIT) go: the daemon's /metrics. Set once, before work arrives; null
    // (the default) observes nothing.
    void observe_batches(Histogram* jobs, Histogram* seconds) {
        batch_jobs_.store(jobs);
        batch_seconds_.store(seconds);
    }

  private:
    struct Job {
        bool once = false;  // may not run twice (see the head of this file)
        std::function<void(Db&)> work;
        std::function<void(std::exception_ptr)> done;
    };
    void enqueue(Job job);
    void run();
    void observe(size_t jobs, std::chrono::steady_clock::time_point started);
    // One transaction over `batch`: straight through, or (when that fails or a
    // job runs once) each job in a savepoint; the transaction's error (null when
    // it committed). `begun`: BEGIN succeeded, so jobs ran.
    std::exception_ptr commit(std::vector<Job>& batch, std::vector<std::exception_ptr>& errors,
                              bool& begun);
    // The pass with no savepoint: true when it committed. False when it was
    // rolled back with the connection still usable (the batch is to run again in
    // savepoints); throws when the connection is lost.
    bool commit_straight(std::vector<Job>& batch, bool& begun);
    std::exception_ptr commit_in_savepoints(std::vector<Job>& batch,
                                            std::vector<std::exception_ptr>& errors, bool& begun);
    void roll_back();

    std::unique_ptr<Db> db_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> queue_;
    bool stopping_ = false;
    std::atomic<Histogram*> batch_jobs_{nullptr};
    std::atomic<Histogram*> batch_seconds_{nullptr};
    std::thread thread_;
};

class ReaderPool {
  public:
    explicit ReaderPool(Location where) : where_(std::move(where)) {}

    // Runs `f` on a pooled read connection. A connection the database server's
    // restart cut fails its first query: the pool is emptied and `f` runs once
    // more on a new connection (reads are safe to repeat).
    template <typename F>
    auto with(F f) -> std::invoke_result_t<F, Db&> {
        for (int attempt = 0;; ++attempt) {
            std::unique_ptr<Db> db = acquire();
            struct Release {
                ReaderPool* pool;
                std::unique_ptr<Db>& db;
                ~Release() { pool->release(std::move(db)); }
            } release{this, db};
            try {
                return f(*db);
            } catch (const DbUnavailable&) {
                if (attempt > 0 || db->usable()) throw;
            }
        }
    }

  private:
    std::unique_ptr<Db> acquire();
    void release(std::unique_ptr<Db> db);

    Location where_;
    std::mutex mu_;
    std::vector<std::unique_ptr<Db>> free_;
};

}  // namespace gridbot::store::detail
