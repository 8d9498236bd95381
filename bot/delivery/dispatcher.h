#pragma once
// The dispatcher (DESIGN.md §8): takes queued rows from the outbox and sends
// them with libcurl multi on one thread, many transfers in flight over reused
// connections.
//
// Guarantees:
//  - a row is marked "sending" (attempts + 1) and committed before its network
//    call, so after a crash only rows that were in flight can be sent twice;
//  - one transfer at a time per target (channel + group): a group's messages
//    arrive in order, and a failing group holds up only itself;
//  - a channel whose last max(8, in_flight/2) outcomes all failed or were
//    retried (down, or hanging until the timeout) holds at most in_flight/16
//    slots until one of its messages is delivered, so it cannot starve the
//    other channels;
//  - each target is paced by its Pacer; retries back off exponentially with
//    jitter, or wait what the platform said (Retry-After, retry_after, rate
//    codes); after max_attempts or the deadline a row fails with its reason;
//  - the channels are read from a ChannelTable a reload may replace at any
//    time: a transfer keeps the adapter it started with until its outcome;
//    rows of a channel no longer in the table fail at once (not after their
//    backoff) with the reason "channel_removed: ..."; targets follow their
//    channel's new rate;
//  - with several daemons (DispatchOptions::leases), each sends the targets it
//    holds a lease on (store/outbox_leases.h), claimed in batches while fewer
//    than in_flight of its claimed targets are not yet begun (targets waiting
//    for their pace or a retry do not count); a target with nothing left is
//    released. A newly held target's rows left "sending" go back in
//    the queue (its last holder's in flight) and its last minute of sends
//    counts against its pace. Leases are renewed every lease/5; a daemon whose
//    renewal has not succeeded for lease/2 starts nothing, and one that finds
//    a lease run out drops what it holds in memory once its transfers are
//    done and claims afresh;
//  - with several daemons, rows another daemon queued commit out of id order:
//    every 2 s the last 5 s of ids are read again and what was not loaded yet
//    is added;
//  - stop() lets in-flight transfers finish (bounded by the timeout) and
//    commits their outcome before returning.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "bot/core/clock.h"
#include "bot/core/metrics.h"
#include "bot/delivery/channel_table.h"
#include "bot/delivery/retry.h"
#include "bot/store/messages.h"
#include "bot/store/outbox_leases.h"

namespace gridbot::delivery {

struct DispatchOptions {
    int in_flight = 256;
    std::chrono::milliseconds timeout{10'000};
    int max_attempts = 10;
    std::chrono::milliseconds deadline{86'400'000};
    std::chrono::milliseconds backoff_initial{2'000};
    std::chrono::milliseconds backoff_max{600'000};
    size_t memory_cap = 50'000;  // queued rows held in memory at once
    // Several daemons on one database: the leases this daemon sends under.
    // Null: this daemon alone sends the whole outbox.
    store::OutboxLeases* leases = nullptr;
};

class Dispatcher {
  public:
    // `channels` outlives the dispatcher.
    Dispatcher(store::Messages& messages, Clock& clock, Metrics& metrics,
               const ChannelTable& channels, DispatchOptions options);
    ~Dispatcher();

    // Starts the thread. Alone, it first puts rows left "sending" by a crash
    // back in the queue and loads it; with leases, it claims its first targets.
    void start();
    // New rows were queued: look now rather than at the next periodic scan.
    void wake();
    void stop();

    int64_t pending() const;  // queued in memory + in flight

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gridbot::delivery
