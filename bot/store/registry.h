#pragma once
// What the dashboard reads beyond the day book (DESIGN §10): when each group
// last got a delivery, last failed and last said something, and when each
// household of a subtree reported on a day. Read-only queries on the reader
// pool; none takes the writer.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gridbot::store {

class Store;

// A chat group's traffic, keyed by (channel, group id).
struct GroupTraffic {
    int64_t last_delivered = 0;  // unix ms of the last delivered post; 0: none
    int64_t last_failed = 0;     // unix ms of the last post that failed for good; 0: none
    std::string last_error;      // that failure's reason as the platform gave it
    bool failing = false;        // the group's latest finished post failed
    int64_t queued = 0;          // posts waiting or being sent
    int64_t last_inbound = 0;    // unix seconds of the last message read from it; 0: none
};

class Registry {
  public:
    explicit Registry(Store& store) : store_(store) {}

    std::map<std::pair<std::string, std::string>, GroupTraffic> traffic();

    // (grid code, unix seconds the status was last set) of every household of
    // `node`'s subtree that has a status on `day`.
    std::vector<std::pair<std::string, int64_t>> reported_at(const std::string& node,
                                                             const std::string& day);
    // Households of `node`'s subtree with a status on `day` set at or before
    // `until` (unix seconds), plus the day's purged anonymous counts.
    int64_t reported_by(const std::string& node, const std::string& day, int64_t until);

  private:
    Store& store_;
};

}  // namespace gridbot::store
