#include "bot/store/instance_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bot/store/db.h"

namespace gridbot::store {
namespace {

// The advisory lock's key on PostgreSQL: "gridbot\0" read as a big-endian integer,
// so no other application's lock on the same database is likely to collide.
constexpr int64_t kInstanceKey = 0x67726964626f7400;

Result<InstanceLock> in_use(const Location& where) {
    return Error{"store.in_use",
                 describe(where) + ": another gridbot daemon is using this database"};
}

}  // namespace

InstanceLock::InstanceLock(int fd, std::unique_ptr<detail::Db> session)
    : fd_(fd), session_(std::move(session)) {}

Result<InstanceLock> InstanceLock::acquire(const std::string& sqlite_path) {
    // O_CREAT: a new daemon locks before SQLite creates the file (an empty
    // file is a valid new database to SQLite).
    int fd = ::open(sqlite_path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Error{"store.open", sqlite_path + ": " + std::strerror(errno)};
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        ::close(fd);
        if (err == EWOULDBLOCK) return in_use(Location{Engine::sqlite, sqlite_path});
        return Error{"store.open", sqlite_path + ": " + std::strerror(err)};
    }
    return InstanceLock(fd, nullptr);
}

Result<InstanceLock> InstanceLock::acquire(const Location& where) {
    if (where.engine == Engine::sqlite) return acquire(where.target);
    try {
        auto session = detail::open_db(where, false);
        auto& q = session->prepare("SELECT pg_try_advisory_lock(?)");
        q.bind(1, kInstanceKey);
        bool held = q.step() && q.i64(0) == 1;
        q.reset();
        if (!held) return in_use(where);
        return InstanceLock(-1, std::move(session));
    } catch (const detail::DbError& e) {
        return Error{"store.open", describe(where) + ": " + e.what()};
    }
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept
    : fd_(other.fd_), session_(std::move(other.session_)) {
    other.fd_ = -1;
}

InstanceLock& InstanceLock::operator=(InstanceLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
        session_ = std::move(other.session_);
    }
    return *this;
}

InstanceLock::~InstanceLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace gridbot::store
