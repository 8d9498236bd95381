#pragma once
// The configured channels' adapters, read at once by the dispatcher thread and
// the HTTP workers (/hooks/<channel>) and replaced whole by a reload.
//
// How the swap stays safe: the table is one immutable map behind an atomic
// shared_ptr. A reader takes a snapshot (one atomic load) and works with it;
// replace() publishes a new map and never changes one a reader holds. An
// adapter lives as long as any snapshot, hook request or in-flight transfer
// holds it, so a removed or rebuilt channel's last requests finish on the
// adapter they started with, and no reader ever sees a half-built table.
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "bot/delivery/adapter.h"

namespace gridbot::delivery {

struct ChannelRoute {
    std::shared_ptr<Adapter> adapter;
    double rate_per_minute = 0;  // per target; 0 unlimited
};

using ChannelRoutes = std::map<std::string, ChannelRoute>;

class ChannelTable {
  public:
    explicit ChannelTable(ChannelRoutes routes = {})
        : routes_(std::make_shared<const ChannelRoutes>(std::move(routes))) {}

    std::shared_ptr<const ChannelRoutes> snapshot() const { return routes_.load(); }
    // Readers holding the previous snapshot keep it until they let it go.
    void replace(ChannelRoutes next) {
        routes_.store(std::make_shared<const ChannelRoutes>(std::move(next)));
    }

  private:
    std::atomic<std::shared_ptr<const ChannelRoutes>> routes_;
};

// The outcome reason of a message whose channel is no longer configured.
inline std::string channel_removed_reason(const std::string& channel) {
    return "channel_removed: channel " + channel + " is no longer configured";
}

}  // namespace gridbot::delivery
