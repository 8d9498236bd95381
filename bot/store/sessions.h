#pragma once
// Dashboard sessions in the store (DESIGN §10): a sign-in outlives a restart
// of the daemon, and every daemon on one PostgreSQL database knows it, and a
// sign-out ends it everywhere. The cookie's value is never stored: the row is
// keyed by its SHA-256, so reading the database gives no session to replay.
#include <cstdint>
#include <future>
#include <optional>
#include <string>

#include "bot/store/store.h"

namespace gridbot::store {

struct SessionRow {
    std::string id_sha256;  // hex SHA-256 of the cookie's value
    std::string csrf;       // the page's CSRF secret
    std::string token;      // the token's name, role and node it signed in as
    std::string role;
    std::string node;
    int64_t expires_at = 0;  // unix seconds
};

class SessionRows {
  public:
    // At most `max_rows` live at once; beyond, those nearest to expiry go.
    explicit SessionRows(Store& store, int64_t max_rows = 20000) : store_(store), max_(max_rows) {}
    // Stores a new session (and drops the expired ones); completes after COMMIT.
    std::future<void> put(SessionRow row, int64_t now);
    // The live session of that digest, or nullopt when unknown or expired.
    std::optional<SessionRow> find(const std::string& id_sha256, int64_t now);
    std::future<void> remove(const std::string& id_sha256);

  private:
    Store& store_;
    int64_t max_;
};

}  // namespace gridbot::store
