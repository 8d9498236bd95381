#pragma once
// The day's counters per grid, in memory (PERFORMANCE.md "What follows", 4):
// updated on every report, so a summary of a district is a sum over its grids
// rather than a GROUP BY over 640,000 households. Loaded from the store when
// the day begins (or the daemon starts) — that SQL pass is the reconciliation.
// Other days are answered from the store. Thread-safe.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/core/hierarchy.h"
#include "bot/core/local_time.h"
#include "bot/store/reports.h"

namespace gridbot::daily {

struct Counts {
    int64_t households = 0, zero = 0, anomaly = 0;
    std::map<std::string, int64_t> categories;  // households with an anomaly of that category
    int64_t reported() const { return zero + anomaly; }
    int64_t missing() const { return households - reported(); }
    void add(const Counts& o);
};

// A node's counts on a day: its whole subtree, and each child's (the next level down).
struct Subtree {
    Counts total;
    std::map<std::string, Counts> children;
    // Adds grid `code`'s counts under `node` (the grid is within it).
    void add(const std::string& node, const std::string& code, const Counts& c);
};

class DayBook {
  public:
    DayBook(store::Reports& reports, LocalTime zone) : reports_(reports), zone_(zone) {}

    const LocalTime& zone() const { return zone_; }
    std::string day_of(TimePoint t) const { return zone_.day(t); }

    // Makes `day` the book's day, loading it from the store if it is not already.
    void load(const std::string& day);
    // Reloads the book's day from the store (after a ledger import, say).
    void reconcile();
    std::string day() const;

    // Applies a household's new status on `day`. Idempotent: the book keeps each
    // household's status, so applying a status it already has changes nothing.
    // `seq` (store::StatusChange::seq) orders the changes of one household: a change
    // older than the one applied last is dropped, so two threads that learn of
    // two reports in the other order than the writer applied them agree with the store.
    void apply(const std::string& day, const std::string& grid, int64_t household_id,
               store::DayStatus status, const std::vector<std::string>& categories,
               uint64_t seq = 0);

    // A resident's zero report stored by the hook route: Missing becomes Zero,
    // and an anomaly stays (only a leader's report clears one, and those come
    // through apply()). It commutes with apply(), so the HTTP threads may call it
    // in any order against the conversation thread.
    void apply_zero(const std::string& day, const std::string& grid, int64_t household_id);

    // Whether the household has a status (zero or anomaly) on `day`, the book's day;
    // false for another day.
    bool reported(const std::string& day, int64_t household_id) const;

    // Counts per grid of `node`'s subtree on `day`: from memory for the book's
    // day, from the store (GROUP BY) for any other.
    std::map<std::string, Counts> grids_within(const std::string& node, const std::string& day);
    // The same summed as a summary shows it, without copying each grid: for the
    // book's day only (nullopt for another: ask grids_within).
    std::optional<Subtree> subtree(const std::string& node, const std::string& day) const;

    // Changes whenever the book's counts may have: a page's pushed numbers are
    // computed again only when it moved (bot/app/routes_dashboard.cpp).
    uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  private:
    struct Entry {
        store::DayStatus status = store::DayStatus::Missing;
        std::vector<std::string> categories;
        uint64_t seq = 0;  // of the change applied last; 0: loaded from the store
    };
    void load_locked(const std::string& day);
    // Calls f(grid, counts) for each grid of the book within `node`, in order.
    template <class F>
    void each_within_locked(const std::string& node, F f) const {
        for (auto it = grids_.lower_bound(node); it != grids_.end(); ++it) {
            if (!within(it->first, node)) {
                if (it->first.compare(0, node.size(), node) != 0) break;
                continue;  // "a/b-x" sorts between "a/b" and "a/b/..."
            }
            f(it->first, it->second);
        }
    }
    // Whether a report for `day` is to be applied to the book: a later day
    // becomes the book's day, loaded from the store, which already holds the
    // report; an earlier day is the store's alone.
    bool applies_locked(const std::string& day);

    store::Reports& reports_;
    LocalTime zone_;
    mutable std::mutex mu_;
    std::string day_;
    std::map<std::string, Counts> grids_;
    std::unordered_map<int64_t, Entry> households_;  // reported households only
    std::atomic<uint64_t> generation_{0};
};

}  // namespace gridbot::daily
