// The issuer's view of a notice (DESIGN §7, §10): totals, by street,
// community and grid, unacknowledged and failed groups, calls left; and the
// list of notices.
#include <map>

#include "bot/core/hierarchy.h"
#include "bot/notices/service.h"

namespace gridbot::notices {

using nlohmann::json;

namespace {

json head(const store::NoticeRecord& n) {
    return {{"id", n.id},
            {"number", n.number},
            {"label", number_label(n.number)},
            {"title", n.draft.title},
            {"kind", kind_name(n.draft.kind)},
            {"status", status_name(n.draft.status)},
            {"audience", audience_name(n.draft.audience)},
            {"issuer", n.draft.issuer},
            {"issued_by", n.issued_by},
            {"target", n.draft.target},
            {"reference", n.draft.reference ? json(*n.draft.reference) : json(nullptr)},
            {"cancelled_by", n.cancelled_by ? json(*n.cancelled_by) : json(nullptr)},
            {"ack_required", n.draft.ack_required},
            {"created_at", format_rfc3339(from_unix_seconds(n.created_at))},
            {"expires_at", n.draft.expires_at
                               ? json(format_rfc3339(from_unix_seconds(n.draft.expires_at)))
                               : json(nullptr)},
            {"remind_at",
             n.remind_at ? json(format_rfc3339(from_unix_seconds(*n.remind_at))) : json(nullptr)},
            {"reminded", n.reminded}};
}

struct Tally {
    int64_t groups = 0, delivered = 0, failed = 0, acked = 0, reminded = 0;
    json to_json() const {
        return {{"groups", groups}, {"delivered", delivered},
                {"failed", failed}, {"pending", groups - delivered - failed},
                {"acked", acked},   {"reminded", reminded}};
    }
    void add(const store::NoticeDelivery& d) {
        ++groups;
        delivered += d.state == store::OutboxState::Delivered;
        failed += d.state == store::OutboxState::Failed;
        acked += d.acked_at.has_value();
        reminded += d.reminded_at.has_value();
    }
};

}  // namespace

json Service::progress(int64_t id) {
    return progress_of(ctx_.store, ctx_.notices, *ctx_.config(), id);
}

json progress_of(store::Store& store, store::Notices& notices, const config::Config& cfg,
                 int64_t id) {
    auto n = notices.get(id);
    if (!n) return nullptr;
    json out = head(*n);
    Tally total;
    std::map<std::string, Tally> streets, communities, grids;
    json unacked = json::array(), failed = json::array();
    for (const auto& d : notices.deliveries(id)) {
        total.add(d);
        if (level(d.group.node) >= 1) streets[ancestor_at(d.group.node, 1)].add(d);
        if (level(d.group.node) >= 2) communities[ancestor_at(d.group.node, 2)].add(d);
        if (level(d.group.node) >= 3) grids[ancestor_at(d.group.node, 3)].add(d);
        json g = {{"channel", d.group.channel}, {"group", d.group.group}, {"node", d.group.node}};
        if (d.state == store::OutboxState::Failed) {
            g["error"] = d.last_error;
            if (failed.size() < 200) failed.push_back(g);
        } else if (!d.acked_at && n->draft.ack_required && unacked.size() < 200) {
            unacked.push_back(g);
        }
    }
    auto rows_of = [&](const std::map<std::string, Tally>& m) {
        json rows = json::array();
        for (const auto& [code, t] : m) {
            json r = t.to_json();
            r["node"] = code;
            r["name"] = node_name(store, cfg, code);
            rows.push_back(r);
        }
        return rows;
    };
    out["totals"] = total.to_json();
    out["by_street"] = rows_of(streets);
    out["by_community"] = rows_of(communities);
    out["by_grid"] = rows_of(grids);
    out["unacked_groups"] = unacked;
    out["failed_groups"] = failed;
    int64_t calls = 0, done = 0;
    for (const auto& c : notices.calls(id)) {
        ++calls;
        done += c.done_at.has_value();
    }
    out["calls"] = {{"total", calls}, {"done", done}, {"left", calls - done}};
    return out;
}

std::vector<json> Service::list(const std::string& node, size_t limit,
                                std::optional<int64_t> before) {
    std::vector<json> out;
    for (const auto& n : ctx_.notices.list(node, limit, before)) out.push_back(head(n));
    return out;
}

}  // namespace gridbot::notices
