#include "bot/conversation/quick.h"

#include "bot/config/groups.h"
#include "bot/daily/schedule.h"

namespace gridbot::conversation {

namespace {

std::string key(const std::string& channel, const std::string& id) { return channel + '\x1f' + id; }

}  // namespace

Quick::Quick(Context ctx)
    : ctx_(std::move(ctx)),
      stored_(ctx_.metrics.counter(
          "gridbot_quick_reports_total",
          "zero reports stored by the hook route without the conversation thread")),
      understood_zero_(ctx_.metrics.counter("gridbot_messages_understood_total",
                                            "inbound messages by kind", {{"kind", "zero"}})),
      now_zero_(ctx_.metrics.counter("gridbot_reports_total",
                                     "reports stored, by the household's new status",
                                     {{"status", "zero"}})),
      still_anomaly_(ctx_.metrics.counter("gridbot_reports_total",
                                          "reports stored, by the household's new status",
                                          {{"status", "anomaly"}})) {}

std::shared_ptr<const Quick::Index> Quick::index() {
    auto cfg = ctx_.config();
    auto current = index_.load();
    if (current && current->cfg == cfg)
        return current;  // every request but the first after a reload
    std::lock_guard lock(mu_);
    current = index_.load();
    if (current && current->cfg == cfg) return current;
    auto idx = std::make_shared<Index>();
    idx->cfg = cfg;
    for (const auto& g : cfg->groups) {
        // A node that answers each report needs the conversation to compose the answer.
        if (config::resident_grid_group(g) &&
            !daily::resolve_schedule(*cfg, g.node).reply_each_report) {
            idx->quiet_grid_groups.insert(key(g.channel, g.id));
        }
    }
    for (const auto& l : cfg->leaders) {
        for (const auto& [channel, id] : l.ids) idx->leaders.insert(key(channel, id));
    }
    index_.store(idx);
    return idx;
}

std::optional<store::Messages::Arrival::Zero> Quick::zero_report(const InboundMessage& m,
                                                                 int64_t received_at) {
    auto idx = index();
    if (!idx->quiet_grid_groups.contains(key(m.channel, m.group))) return std::nullopt;
    if (idx->leaders.contains(key(m.channel, m.sender_id))) return std::nullopt;
    auto parsed = ctx_.parser()->understand(m.text);
    // Below ask_below the conversation asks the sender what they meant.
    if (parsed.kind != parse::Kind::Zero || parsed.confidence < idx->cfg->ask_below)
        return std::nullopt;
    // Another household's zero report (帮802的王奶奶报一下，都好) is that household's: the
    // conversation finds it by its room.
    if (parsed.for_another) return std::nullopt;
    return store::Messages::Arrival::Zero{ctx_.days.day_of(from_unix_seconds(received_at)),
                                          parsed.temperature};
}

void Quick::stored(const store::Messages::Recorded& r) {
    if (!r.reported) return;
    ctx_.days.apply_zero(r.day, r.reported->grid_code, r.reported->id);
    stored_.inc();
    understood_zero_.inc();
    (r.after == store::DayStatus::Anomaly ? still_anomaly_ : now_zero_).inc();
}

}  // namespace gridbot::conversation
