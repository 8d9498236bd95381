#pragma once
// Leases on the outbox's targets (DESIGN.md §14, docs/scaling.md): with
// several daemons on one database each sends the rows of the targets (channel
// + group) it holds a lease on, and only those. One holder per target keeps
// the group's messages in order and its robot's pace whole; a daemon that dies
// stops renewing, and after `lease` another takes its targets, puts their rows
// left "sending" back in the queue (its in flight: the only repeats) and counts
// their last minute of sends against the pace before sending.
//
// Lifecycle of a target's lease (times on the database's clock):
//
//     (none) ──claim──> held(owner, until) ──renew──> held(owner, until')
//                          │        │
//             release: nothing left │ until passes (the owner died or
//             pending, until = 0    │ lost the database)
//                          v        v
//                        free ──claim by any daemon──> held(other, ...)
//
// Claims lock the lease rows they take (FOR UPDATE SKIP LOCKED on PostgreSQL):
// two daemons claiming at once take different targets and never wait on
// each other.
#include <cstdint>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "bot/store/messages.h"

namespace gridbot::store {

class Store;

class OutboxLeases {
  public:
    OutboxLeases(Store& store, std::string owner, int64_t lease_ms);

    const std::string& owner() const { return owner_; }
    int64_t lease_ms() const { return lease_ms_; }

    // A send another holder made: its row's last change, counted against the pace.
    struct Sent {
        std::string channel, group;
        int64_t at_ms;
    };
    struct Claim {
        int targets = 0;               // taken by this claim
        int resumed = 0;               // their rows left "sending" by the last holder
        std::vector<OutboxItem> rows;  // their queued rows, in id order
        std::vector<Sent> sent;        // their sends with a row change since `since_ms`
    };
    // Whether a target with rows to send is free (no lease, or one run out):
    // a read, so an idle daemon does not queue a write every scan.
    bool any_free();
    // Takes up to `max_targets` free targets with rows to send. `now_ms` and
    // `since_ms` are the daemon's clock: the resumed rows' retry time, and the
    // start of the pace window.
    Claim claim(int max_targets, int64_t now_ms, int64_t since_ms);
    // Queued rows of the targets held, with id > after_id, oldest first.
    std::vector<OutboxItem> queued_after(int64_t after_id, size_t limit);
    // Extends every lease still held. Returns how many had run out before
    // (taken by another daemon, or free): the rows of those in memory are stale.
    int renew();
    // Frees the targets when nothing of theirs is left to send; a target that
    // has a row again stays held.
    std::future<void> release(std::vector<std::pair<std::string, std::string>> targets);
    // Frees every lease of this owner (after losing some: start afresh).
    void release_all();

  private:
    Store& store_;
    std::string owner_;
    int64_t lease_ms_;
    int64_t term_ = 0;  // claims so far: a claim's rows are found by its term
};

}  // namespace gridbot::store
