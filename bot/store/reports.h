#pragma once
// The daily cycle's durable state: reports, each household's status for a
// day (DESIGN §5) and the scheduler's progress. Writes are writer jobs whose
// futures complete after COMMIT; reads use the reader pool.
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

enum class DayStatus { Missing = 0, Zero = 1, Anomaly = 2 };
std::string_view day_status_name(DayStatus);
std::optional<DayStatus> day_status_from_name(std::string_view);

struct ReportRecord {
    int64_t household_id = 0;
    std::string day;                   // local YYYY-MM-DD
    DayStatus kind = DayStatus::Zero;  // Zero or Anomaly
    std::vector<std::string> categories;
    std::optional<double> temperature;
    std::optional<int64_t> inbound_id;
    std::string reporter;  // "channel:user"
    bool by_leader = false;
    int64_t at = 0;  // unix seconds
};

// The household's status before and after a report was applied.
struct StatusChange {
    DayStatus before = DayStatus::Missing;
    std::vector<std::string> categories_before;
    DayStatus after = DayStatus::Missing;
    std::vector<std::string> categories_after;
    // The order in which the writer applied it (1, 2, …, in this process): threads
    // that apply changes to the day's counters may learn of them in another order.
    uint64_t seq = 0;
};

// One active household with its status on a day.
struct HouseholdDay {
    int64_t id = 0;
    std::string grid_code;
    std::string address, contact, phone;
    uint16_t tags = 0;
    int members = 1;
    DayStatus status = DayStatus::Missing;
    std::vector<std::string> categories;
    std::optional<double> temperature;
    int bound_members = 0;
};

// One page of a subtree's households (the API's list): only `status` if given,
// the rows after household `after` (a cursor) in the list's order, at most `limit`.
struct HouseholdPage {
    std::optional<DayStatus> status;
    std::optional<int64_t> after;
    size_t limit = 500;
};

// Per grid: active households and the day's statuses (the reconciliation path).
struct GridDayCount {
    std::string grid_code;
    int64_t households = 0, zero = 0, anomaly = 0;
    std::vector<std::pair<std::string, int64_t>> categories;  // category -> households
};

struct BoundMember {
    int64_t household_id = 0;
    std::string user_id;
    std::string name;
};

class Reports {
  public:
    explicit Reports(Store& store) : store_(store) {}

    // Stores the report and applies it to the household's day status: the last
    // report wins, except that a zero report does not hide an anomaly the same
    // day unless a leader made it (by_leader). Anomaly after anomaly keeps the
    // union of the categories.
    std::future<StatusChange> record(ReportRecord r);

    // Active households of `node`'s subtree with their status on `day`, in
    // grid and address order.
    std::vector<HouseholdDay> households(const std::string& node, const std::string& day);
    // One page of the same list, read by the store (keyset on the list's order,
    // which ends with the id). nullopt when `page.after` names no household.
    std::optional<std::vector<HouseholdDay>> households(const std::string& node,
                                                        const std::string& day,
                                                        const HouseholdPage& page);
    // SQL GROUP BY over the subtree: for reconciliation and past days.
    std::vector<GridDayCount> grid_counts(const std::string& node, const std::string& day);
    // Every grid of the store.
    std::vector<GridDayCount> grid_counts_all(const std::string& day) {
        return grid_counts("", day);
    }
    struct Status {
        int64_t household_id = 0;
        DayStatus status = DayStatus::Missing;
        std::vector<std::string> categories;
    };
    // Every active household that has a status on `day`.
    std::vector<Status> statuses(const std::string& day);
    // Households of active grids that got a report on `day` with an id above
    // `after_report_id`, with their status now: what other daemons of the same
    // database stored (docs/scaling.md). A range of day_status_by_report, then
    // one lookup each.
    struct Changed {
        int64_t report_id = 0;  // the household's latest report of the day
        std::string grid;
        Status status;
    };
    std::vector<Changed> changed_since(const std::string& day, int64_t after_report_id);
    int64_t last_report_id();
    // Members of `channel` bound to active households of the grid.
    std::vector<BoundMember> bound_members(const std::string& grid_code,
                                           const std::string& channel);
    // The active household a chat member is bound to, in one query.
    std::optional<HouseholdRef> member_household(const std::string& channel,
                                                 const std::string& user_id);
    // Reports stored for a day (all households), oldest first: for tests and audits.
    int64_t report_count(const std::string& day);

    // The scheduler's progress (unix seconds); nullopt before its first run.
    std::optional<int64_t> scheduler_done_through();
    std::future<void> set_scheduler_done_through(int64_t t);

  private:
    Store& store_;
};

}  // namespace gridbot::store
