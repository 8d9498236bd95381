#pragma once
// One daemon per database: `gridbot serve` holds an InstanceLock for its
// lifetime, and `gridbot restore` takes one to know no daemon is running.
//  - SQLite: an exclusive advisory lock (flock) on the database file, released
//    by the kernel when the process dies (kill -9 included). SQLite's own
//    locks are fcntl locks, so the two do not interfere. Creates the file when
//    it does not exist yet.
//  - PostgreSQL: a session-level advisory lock on a connection of its own,
//    released by the server when that session ends (the process dies, kill -9
//    included). `serve` does not take it on PostgreSQL, where several daemons
//    share a database and one leads (store::Leadership, docs/scaling.md).
// Errors: store.in_use (another process holds it), store.open.
#include <memory>
#include <string>

#include "bot/core/error.h"
#include "bot/store/location.h"

namespace gridbot::store {

namespace detail {
class Db;
}

class InstanceLock {
  public:
    static Result<InstanceLock> acquire(const Location& where);
    static Result<InstanceLock> acquire(const std::string& sqlite_path);
    InstanceLock(InstanceLock&& other) noexcept;
    InstanceLock& operator=(InstanceLock&& other) noexcept;
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;
    ~InstanceLock();

  private:
    InstanceLock(int fd, std::unique_ptr<detail::Db> session);
    int fd_ = -1;
    std::unique_ptr<detail::Db> session_;
};

}  // namespace gridbot::store
