#include "bot/daily/scheduler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "bot/compose/outbox_item.h"
#include "bot/config/groups.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"
#include "bot/privacy/audience.h"
#include "bot/store/clarifications.h"

namespace gridbot::daily {

using nlohmann::json;

std::string_view slot_kind_name(SlotKind k) {
    switch (k) {
        case SlotKind::Open:
            return "open";
        case SlotKind::Digest:
            return "digest";
        case SlotKind::Remind:
            return "remind";
        case SlotKind::Cutoff:
            return "cutoff";
        case SlotKind::Rollup:
            return "rollup";
    }
    return "?";
}

namespace {

std::string hhmm(int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 24, m % 60);
    return buf;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += sep;
        out += s;
    }
    return out;
}

std::string group_label(const config::Group& g) { return g.name.empty() ? g.id : g.name; }

// The messages of one slot. Each is keyed by slot and group
// ("<kind>:<day>:<index>:<channel>/<group>"), so the outbox drops a second copy.
class SlotMessages {
  public:
    SlotMessages(const compose::Templates& t, std::string key_prefix)
        : t_(t), key_prefix_(std::move(key_prefix)) {}
    // Renders template `kind` for `g`; false when it failed to (nothing added).
    bool add(const config::Group& g, const std::string& kind, const json& data,
             std::vector<std::string> mentions = {}) {
        auto item = compose::render_item(
            t_, {key_prefix_ + g.channel + "/" + g.id, g.channel, g.id, std::move(mentions)}, kind,
            data);
        if (!item) return false;
        out_.push_back(std::move(*item));
        return true;
    }
    store::OutboxItem& last() { return out_.back(); }
    std::vector<store::OutboxItem> take() { return std::move(out_); }

  private:
    const compose::Templates& t_;
    std::string key_prefix_;
    std::vector<store::OutboxItem> out_;
};

std::vector<const config::Group*> resident_groups(const config::Config& cfg,
                                                  const std::string& node) {
    std::vector<const config::Group*> v;
    for (const auto& g : cfg.groups) {
        if (g.node == node && g.audience == config::Audience::Residents) v.push_back(&g);
    }
    return v;
}

// The rollup `summary` (node_summary's JSON) to each staff group of `node`.
void post_rollups(SlotMessages& out, const config::Config& cfg, const std::string& node,
                  const json& summary, const std::string& minute, const std::string& locale) {
    for (const auto& g : cfg.groups) {
        if (g.node == node && g.audience == config::Audience::Staff) {
            out.add(g, "rollup",
                    rollup_data(summary, minute, privacy::of_group(cfg, g, node), locale));
        }
    }
}

void post_open(SlotMessages& out, const config::Config& cfg, const std::string& grid,
               const std::string& grid_name, const std::string& day, int64_t households) {
    for (const auto* g : resident_groups(cfg, grid)) {
        out.add(*g, "daily_open",
                {{"group_name", group_label(*g)},
                 {"grid_name", grid_name},
                 {"day", day},
                 {"households", households}});
    }
}

// A grid's rooms on a day, split by whether their household has reported.
struct Rooms {
    std::vector<std::string> reported, missing;
};

Rooms rooms_by_status(const std::vector<store::HouseholdDay>& households) {
    Rooms rooms;
    for (const auto& h : households) {
        (h.status == store::DayStatus::Missing ? rooms.missing : rooms.reported)
            .push_back(h.address);
    }
    return rooms;
}

void post_digest(SlotMessages& out, const config::Config& cfg, const std::string& grid,
                 const std::string& grid_name, const std::string& minute, int64_t total,
                 const Rooms& rooms, const char* sep) {
    int64_t reported = static_cast<int64_t>(rooms.reported.size());
    for (const auto* g : resident_groups(cfg, grid)) {
        out.add(*g, "digest",
                {{"grid_name", grid_name},
                 {"time", minute},
                 {"reported", reported},
                 {"households", total},
                 {"missing", total - reported},
                 {"rooms", join(rooms.reported, sep)},
                 {"has_rooms", reported > 0}});
    }
}

// The reminder to each residents' group, @mentioning its members whose household is missing.
void post_reminders(SlotMessages& out, const config::Config& cfg, store::Reports& reports,
                    const std::string& grid, const std::string& grid_name,
                    const std::vector<store::HouseholdDay>& households, const Rooms& rooms,
                    const char* sep) {
    if (rooms.missing.empty()) return;
    std::set<int64_t> missing_ids;
    for (const auto& h : households) {
        if (h.status == store::DayStatus::Missing) missing_ids.insert(h.id);
    }
    for (const auto* g : resident_groups(cfg, grid)) {
        std::vector<std::string> mentions;
        for (const auto& m : reports.bound_members(grid, g->channel)) {
            if (missing_ids.count(m.household_id)) mentions.push_back(m.user_id);
        }
        out.add(*g, "remind",
                {{"grid_name", grid_name},
                 {"missing", rooms.missing.size()},
                 {"households", static_cast<int64_t>(households.size())},
                 {"missing_rooms", join(rooms.missing, sep)},
                 {"mentioned", mentions.size()}},
                mentions);
    }
}

std::vector<std::string> leader_names(const config::Config& cfg, const std::string& grid) {
    std::vector<std::string> leaders;
    for (const auto& l : cfg.leaders) {
        if (l.node == grid) leaders.push_back(l.name);
    }
    return leaders;
}

// The @mentions of `grid`'s leaders on `channel`.
std::vector<std::string> leader_mentions(const config::Config& cfg, const std::string& grid,
                                         const std::string& channel) {
    std::vector<std::string> mentions;
    for (const auto& l : cfg.leaders) {
        auto id = l.ids.find(channel);
        if (l.node == grid && id != l.ids.end()) mentions.push_back(id->second);
    }
    return mentions;
}

}  // namespace

Scheduler::Scheduler(SchedulerContext ctx) : ctx_(std::move(ctx)) {
    if (ctx_.clock.is_manual()) {
        // "remind:1": exit like a kill -9 after the first reminder is committed.
        if (const char* v = std::getenv("GRIDBOT_DEBUG_CRASH_AFTER")) {
            std::string spec(v);
            auto colon = spec.find(':');
            if (colon != std::string::npos) {
                crash_kind_ = spec.substr(0, colon);
                crash_after_ = std::atoi(spec.c_str() + colon + 1);
            }
        }
    }
}

Scheduler::~Scheduler() { stop(); }

// The first tick runs before start() returns, so a clock moved right after
// the daemon reports "running" cannot skip the slots it passes.
void Scheduler::start() { ticker_.start(); }

void Scheduler::stop() { ticker_.stop(); }

std::vector<Scheduler::Event> Scheduler::events(const config::Config& cfg, TimePoint after,
                                                TimePoint until) const {
    const LocalTime& zone = ctx_.days.zone();
    std::set<std::string> grids, rollup_nodes;
    for (const auto& g : cfg.groups) {
        if (config::resident_grid_group(g)) grids.insert(g.node);
        if (g.audience == config::Audience::Staff && level(g.node) <= 2)
            rollup_nodes.insert(g.node);
    }
    std::vector<Event> out;
    // At most the last two local days are replayed after a long stop.
    std::string day = zone.day(std::max(after, until - std::chrono::hours(48)));
    std::string last = zone.day(until);
    for (int guard = 0; guard < 4; ++guard, day = LocalTime::next_day(day)) {
        auto add = [&](SlotKind kind, int index, const std::string& node, int minute) {
            TimePoint at = zone.at(day, minute);
            if (at > after && at <= until) out.push_back({at, kind, index, node, day});
        };
        for (const auto& grid : grids) {
            NodeSchedule s = resolve_schedule(cfg, grid);
            add(SlotKind::Open, 0, grid, s.open);
            for (size_t i = 0; i < s.digests.size(); ++i)
                add(SlotKind::Digest, static_cast<int>(i), grid, s.digests[i]);
            for (size_t i = 0; i < s.remind.size(); ++i)
                add(SlotKind::Remind, static_cast<int>(i), grid, s.remind[i]);
            add(SlotKind::Cutoff, 0, grid, s.cutoff);
        }
        for (const auto& node : rollup_nodes) {
            NodeSchedule s = resolve_schedule(cfg, node);
            for (size_t i = 0; i < s.rollups.size(); ++i)
                add(SlotKind::Rollup, static_cast<int>(i), node, s.rollups[i]);
        }
        if (day == last) break;
    }
    // Time order; at one time, the kinds in the order of the day; rollups of
    // grids' parents (deeper nodes) before their own parents'.
    std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
        if (a.at != b.at) return a.at < b.at;
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.node > b.node;
    });
    return out;
}

int Scheduler::tick(TimePoint now) {
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    // With several daemons (ctx_.leading), another may have led since this one's
    // last tick: the progress is read from the store every tick, not remembered.
    if (!done_through_ || ctx_.leading) done_through_ = ctx_.reports.scheduler_done_through();
    int64_t now_s = unix_seconds(now);
    if (!done_through_) {
        ctx_.reports.set_scheduler_done_through(now_s).get();
        done_through_ = now_s;
        spdlog::info("event=scheduler_started from={}", format_rfc3339(now));
    }
    ctx_.days.load(ctx_.days.day_of(now));
    if (now_s <= *done_through_) return 0;

    auto due = events(*cfg, from_unix_seconds(*done_through_), now);
    if (!due.empty()) {
        // Display names as the store has them now (an import may have added nodes).
        names_.clear();
        for (const auto& n : ctx_.store.nodes()) names_[n.code] = n.name;
    }
    int queued = 0;
    for (size_t i = 0; i < due.size();) {
        TimePoint at = due[i].at;
        // Every message is its own writer job, so a crash can fall between two
        // groups; all of a time's jobs are submitted before any is awaited, so
        // they share group commits.
        std::vector<std::pair<SlotKind, std::future<int>>> done;
        auto settle = [&](SlotKind kind, std::future<int>& f) {
            queued += f.get();
            if (crash_after_ >= 0 && slot_kind_name(kind) == crash_kind_ &&
                ++queued_total_ >= crash_after_) {
                spdlog::warn("event=debug_crash kind={} queued={}", crash_kind_, queued_total_);
                _exit(137);
            }
        };
        for (; i < due.size() && due[i].at == at; ++i) {
            auto items = compose(*cfg, *templates, due[i]);
            for (auto& item : items) {
                done.emplace_back(due[i].kind,
                                  ctx_.messages.enqueue({std::move(item)}, unix_millis(now)));
                // With the crash hook armed, one commit per message: the crash falls between two.
                if (crash_after_ >= 0) settle(done.back().first, done.back().second);
            }
            spdlog::info("event=slot_due kind={} node={} day={} slot={} messages={}",
                         slot_kind_name(due[i].kind), due[i].node, due[i].day, due[i].index,
                         items.size());
        }
        for (auto& [kind, f] : done) {
            if (f.valid()) settle(kind, f);
        }
        if (ctx_.queued) ctx_.queued();
        ctx_.reports.set_scheduler_done_through(unix_seconds(at)).get();
        done_through_ = unix_seconds(at);
    }
    ctx_.reports.set_scheduler_done_through(now_s).get();
    done_through_ = now_s;
    return queued;
}

std::vector<store::OutboxItem> Scheduler::compose(const config::Config& cfg,
                                                  const compose::Templates& t, const Event& e) {
    const std::string& locale = t.locale();
    std::string minute = hhmm(ctx_.days.zone().minute_of_day(e.at));
    SlotMessages out(
        t, std::string(slot_kind_name(e.kind)) + ":" + e.day + ":" + std::to_string(e.index) + ":");
    if (e.kind == SlotKind::Rollup) {
        auto grids = ctx_.days.grids_within(e.node, e.day);
        post_rollups(out, cfg, e.node, node_summary(e.node, e.day, grids, names_), minute, locale);
        return out.take();
    }

    auto name = names_.find(e.node);
    std::string grid_name = name == names_.end() ? e.node : name->second;
    auto counts = ctx_.days.grids_within(e.node, e.day);
    Counts c = counts.count(e.node) ? counts[e.node] : Counts{};
    if (e.kind == SlotKind::Open) {
        post_open(out, cfg, e.node, grid_name, e.day, c.households);
        return out.take();
    }

    // Digest, remind and cutoff need the households of the grid.
    auto households = ctx_.reports.households(e.node, e.day);
    Rooms rooms = rooms_by_status(households);
    const char* sep = locale == "en" ? ", " : "、";
    if (e.kind == SlotKind::Digest) {
        post_digest(out, cfg, e.node, grid_name, minute, static_cast<int64_t>(households.size()),
                    rooms, sep);
        return out.take();
    }
    if (e.kind == SlotKind::Remind) {
        post_reminders(out, cfg, ctx_.reports, e.node, grid_name, households, rooms, sep);
        return out.take();
    }
    // Cutoff: the grid leader's summary, in the staff group of the level above.
    std::vector<std::string> unclear;
    for (const auto& u : store::Clarifications(ctx_.store).unclear(e.node, e.day))
        unclear.push_back(u.room);
    std::string leaders = join(leader_names(cfg, e.node), sep);
    for (const auto* g : config::staff_groups_from(cfg, parent(e.node))) {
        auto data = grid_summary_data(e.node, grid_name, e.day, leaders, households,
                                      privacy::of_group(cfg, *g, e.node), locale);
        add_unclear(data, unclear, locale);
        // One summary per grid in the same staff group: the grid is part of the key.
        if (out.add(*g, "cutoff_summary", data, leader_mentions(cfg, e.node, g->channel))) {
            out.last().key += ":" + e.node;
            out.last().msg.idempotency_key = out.last().key;
        }
    }
    return out.take();
}

}  // namespace gridbot::daily
