#include "bot/store/writer.h"

#include <spdlog/spdlog.h>

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
        std::exception_ptr commit_error;
        try {
            db_->prepare("BEGIN IMMEDIATE").exec();
            for (size_t i = 0; i < batch.size(); ++i) {
                db_->prepare("SAVEPOINT job").exec();
                try {
                    batch[i].work(*db_);
                    db_->reset_all();
                    db_->prepare("RELEASE job").exec();
                } catch (...) {
                    errors[i] = std::current_exception();
                    db_->reset_all();
                    db_->prepare("ROLLBACK TO job").exec();
                    db_->prepare("RELEASE job").exec();
                }
            }
            db_->prepare("COMMIT").exec();
        } catch (...) {
            commit_error = std::current_exception();
            try {
                db_->exec_script("ROLLBACK");
            } catch (...) {
                // Nothing to roll back when BEGIN itself failed.
            }
            spdlog::error("event=store_commit_failed jobs={}", batch.size());
            // A server that went away: the batch failed (its callers answer
            // 503, the platforms retry); the next batch runs on a new connection.
            if (!db_->usable()) {
                bool back = db_->reconnect();
                spdlog::warn("event=store_reconnect ok={}", back);
            }
        }
        for (size_t i = 0; i < batch.size(); ++i) {
            batch[i].done(commit_error ? commit_error : errors[i]);
        }
        batch.clear();
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
    if (!db || !db->usable()) return;  // a lost connection is not reused
    db->reset_all();
    std::lock_guard lock(mu_);
    if (free_.size() < 16) free_.push_back(std::move(db));
}

}  // namespace gridbot::store::detail
