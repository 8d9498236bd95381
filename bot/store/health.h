#pragma once
// What an operator alerts on, read from the store when /metrics is scraped
// (docs/monitoring.md): the outbox backlog per channel, groups whose last
// delivery failed, unresolved incidents, the database's size. Each is one
// read-only query on a reader connection; none takes the writer.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gridbot::store {

class Store;

struct ChannelBacklog {
    int64_t queued = 0;          // queued or sending
    int64_t oldest_created = 0;  // unix ms of the oldest of them; 0 when none
};

struct OpenIncident {
    std::string severity;
    bool acknowledged = false;
    int64_t opened_at = 0;  // unix seconds
};

class Health {
  public:
    explicit Health(Store& store) : store_(store) {}

    std::map<std::string, ChannelBacklog> outbox_backlog();
    // Per channel: groups whose most recent finished delivery failed.
    std::map<std::string, int64_t> failing_groups();
    std::vector<OpenIncident> unresolved_incidents();
    // The database file with its -wal, in bytes.
    int64_t database_bytes();

  private:
    Store& store_;
};

}  // namespace gridbot::store
