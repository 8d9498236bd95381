#pragma once
// The audit trail (issue 14, docs/privacy.md): one row per read or export of
// personal data and per admin action — when, which token (its name, never the
// token), its role, the route or command, the node, what was read and how many
// records. Rows are append-only (a trigger refuses updates); only the purge
// removes them, after [privacy] audit_keep.
#include <cstdint>
#include <future>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

struct AuditEntry {
    int64_t id = 0;
    int64_t at = 0;  // unix seconds
    std::string token, role, action, node, subject;
    int64_t rows = 0;
    std::string client;
};

struct AuditQuery {
    int64_t since = 0;     // rows at or after (unix seconds)
    std::string token;     // "" : every token
    std::string node;      // "" : every node; else the node's subtree
    int64_t after_id = 0;  // the paging cursor: rows with a larger id
    int64_t limit = 100;
};

class Audit {
  public:
    explicit Audit(Store& store) : store_(store) {}
    // Appends through the writer; the future completes after COMMIT.
    std::future<int64_t> append(AuditEntry e);
    // Oldest first, at most `limit` rows.
    std::vector<AuditEntry> list(const AuditQuery& q);
    // Whether a row about `subject` was written at or after `since` (a
    // one-time sign-in link is used once: its use is such a row).
    bool has_subject(const std::string& subject, int64_t since);

  private:
    Store& store_;
};

namespace detail {
class Db;
// Appends inside the caller's writer job (the same transaction as what it records).
int64_t append_audit(Db& db, const AuditEntry& e);
}  // namespace detail

}  // namespace gridbot::store
