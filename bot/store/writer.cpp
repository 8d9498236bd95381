#include "bot/store/writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace gridbot::store::detail {

Writer::Writer(std::unique_ptr<Db> db) : db_(std::move(db)), thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

void Writer::stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_) {
            if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id())
                thread_.join();
            return;
        }
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Writer::enqueue(Job job) {
    {
        std::lock_guard lock(mu_);
        if (!stopping_) {
            queue_.push_back(std::move(job));
            cv_.notify_one();
            return;
        }
    }
    job.done(std::make_exception_ptr(DbError("store is stopping", 0)));
}

void Writer::run() {
    std::vector<Job> batch;
    std::vector<std::exception_ptr> errors;
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            while (!queue_.empty() && batch.size() < kBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        errors.assign(batch.size(), nullptr);
        bool begun = false;
        const auto started = std::chrono::steady_clock::now();
        std::exception_ptr commit_error = commit(batch, errors, begun);
        // A server that went away: the batch failed (its callers answer 503, the
        // platforms retry) and the next runs on a new connection. When BEGIN itself
        // failed (the first use of a connection the restart cut), no job ran: the
        // batch runs once more on the new connection.
        if (commit_error && !db_->usable()) {
            bool back = db_->reconnect();
            spdlog::warn("event=store_reconnect ok={}", back);
            if (back && !begun) {
                errors.assign(batch.size(), nullptr);
                commit_error = commit(batch, errors, begun);
            }
        }
        if (!commit_error) observe(batch.size(), started);
        for (size_t i = 0; i < batch.size(); ++i) {
            batch[i].done(commit_error ? commit_error : errors[i]);
        }
        batch.clear();
    }
}

void Writer::observe(size_t jobs, std::chrono::steady_clock::time_point started) {
    if (Histogram* h = batch_jobs_.load()) h->observe(static_cast<double>(jobs));
    if (Histogram* h = batch_seconds_.load()) {
        h->observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
}

std::exception_ptr Writer::commit(std::vector<Job>& batch, std::vector<std::exception_ptr>& errors,
                                  bool& begun) {
    begun = false;
    if (std::none_of(batch.begin(), batch.end(), [](const Job& j) { return j.once; })) {
        try {
            if (commit_straight(batch, begun)) return nullptr;
        } catch (...) {
            spdlog::error("event=store_commit_failed jobs={}", batch.size());
            return std::current_exception();
        }
        spdlog::warn("event=store_batch_in_savepoints jobs={}", batch.size());
    }
    return commit_in_savepoints(batch, errors, begun);
}

bool Writer::commit_straight(std::vector<Job>& batch, bool& begun) {
    db_->prepare("BEGIN IMMEDIATE").exec();
    begun = true;
    try {
        for (auto& job : batch) {
            job.work(*db_);
            db_->reset_all();
        }
        db_->prepare("COMMIT").exec();
        return true;
    } catch (...) {
        auto error = std::current_exception();
        db_->reset_all();
        try {
            db_->flush();  // what was sent ahead: undone with the rest below
        } catch (const DbError&) {
            // The pass has failed already; which job's it was, the savepoints tell.
        }
        roll_back();
        if (!db_->usable()) std::rethrow_exception(error);
        return false;
    }
}

std::exception_ptr Writer::commit_in_savepoints(std::vector<Job>& batch,
                                                std::vector<std::exception_ptr>& errors,
                                                bool& begun) {
    begun = false;
    try {
        db_->prepare("BEGIN IMMEDIATE").exec();
        begun = true;
        for (size_t i = 0; i < batch.size(); ++i) {
            // Sent with the job's first statement; RELEASE waits for the answers,
            // so an error a job sent ahead is still its own.
            db_->prepare("SAVEPOINT job").send();
            try {
                batch[i].work(*db_);
                db_->reset_all();
                db_->prepare("RELEASE job").exec();
            } catch (...) {
                errors[i] = std::current_exception();
                db_->reset_all();
                try {
                    db_->flush();  // what the job sent before it threw: undone below
                } catch (const DbError&) {
                    // Already counted: the job failed, its savepoint is rolled back.
                }
                db_->prepare("ROLLBACK TO job").exec();
                db_->prepare("RELEASE job").exec();
            }
        }
        db_->prepare("COMMIT").exec();
        return nullptr;
    } catch (...) {
        auto error = std::current_exception();
        roll_back();
        spdlog::error("event=store_commit_failed jobs={}", batch.size());
        return error;
    }
}

void Writer::roll_back() {
    try {
        db_->exec_script("ROLLBACK");
    } catch (...) {
        // Nothing to roll back when BEGIN itself failed, or the connection is gone.
    }
}

std::unique_ptr<Db> ReaderPool::acquire() {
    {
        std::lock_guard lock(mu_);
        if (!free_.empty()) {
            auto db = std::move(free_.back());
            free_.pop_back();
            return db;
        }
    }
    return open_db(where_, true);
}

void ReaderPool::release(std::unique_ptr<Db> db) {
    if (!db) return;
    if (!db->usable()) {  // the server went away: every pooled connection is lost too
        std::lock_guard lock(mu_);
        free_.clear();
        return;
    }
    db->reset_all();
    std::lock_guard lock(mu_);
    if (free_.size() < 16) free_.push_back(std::move(db));
}

}  // namespace gridbot::store::detail
