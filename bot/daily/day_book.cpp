#include "bot/daily/day_book.h"

#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"

namespace gridbot::daily {

void Counts::add(const Counts& o) {
    households += o.households;
    zero += o.zero;
    anomaly += o.anomaly;
    for (const auto& [k, v] : o.categories) categories[k] += v;
}

void Subtree::add(const std::string& node, const std::string& code, const Counts& c) {
    total.add(c);
    if (code == node) return;
    // The child of `node` on the way to this grid.
    children[code.substr(0, code.find('/', node.size() + 1))].add(c);
}

namespace {

std::map<std::string, Counts> from_store(const std::vector<store::GridDayCount>& rows) {
    std::map<std::string, Counts> out;
    for (const auto& r : rows) {
        Counts& c = out[r.grid_code];
        c.households = r.households;
        c.zero = r.zero;
        c.anomaly = r.anomaly;
        for (const auto& [k, v] : r.categories) c.categories[k] = v;
    }
    return out;
}

}  // namespace

void DayBook::load(const std::string& day) {
    std::lock_guard lock(mu_);
    if (day_ != day) load_locked(day);
}

void DayBook::reconcile() {
    std::lock_guard lock(mu_);
    if (!day_.empty()) load_locked(day_);
}

std::string DayBook::day() const {
    std::lock_guard lock(mu_);
    return day_;
}

void DayBook::load_locked(const std::string& day) {
    day_ = day;
    grids_ = from_store(reports_.grid_counts_all(day));
    households_.clear();
    for (auto& s : reports_.statuses(day)) {
        households_[s.household_id] = Entry{s.status, std::move(s.categories)};
    }
    generation_.fetch_add(1, std::memory_order_release);
}

bool DayBook::applies_locked(const std::string& day) {
    if (day == day_) return true;
    if (day > day_) load_locked(day);
    return false;
}

void DayBook::apply(const std::string& day, const std::string& grid, int64_t household_id,
                    store::DayStatus status, const std::vector<std::string>& categories,
                    uint64_t seq) {
    std::lock_guard lock(mu_);
    if (!applies_locked(day)) return;
    Entry& e = households_[household_id];
    if (seq != 0 && seq < e.seq) return;  // a later change is applied already
    if (seq != 0) e.seq = seq;
    Counts& c = grids_[grid];
    auto count = [&](const Entry& x, int64_t sign) {
        if (x.status == store::DayStatus::Zero) c.zero += sign;
        if (x.status == store::DayStatus::Anomaly) {
            c.anomaly += sign;
            for (const auto& cat : x.categories) {
                if ((c.categories[cat] += sign) == 0) c.categories.erase(cat);
            }
        }
    };
    count(e, -1);
    e.status = status;
    e.categories = categories;
    count(e, +1);
    generation_.fetch_add(1, std::memory_order_release);
}

void DayBook::apply_zero(const std::string& day, const std::string& grid, int64_t household_id) {
    std::lock_guard lock(mu_);
    if (!applies_locked(day)) return;
    auto [it, added] = households_.try_emplace(household_id);
    if (!added && it->second.status != store::DayStatus::Missing) return;
    it->second.status = store::DayStatus::Zero;
    grids_[grid].zero += 1;
    generation_.fetch_add(1, std::memory_order_release);
}

bool DayBook::reported(const std::string& day, int64_t household_id) const {
    std::lock_guard lock(mu_);
    if (day != day_) return false;
    auto it = households_.find(household_id);
    return it != households_.end() && it->second.status != store::DayStatus::Missing;
}

std::optional<Subtree> DayBook::subtree(const std::string& node, const std::string& day) const {
    std::lock_guard lock(mu_);
    if (day != day_) return std::nullopt;
    Subtree out;
    each_within_locked(node,
                       [&](const std::string& grid, const Counts& c) { out.add(node, grid, c); });
    return out;
}

std::map<std::string, Counts> DayBook::grids_within(const std::string& node,
                                                    const std::string& day) {
    {
        std::lock_guard lock(mu_);
        if (day == day_) {
            std::map<std::string, Counts> out;
            each_within_locked(node, [&](const std::string& grid, const Counts& c) {
                out.emplace_hint(out.end(), grid, c);
            });
            return out;
        }
    }
    return from_store(reports_.grid_counts(node, day));
}

}  // namespace gridbot::daily
