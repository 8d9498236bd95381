#include "bot/conversation/conversation.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "bot/config/groups.h"
#include "bot/conversation/summary_answer.h"
#include "bot/core/hierarchy.h"
#include "bot/daily/schedule.h"

namespace gridbot::conversation {

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

// The grid whose household a leader's 代报 names: the residents' group's own
// grid, or in a staff group the grid the sender leads. Nullopt: no grid to report for.
std::optional<std::string> proxy_grid(const config::Group& group, bool is_grid,
                                      const config::Leader* leader,
                                      const config::Leader* staff_leader) {
    if (is_grid && leader) return group.node;
    if (!is_grid && staff_leader && level(staff_leader->node) == 3) return staff_leader->node;
    return std::nullopt;
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
        for (;;) {
            auto batch = ctx_.messages.pending_inbound(200);
            if (batch.empty()) break;
            bool any = false;
            for (const auto& in : batch) {
                std::vector<store::OutboxItem> replies;
                try {
                    replies = handle(in);
                } catch (const std::exception& e) {
                    // A message we cannot handle is logged and set aside, never retried forever.
                    spdlog::error("event=conversation_error inbound={} what=\"{}\"", in.id,
                                  e.what());
                }
                any = any || !replies.empty();
                // Submitted after the message's own writes, so it commits with or after them.
                pending_finishes_.push_back(ctx_.messages.finish_inbound(
                    in.id, std::move(replies), unix_millis(ctx_.clock.now())));
            }
            flush();
            processed_ += batch.size();
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
            ctx_.days.apply(p.day, p.grid, p.household_id, change.after, change.categories_after);
            ctx_.metrics
                .counter("gridbot_reports_total", "reports stored, by the household's new status",
                         {{"status", std::string(store::day_status_name(change.after))}})
                .inc();
        } catch (const std::exception& e) {
            spdlog::error("event=report_failed household={} what=\"{}\"", p.household_id, e.what());
        }
    }
    for (auto& f : pending_finishes_) settle(f, "finish");
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
    auto templates = ctx_.templates();
    auto parsed = ctx_.parser()->understand(in.msg.text);
    const config::Leader* leader =
        config::find_leader(*cfg, group->node, in.msg.channel, in.msg.sender_id);
    const config::Leader* staff_leader = staff_group_leader(*cfg, *group, in.msg.sender_id);
    ctx_.metrics
        .counter("gridbot_messages_understood_total", "inbound messages by kind",
                 {{"kind", std::string(parse::to_string(parsed.kind))}})
        .inc();

    std::vector<store::OutboxItem> out;
    auto reply = [&](const std::string& kind, json data) {
        auto text = templates->render(kind, data);
        if (!text) {
            spdlog::error("event=template_failed {}", text.error().to_string());
            return;
        }
        store::OutboxItem item;
        item.key = "reply:" + std::to_string(in.id) + ":" + std::to_string(out.size());
        item.channel = in.msg.channel;
        item.msg.group = in.msg.group;
        item.msg.text = text.value();
        item.msg.idempotency_key = item.key;
        out.push_back(std::move(item));
    };
    std::string group_name = group->name.empty() ? group->id : group->name;
    bool is_grid = config::resident_grid_group(*group);
    int64_t now = unix_seconds(ctx_.clock.now());
    std::string sender_key = in.msg.channel + ":" + in.msg.sender_id;
    auto bind = [&](const std::string& user, const std::string& name,
                    const store::HouseholdRef& household) {
        bound_in_batch_[in.msg.channel + ":" + user] = household.id;
        pending_binds_.push_back(
            ctx_.messages.bind_member(in.msg.channel, user, name, household.id, now));
        // What the member reported before registering becomes the household's.
        if (ctx_.incidents)
            ctx_.incidents->attribute(in.msg.channel + ":" + user, household,
                                      from_unix_seconds(now));
    };

    // Notices: a leader's 收到 / 收到 第N号 / 已通知 <room> (decided from context, not by the
    // parser).
    if (ctx_.notices) {
        if (auto replies =
                ctx_.notices->on_message(in, group->node, leader ? leader->node : std::string())) {
            return *replies;
        }
    }
    if (leader && is_grid && !in.msg.mentions.empty() && unbind_request(in.msg.text)) {
        // 解绑 @member …: a leader unbinds the members they mention.
        for (const auto& user : in.msg.mentions) {
            bound_in_batch_[in.msg.channel + ":" + user] = std::nullopt;
            pending_binds_.push_back(
                ctx_.messages.bind_member(in.msg.channel, user, user, std::nullopt, now));
        }
        reply("leader_unbound", {{"count", in.msg.mentions.size()}});
        return out;
    }
    if (parsed.kind == parse::Kind::Command) {
        if (parsed.command == "help") {
            reply("help", {{"group_name", group_name},
                           {"is_leader", leader != nullptr || staff_leader != nullptr},
                           {"is_staff", group->audience == config::Audience::Staff}});
        } else if (parsed.command == "summary") {
            // 汇总: the day so far of the asker's node, as this group may read it
            // (summary_answer.h).
            auto asker = summary_leader(*cfg, group->node, in.msg.channel, in.msg.sender_id);
            if (!asker) {
                reply("summary_refused", json::object());
                return out;
            }
            TimePoint at = from_unix_seconds(in.received_at);
            int minute = ctx_.days.zone().minute_of_day(at);
            char time[16];
            std::snprintf(time, sizeof time, "%02d:%02d", minute / 60, minute % 60);
            auto answer = summary_answer(*cfg, *group, *asker, ctx_.days.day_of(at), time,
                                         ctx_.store, ctx_.reports, ctx_.days, templates->locale());
            reply(answer.kind, answer.data);
        } else if (parsed.command == "register" && is_grid) {
            if (!parsed.room) {
                reply("how_to_register", json::object());
                return out;
            }
            auto household = ctx_.store.household(group->node, *parsed.room);
            if (!household) {
                reply("register_unknown", {{"room", *parsed.room}});
                return out;
            }
            if (leader && !in.msg.mentions.empty()) {
                // A leader binds the members they @mention to the household.
                for (const auto& user : in.msg.mentions) bind(user, user, *household);
                reply("leader_bound", {{"room", *parsed.room}, {"count", in.msg.mentions.size()}});
                return out;
            }
            auto before = household_of(in.msg.channel, in.msg.sender_id);
            if (before && *before != household->id) {
                auto prev = ctx_.store.household_by_id(*before);
                json data = {{"room", *parsed.room},
                             {"previous", prev ? prev->address : std::string("?")}};
                auto pending = pending_moves_.find(sender_key);
                if (pending != pending_moves_.end() && pending->second == household->id) {
                    pending_moves_.erase(pending);
                    bind(in.msg.sender_id, in.msg.sender_name, *household);
                    reply("register_moved", data);
                } else {
                    // Bound elsewhere: the move waits for the same request once more.
                    pending_moves_[sender_key] = household->id;
                    reply("register_confirm", data);
                }
            } else {
                pending_moves_.erase(sender_key);
                bind(in.msg.sender_id, in.msg.sender_name, *household);
                reply("register_ok", {{"room", *parsed.room}});
            }
        } else if ((parsed.command == "ack" || parsed.command == "resolve") && ctx_.incidents) {
            for (auto& item :
                 ctx_.incidents->on_command(in, parsed.command, nlohmann::json(parsed.args)))
                out.push_back(std::move(item));
        } else if (parsed.command == "proxy" && !leader && !staff_leader) {
            reply("proxy_refused", json::object());  // only leaders report for a household
        } else if (auto grid = parsed.command == "proxy"
                                   ? proxy_grid(*group, is_grid, leader, staff_leader)
                                   : std::nullopt) {
            const auto& report = parsed.args.value("report", parse::Json::object());
            std::string kind = report.value("kind", "");
            json failed = {{"no_room", !parsed.room},
                           {"room", parsed.room.value_or("")},
                           {"unknown_room", false},
                           {"not_a_report", false}};
            if (!parsed.room) {
                reply("proxy_failed", failed);
                return out;
            }
            auto household = ctx_.store.household(*grid, *parsed.room);
            if (!household || (kind != "zero" && kind != "anomaly")) {
                failed["unknown_room"] = !household;
                failed["not_a_report"] = household.has_value();
                reply("proxy_failed", failed);
                return out;
            }
            parse::Understanding u;
            u.kind = kind == "zero" ? parse::Kind::Zero : parse::Kind::Anomaly;
            for (const auto& c : report.value("categories", parse::Json::array())) {
                u.categories.push_back(c.get<std::string>());
            }
            if (report.contains("temperature") && report["temperature"].is_number()) {
                u.temperature = report["temperature"].get<double>();
            }
            record_report(in, *household, u, true);
            reply("proxy_ok", {{"room", household->address}, {"is_zero", kind == "zero"}});
        }
        return out;
    }
    if ((parsed.kind == parse::Kind::Zero || parsed.kind == parse::Kind::Anomaly) && is_grid &&
        !leader) {
        std::optional<store::HouseholdRef> household;
        auto overlay = bound_in_batch_.find(sender_key);
        if (overlay == bound_in_batch_.end()) {
            household =
                ctx_.reports.member_household(in.msg.channel, in.msg.sender_id);  // one query
        } else if (overlay->second) {
            household = ctx_.store.household_by_id(*overlay->second);
        }
        bool bound_now = false;
        if (!household && parsed.room) {
            // A report naming a room of this grid is accepted for it and binds the sender.
            household = ctx_.store.household(group->node, *parsed.room);
            if (household) {
                bind(in.msg.sender_id, in.msg.sender_name, *household);
                bound_now = true;
            }
        }
        if (!household && parsed.kind == parse::Kind::Anomaly && ctx_.incidents) {
            // An anomaly is never dropped: the staff get it unattributed, with the
            // sender's name and words; the group only a request for the room.
            ctx_.incidents->on_unattributed(
                {group->node,
                 {sender_key, in.msg.sender_name, in.msg.text, parsed.room},
                 parsed.categories,
                 parsed.temperature,
                 from_unix_seconds(in.received_at)});
            told_to_register_[sender_key] = ctx_.days.day_of(from_unix_seconds(in.received_at));
            reply("anomaly_unregistered",
                  {{"room", parsed.room.value_or("")}, {"has_room", parsed.room.has_value()}});
            return out;
        }
        if (!household) {
            // One hint a day per sender: a quiet group is not filled with the same reply.
            std::string day = ctx_.days.day_of(from_unix_seconds(in.received_at));
            if (!told_to_register_.empty() && told_to_register_.begin()->second < day &&
                told_to_register_.size() > 10000) {
                told_to_register_
                    .clear();  // yesterday's hints: forget them rather than grow forever
            }
            auto& last = told_to_register_[sender_key];
            if (last != day) {
                last = day;
                reply("how_to_register", json::object());
            }
            return out;
        }
        record_report(in, *household, parsed, false);
        if (bound_now) {
            reply("report_bound", {{"room", household->address}});
        } else if (daily::resolve_schedule(*cfg, group->node).reply_each_report) {
            reply("report_received",
                  {{"room", household->address}, {"is_zero", parsed.kind == parse::Kind::Zero}});
        }
    }
    return out;
}

}  // namespace gridbot::conversation
