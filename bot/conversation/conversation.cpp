#include "bot/conversation/conversation.h"

#include <spdlog/spdlog.h>

#include "bot/config/groups.h"
#include "bot/conversation/turn.h"
#include "bot/core/error.h"
#include "bot/core/hierarchy.h"

namespace gridbot::conversation {

using detail::Turn;
using nlohmann::json;

namespace {

// In a staff group the leaders of the level below sit with the group's own
// (a community's group holds its grid leaders): a leader of the group's node or
// of any node within it. Null outside staff groups.
const config::Leader* staff_group_leader(const config::Config& cfg, const config::Group& group,
                                         const std::string& sender) {
    if (group.audience != config::Audience::Staff) return nullptr;
    for (const auto& l : cfg.leaders) {
        auto it = l.ids.find(group.channel);
        if (it != l.ids.end() && it->second == sender && within(l.node, group.node)) return &l;
    }
    return nullptr;
}

// "解绑 @…" / "解除登记 @…": the parser has no such command; only a leader's
// message with mentions is read this way.
bool unbind_request(const std::string& text) {
    size_t i = text.find_first_not_of(" \t\r\n");
    if (i == std::string::npos) return false;
    std::string_view t(text.data() + i, text.size() - i);
    return t.rfind("解绑", 0) == 0 || t.rfind("解除登记", 0) == 0;
}

}  // namespace

Conversation::Conversation(Context ctx) : ctx_(std::move(ctx)) {}

Conversation::~Conversation() { stop(); }

void Conversation::start() {
    thread_ = std::thread([this] { run(); });
}

void Conversation::notify() {
    std::lock_guard lock(mu_);
    pending_ = true;
    cv_.notify_one();
}

void Conversation::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Conversation::run() {
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || pending_; });
            if (stopping_) return;
            pending_ = false;
        }
        // A follower stores what its hooks receive; the leader handles it.
        if (ctx_.leading && !ctx_.leading()) continue;
        for (bool store_away = false; !store_away;) {
            std::vector<store::StoredInbound> batch;
            try {
                batch = ctx_.messages.pending_inbound(200);
            } catch (const std::exception& e) {
                // The store is away (a database restart): the messages wait in it; a
                // second on, the loop above looks again.
                spdlog::warn("event=conversation_store_unavailable what=\"{}\"", e.what());
                break;
            }
            if (batch.empty()) break;
            bool any = false;
            size_t handled = 0;
            for (const auto& in : batch) {
                std::vector<store::OutboxItem> replies;
                try {
                    replies = handle(in);
                } catch (const std::exception& e) {
                    if (dynamic_cast<const Unavailable*>(&e)) {
                        // Not set aside: it stays pending and is handled when the store is back.
                        spdlog::warn("event=conversation_store_unavailable inbound={}", in.id);
                        store_away = true;
                        break;
                    }
                    // A message we cannot handle is logged and set aside, never retried forever.
                    spdlog::error("event=conversation_error inbound={} what=\"{}\"", in.id,
                                  e.what());
                }
                any = any || !replies.empty();
                // Submitted after the message's own writes, so it commits with or after them.
                pending_finishes_.push_back(ctx_.messages.finish_inbound(
                    in.id, std::move(replies), unix_millis(ctx_.clock.now())));
                ++handled;
            }
            flush();
            processed_ += handled;
            if (any && ctx_.replies_queued) ctx_.replies_queued();
            std::lock_guard lock(mu_);
            if (stopping_) return;
        }
    }
}

void Conversation::flush() {
    auto settle = [](auto& f, const char* what) {
        try {
            f.get();
        } catch (const std::exception& e) {
            spdlog::error("event=conversation_write_failed what=\"{}: {}\"", what, e.what());
        }
    };
    for (auto& f : pending_binds_) settle(f, "bind");
    for (auto& p : pending_reports_) {
        try {
            auto change = p.change.get();
            ctx_.days.apply(p.day, p.grid, p.household_id, change.after, change.categories_after,
                            change.seq);
            ctx_.metrics
                .counter("gridbot_reports_total", "reports stored, by the household's new status",
                         {{"status", std::string(store::day_status_name(change.after))}})
                .inc();
        } catch (const std::exception& e) {
            spdlog::error("event=report_failed household={} what=\"{}\"", p.household_id, e.what());
        }
    }
    for (auto& f : pending_appends_) settle(f, "append");
    for (auto& f : pending_settles_) settle(f, "answer");
    for (auto& f : pending_finishes_) settle(f, "finish");
    pending_appends_.clear();
    pending_settles_.clear();
    pending_binds_.clear();
    pending_reports_.clear();
    pending_finishes_.clear();
    bound_in_batch_.clear();
}

const config::Group* Conversation::group_of(const std::shared_ptr<const config::Config>& cfg,
                                            const std::string& channel, const std::string& id) {
    if (cfg != indexed_cfg_) {
        group_index_.clear();
        for (const auto& g : cfg->groups) group_index_.emplace(g.channel + '\x1f' + g.id, &g);
        indexed_cfg_ = cfg;
    }
    auto it = group_index_.find(channel + '\x1f' + id);
    return it == group_index_.end() ? nullptr : it->second;
}

std::optional<int64_t> Conversation::household_of(const std::string& channel,
                                                  const std::string& user) {
    auto it = bound_in_batch_.find(channel + ":" + user);
    if (it != bound_in_batch_.end()) return it->second;
    return ctx_.messages.member_household(channel, user);
}

void Conversation::record_report(const store::StoredInbound& in,
                                 const store::HouseholdRef& household,
                                 const parse::Understanding& report, bool by_leader) {
    store::ReportRecord r;
    r.household_id = household.id;
    r.day = ctx_.days.day_of(from_unix_seconds(in.received_at));
    r.kind =
        report.kind == parse::Kind::Anomaly ? store::DayStatus::Anomaly : store::DayStatus::Zero;
    if (r.kind == store::DayStatus::Anomaly) r.categories = report.categories;
    r.temperature = report.temperature;
    r.inbound_id = in.id;
    r.reporter = in.msg.channel + ":" + in.msg.sender_id;
    r.by_leader = by_leader;
    r.at = in.received_at;
    std::string day = r.day;
    pending_reports_.push_back(
        {ctx_.reports.record(std::move(r)), std::move(day), household.grid_code, household.id});
    // After the report's write is submitted: the incident's writes commit with or after it.
    if (ctx_.incidents && report.kind == parse::Kind::Anomaly) {
        ctx_.incidents->on_anomaly(
            {household, report.categories, report.temperature, from_unix_seconds(in.received_at)});
    }
}

std::vector<store::OutboxItem> Conversation::handle(const store::StoredInbound& in) {
    auto cfg = ctx_.config();
    const config::Group* group = group_of(cfg, in.msg.channel, in.msg.group);
    if (!group) {
        spdlog::info("event=message_unknown_group channel={} group={}", in.msg.channel,
                     in.msg.group);
        return {};
    }
    Turn t{in,
           cfg,
           *group,
           ctx_.templates(),
           ctx_.parser()->understand(in.msg.text),
           config::find_leader(*cfg, group->node, in.msg.channel, in.msg.sender_id),
           staff_group_leader(*cfg, *group, in.msg.sender_id),
           config::resident_grid_group(*group),
           unix_seconds(ctx_.clock.now()),
           in.msg.channel + ":" + in.msg.sender_id,
           {}};
    ctx_.metrics
        .counter("gridbot_messages_understood_total", "inbound messages by kind",
                 {{"kind", std::string(parse::to_string(t.parsed.kind))}})
        .inc();

    // Notices: a leader's 收到 / 收到 第N号 / 已通知 <room> (decided from context, not by the
    // parser).
    if (ctx_.notices) {
        if (auto replies = ctx_.notices->on_message(in, group->node,
                                                    t.leader ? t.leader->node : std::string())) {
            return *replies;
        }
    }
    using Handler = void (Conversation::*)(Turn&);
    static const std::unordered_map<std::string_view, Handler> commands = {
        {"help", &Conversation::on_help},
        {"summary", &Conversation::on_summary},
        {"register", &Conversation::on_register},
        {"ack", &Conversation::on_incident_command},
        {"resolve", &Conversation::on_incident_command},
        {"proxy", &Conversation::on_proxy},
        {"correct", &Conversation::on_correct},
    };
    // An unnamed complaint (不舒服) is chatter to the parser; below ask_below the
    // resident is asked what it is rather than left unheard.
    const bool unclear_complaint =
        t.parsed.why == "complaint" && t.parsed.confidence < cfg->ask_below;
    if (t.leader && t.is_grid && !in.msg.mentions.empty() && unbind_request(in.msg.text)) {
        on_unbind(t);
    } else if (t.is_grid && !t.leader && on_answer(t)) {
        // settled a question asked earlier today
    } else if (t.parsed.kind == parse::Kind::Command) {
        auto it = commands.find(t.parsed.command);
        if (it != commands.end()) (this->*(it->second))(t);
    } else if ((t.parsed.kind == parse::Kind::Zero || t.parsed.kind == parse::Kind::Anomaly ||
                unclear_complaint) &&
               t.is_grid && !t.leader) {
        on_report(t);
    }
    return std::move(t.out);
}

}  // namespace gridbot::conversation
