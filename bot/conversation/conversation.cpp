#include "bot/conversation/conversation.h"

#include <spdlog/spdlog.h>

namespace gridbot::conversation {

using nlohmann::json;

namespace {

const config::Group* find_group(const config::Config& cfg, const std::string& channel,
                                const std::string& id) {
    for (const auto& g : cfg.groups) {
        if (g.channel == channel && g.id == id) return &g;
    }
    return nullptr;
}

// A leader of the group's node or of any node above it.
const config::Leader* find_leader(const config::Config& cfg, const std::string& node,
                                  const std::string& channel, const std::string& sender) {
    for (const auto& l : cfg.leaders) {
        auto it = l.ids.find(channel);
        if (it == l.ids.end() || it->second != sender) continue;
        if (node == l.node || (node.size() > l.node.size() && node.compare(0, l.node.size(), l.node) == 0 &&
                               node[l.node.size()] == '/')) {
            return &l;
        }
    }
    return nullptr;
}

}  // namespace

Conversation::Conversation(Context ctx) : ctx_(std::move(ctx)) {}

Conversation::~Conversation() { stop(); }

void Conversation::start() { thread_ = std::thread([this] { run(); }); }

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
            for (const auto& in : batch) {
                std::vector<store::OutboxItem> replies;
                try {
                    replies = handle(in);
                } catch (const std::exception& e) {
                    // A message we cannot handle is logged and set aside, never retried forever.
                    spdlog::error("event=conversation_error inbound={} what=\"{}\"", in.id, e.what());
                }
                bool any = !replies.empty();
                ctx_.messages.finish_inbound(in.id, std::move(replies), unix_millis(ctx_.clock.now())).get();
                ++processed_;
                if (any && ctx_.replies_queued) ctx_.replies_queued();
            }
            std::lock_guard lock(mu_);
            if (stopping_) return;
        }
    }
}

std::vector<store::OutboxItem> Conversation::handle(const store::StoredInbound& in) {
    auto cfg = ctx_.config();
    const config::Group* group = find_group(*cfg, in.msg.channel, in.msg.group);
    if (!group) {
        spdlog::info("event=message_unknown_group channel={} group={}", in.msg.channel, in.msg.group);
        return {};
    }
    auto templates = ctx_.templates();
    auto parsed = ctx_.parser()->understand(in.msg.text);
    const config::Leader* leader = find_leader(*cfg, group->node, in.msg.channel, in.msg.sender_id);
    ctx_.metrics.counter("gridbot_messages_understood_total", "inbound messages by kind",
                         {{"kind", std::string(parse::to_string(parsed.kind))}}).inc();

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
    bool is_grid = std::count(group->node.begin(), group->node.end(), '/') == 3;
    int64_t now = unix_seconds(ctx_.clock.now());

    if (parsed.kind == parse::Kind::Command) {
        if (parsed.command == "help") {
            reply("help", {{"group_name", group_name}, {"is_leader", leader != nullptr}});
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
            auto before = ctx_.messages
                              .bind_member(in.msg.channel, in.msg.sender_id, in.msg.sender_name,
                                           household->id, now)
                              .get();
            if (before && *before != household->id) {
                auto prev = ctx_.store.household_by_id(*before);
                reply("register_moved", {{"room", *parsed.room},
                                         {"previous", prev ? prev->address : std::string("?")}});
            } else {
                reply("register_ok", {{"room", *parsed.room}});
            }
        }
        return out;
    }
    if ((parsed.kind == parse::Kind::Zero || parsed.kind == parse::Kind::Anomaly) && is_grid && !leader) {
        auto bound = ctx_.messages.member_household(in.msg.channel, in.msg.sender_id);
        std::optional<store::HouseholdRef> household;
        if (bound) household = ctx_.store.household_by_id(*bound);
        if (!household && parsed.room) {
            // A report naming a room of this grid is accepted for it and binds the sender.
            household = ctx_.store.household(group->node, *parsed.room);
            if (household) {
                ctx_.messages.bind_member(in.msg.channel, in.msg.sender_id, in.msg.sender_name,
                                          household->id, now).get();
            }
        }
        if (!household) {
            reply("how_to_register", json::object());
            return out;
        }
        bool each = cfg->schedule.reply_each_report.value_or(false);
        for (const auto& o : cfg->schedule_overrides) {
            if (o.schedule.reply_each_report && (group->node == o.node ||
                                                 group->node.rfind(o.node + "/", 0) == 0)) {
                each = *o.schedule.reply_each_report;
            }
        }
        if (each) {
            reply("report_received", {{"room", household->address},
                                      {"is_zero", parsed.kind == parse::Kind::Zero}});
        }
    }
    return out;
}

}  // namespace gridbot::conversation
