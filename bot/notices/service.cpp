#include "bot/notices/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "bot/compose/outbox_item.h"
#include "bot/config/groups.h"
#include "bot/core/hierarchy.h"
#include "bot/notices/recipients.h"
#include "bot/parse/room.h"
#include "bot/privacy/audience.h"

namespace gridbot::notices {

using nlohmann::json;

namespace {

std::string_view template_of(Kind k) {
    switch (k) {
        case Kind::Alert:
            return "notice_alert";
        case Kind::Update:
            return "notice_update";
        case Kind::Cancel:
            return "notice_cancel";
    }
    return "notice_alert";
}

std::string group_key(const std::string& channel, const std::string& group) {
    return channel + "/" + group;
}

store::OutboxItem item_for(std::string key, const std::string& channel, const std::string& group,
                           const std::string& text, bool markdown) {
    return compose::outbox_item({std::move(key), channel, group, {}, markdown}, text);
}

// The notice an update or cancel refers to: it must exist, not be a cancel,
// and not be cancelled already.
Result<store::NoticeRecord> referenced_notice(store::Notices& notices, int64_t reference) {
    auto ref = notices.get(reference);
    if (!ref)
        return Error{"notice.bad_reference", "reference: no notice " + std::to_string(reference)};
    if (ref->draft.kind == Kind::Cancel) {
        return Error{"notice.bad_reference",
                     "reference: notice " + std::to_string(ref->id) + " is a cancel"};
    }
    if (ref->cancelled_by) {
        return Error{"notice.bad_reference",
                     "reference: notice " + std::to_string(ref->id) + " is cancelled"};
    }
    return *ref;
}

// The notice's text to each of its groups, keyed `prefix` + channel/group.
std::vector<store::OutboxItem> notice_items(const std::vector<store::NoticeGroup>& groups,
                                            const std::string& prefix, const std::string& text,
                                            bool markdown) {
    std::vector<store::OutboxItem> out;
    out.reserve(groups.size());
    for (const auto& g : groups) {
        out.push_back(
            item_for(prefix + group_key(g.channel, g.group), g.channel, g.group, text, markdown));
    }
    return out;
}

// One grid's call list (the no_chat households in `list`, never empty) as
// `audience` may see the names and phones.
std::string call_list_text(const json& data, const std::string& grid_name,
                           const std::vector<const store::NoticeCall*>& list,
                           privacy::Audience audience, const compose::Templates& templates) {
    json rows = json::array();
    for (const auto* c : list) {
        json row = privacy::contact_fields(audience, c->contact, c->phone);
        row["room"] = c->address;
        rows.push_back(std::move(row));
    }
    json d = data;
    d["grid_name"] = grid_name;
    d["calls"] = rows;
    d["count"] = rows.size();
    d["first_room"] = list.front()->address;
    auto calls_text = templates.render("notice_calls", d);
    if (!calls_text) throw std::runtime_error(calls_text.error().to_string());
    return calls_text.value();
}

// Call lists: per grid, to the staff group of the level above (never a resident group).
void add_call_lists(std::vector<store::OutboxItem>& out,
                    const std::vector<store::NoticeCall>& calls, const std::string& prefix,
                    const json& data, const config::Config& cfg,
                    const compose::Templates& templates, store::Store& store) {
    std::map<std::string, std::vector<const store::NoticeCall*>> by_grid;
    for (const auto& c : calls) by_grid[c.grid].push_back(&c);
    for (const auto& [grid, list] : by_grid) {
        // Names and phones as the privacy policy shows them to each group.
        std::map<privacy::Audience, std::string> texts;
        auto text_for = [&](privacy::Audience audience) -> const std::string& {
            auto it = texts.find(audience);
            if (it != texts.end()) return it->second;
            return texts
                .emplace(audience, call_list_text(data, node_name(store, cfg, grid), list, audience,
                                                  templates))
                .first->second;
        };
        for (const auto* g : config::staff_groups_from(cfg, parent(grid))) {
            out.push_back(item_for(prefix + "calls:" + grid + ":" + group_key(g->channel, g->id),
                                   g->channel, g->id, text_for(privacy::of_group(cfg, *g, grid)),
                                   false));
        }
    }
}

// Writes the notice with its deliveries; a store that throws is logged, and
// the caller gets notice.store without the detail.
Result<store::IssuedNotice> write_notice(store::Notices& notices, store::NoticeIssue in,
                                         int64_t now) {
    try {
        return notices.issue(std::move(in), now).get();
    } catch (const std::exception& e) {
        spdlog::error("event=notice_issue_failed what=\"{}\"", e.what());
        return Error{"notice.store", "the notice could not be written"};
    }
}

}  // namespace

Service::Service(ServiceContext ctx) : ctx_(std::move(ctx)) {}

Service::~Service() { stop(); }

void Service::start() { ticker_.start(); }

void Service::stop() { ticker_.stop(); }

void Service::count(const std::string& name, const std::string& help,
                    const std::vector<std::pair<std::string, std::string>>& labels, uint64_t n) {
    if (ctx_.metrics) ctx_.metrics->counter(name, help, labels).inc(n);
}

std::string node_name(store::Store& store, const config::Config& cfg, const std::string& code) {
    if (code == cfg.district_code && !cfg.district_name.empty()) return cfg.district_name;
    if (auto n = store.node(code)) return n->name;
    for (const auto& n : cfg.nodes) {
        if (n.code == code) return n.name;
    }
    return code;
}

json Service::text_data(const store::NoticeRecord& n,
                        const std::optional<store::NoticeRecord>& ref) {
    auto cfg = ctx_.config();
    std::string expires;
    if (n.draft.expires_at) expires = format_rfc3339(from_unix_seconds(n.draft.expires_at));
    return {{"exercise", n.draft.status == Status::Exercise},
            {"number", number_label(n.number)},
            {"number_digits", std::to_string(n.number)},
            {"title", n.draft.title},
            {"body", n.draft.body},
            {"issuer_name", node_name(ctx_.store, *cfg, n.draft.issuer)},
            {"ack_required", n.draft.ack_required},
            {"has_expires", n.draft.expires_at != 0},
            {"expires", expires},
            {"ref_number", ref ? number_label(ref->number) : ""},
            {"ref_number_digits", ref ? std::to_string(ref->number) : ""},
            {"ref_title", ref ? ref->draft.title : ""}};
}

Result<store::IssuedNotice> Service::issue(Draft draft, const std::string& issued_by) {
    auto cfg = ctx_.config();
    auto templates = ctx_.templates();
    int64_t now = unix_seconds(ctx_.clock.now());
    if (auto ok = validate(draft, now); !ok) return ok.error();

    store::NoticeIssue in;
    std::optional<store::NoticeRecord> ref;
    if (draft.reference) {
        auto referenced = referenced_notice(ctx_.notices, *draft.reference);
        if (!referenced) return referenced.error();
        ref = std::move(referenced.value());
        // Recorded, not recomputed: exactly the groups the original was sent to,
        // even if the configuration has changed since.
        in.groups = ctx_.notices.groups_of(ref->id);
        draft.target = ref->draft.target;
        draft.audience = ref->draft.audience;
        // An update or cancel of a drill is part of the drill.
        if (ref->draft.status == Status::Exercise) draft.status = Status::Exercise;
    } else {
        in.groups = recipients(*cfg, draft.target, draft.audience);
    }
    if (in.groups.empty()) {
        return Error{"notice.no_groups", "node: no " + std::string(audience_name(draft.audience)) +
                                             " group under " + draft.target};
    }
    if (draft.ack_required) in.remind_at = now + cfg->notices.remind_after.count();
    in.draft = draft;
    in.issued_by = issued_by;
    in.compose = [this, cfg, templates, draft, ref, groups = in.groups](
                     int64_t id, int64_t number, const std::vector<store::NoticeCall>& calls) {
        store::NoticeRecord n;
        n.id = id;
        n.number = number;
        n.draft = draft;
        json data = text_data(n, ref);
        // One text for every group: rendered once, not 6,747 times.
        auto text = templates->render(std::string(template_of(draft.kind)), data);
        if (!text) throw std::runtime_error(text.error().to_string());
        std::string prefix = "notice:" + std::to_string(id) + ":";
        auto out = notice_items(groups, prefix, text.value(), draft.kind != Kind::Cancel);
        add_call_lists(out, calls, prefix, data, *cfg, *templates, ctx_.store);
        return out;
    };
    Result<store::IssuedNotice> r = write_notice(ctx_.notices, std::move(in), now);
    if (r) {
        spdlog::info(
            "event=notice_issued id={} number={} kind={} status={} target={} groups={} calls={} "
            "by=\"{}\"",
            r->id, r->number, kind_name(draft.kind), status_name(draft.status), draft.target,
            r->groups, r->calls, issued_by);
        if (ctx_.queued) ctx_.queued();
        count("gridbot_notices_issued_total", "notices issued, by kind and status",
              {{"kind", std::string(kind_name(draft.kind))},
               {"status", std::string(status_name(draft.status))}});
        count("gridbot_notice_deliveries_queued_total", "notice deliveries queued (one per group)",
              {}, static_cast<uint64_t>(r->groups));
    }
    return r;
}

int Service::tick(TimePoint now) {
    int64_t now_s = unix_seconds(now);
    auto due = ctx_.notices.due_reminders(now_s);
    if (due.empty()) return 0;
    auto templates = ctx_.templates();
    int queued = 0;
    for (const auto& n : due) {
        bool live = !n.cancelled_by && (n.draft.expires_at == 0 || n.draft.expires_at > now_s);
        std::string text;
        if (live) {
            auto r = templates->render("notice_remind", text_data(n, std::nullopt));
            if (!r) {
                spdlog::error("event=template_failed {}", r.error().to_string());
                live = false;
            } else {
                text = r.value();
            }
        }
        std::string prefix = "notice:" + std::to_string(n.id) + ":remind:";
        int sent = ctx_.notices
                       .remind(
                           n.id,
                           [&](const store::NoticeGroup& g) -> std::optional<store::OutboxItem> {
                               if (!live)
                                   return std::nullopt;  // cancelled or expired: nothing to remind
                               return item_for(prefix + group_key(g.channel, g.group), g.channel,
                                               g.group, text, false);
                           },
                           now_s)
                       .get();
        spdlog::info("event=notice_reminded id={} number={} groups={}", n.id, n.number, sent);
        count("gridbot_notice_reminders_total", "reminders queued to unacknowledged groups", {},
              static_cast<uint64_t>(sent));
        queued += sent;
    }
    if (queued > 0 && ctx_.queued) ctx_.queued();
    return queued;
}

std::optional<std::vector<store::OutboxItem>> Service::on_message(const store::StoredInbound& in,
                                                                  const std::string& group_node,
                                                                  const std::string& leader_node) {
    const auto& msg = in.msg;
    std::string by = msg.channel + ":" + msg.sender_id;
    auto templates = ctx_.templates();
    std::vector<store::OutboxItem> out;
    if (auto ack = leader_node.empty() ? std::nullopt : read_ack(msg.text)) {
        std::optional<store::NoticeRecord> n;
        if (ack->number) {
            n = ctx_.notices.by_number(*ack->number);
        } else if (auto id = ctx_.notices.latest_unacked(msg.channel, msg.group)) {
            n = ctx_.notices.get(*id);
        }
        if (!n) return std::nullopt;  // a 收到 about something else
        bool ours =
            ctx_.notices.acknowledge(n->id, msg.channel, msg.group, by, in.received_at).get();
        if (!ours) return std::nullopt;
        spdlog::info("event=notice_acked id={} number={} channel={} group={} by={}", n->id,
                     n->number, msg.channel, msg.group, by);
        count("gridbot_notice_acks_total", "acknowledgements (收到) read from groups", {});
        auto text = templates->render("notice_acked", text_data(*n, std::nullopt));
        if (text) {
            // One confirmation per group, however often 收到 is repeated.
            out.push_back(item_for(
                "notice:" + std::to_string(n->id) + ":acked:" + group_key(msg.channel, msg.group),
                msg.channel, msg.group, text.value(), false));
        }
        return out;
    }
    if (auto written = read_call_done(msg.text)) {
        auto room = parse::normalize_room(*written);
        if (!room) return std::nullopt;
        // The sender's grid: their own leader node, or a grid below this group they lead.
        std::optional<store::HouseholdRef> household;
        auto cfg = ctx_.config();
        for (const auto& l : cfg->leaders) {
            auto id = l.ids.find(msg.channel);
            if (id == l.ids.end() || id->second != msg.sender_id) continue;
            if (l.node != leader_node && !within(l.node, group_node)) continue;
            household = ctx_.store.household(l.node, *room);
            if (household) break;
        }
        if (!household) {
            spdlog::info("event=notice_call_unknown channel={} group={} sender={} room={}",
                         msg.channel, msg.group, msg.sender_id, *room);
            return std::nullopt;
        }
        auto done = ctx_.notices.call_done(std::nullopt, household->id, by, in.received_at).get();
        if (!done) {
            spdlog::info("event=notice_call_not_open household={} room={}", household->id, *room);
            return std::nullopt;
        }
        auto n = ctx_.notices.get(done->notice_id);
        if (!n) return std::nullopt;
        count("gridbot_notice_calls_done_total", "calls marked done, by how", {{"via", "chat"}});
        json data = text_data(*n, std::nullopt);
        data["room"] = *room;
        data["left"] = done->grid_left;  // the leader's own grid: what they still have to call
        auto text = templates->render("notice_call_done", data);
        if (text) {
            out.push_back(item_for("reply:" + std::to_string(in.id) + ":notice", msg.channel,
                                   msg.group, text.value(), false));
        }
        return out;
    }
    return std::nullopt;
}

std::optional<int64_t> Service::call_done(int64_t id, int64_t household_id, const std::string& by) {
    auto done = ctx_.notices.call_done(id, household_id, by, unix_seconds(ctx_.clock.now())).get();
    if (!done) return std::nullopt;
    count("gridbot_notice_calls_done_total", "calls marked done, by how", {{"via", "api"}});
    return done->left;
}

}  // namespace gridbot::notices
