// The messages of an escalation: what the level's group reads (提级督办), and
// the note to the level below. Residents' groups never get an incident (no
// symptom, name or phone reaches them): a grid without a staff group of its
// own has its posts in the nearest staff group above, @mentioning the grid's
// leaders, as the daily cutoff summary does. Names and phones are shown as the
// privacy policy says for each group (docs/privacy.md): in full where the
// grid's leaders sit, masked above, unless [incidents] mask_personal_data = false.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "bot/compose/outbox_item.h"
#include "bot/config/groups.h"
#include "bot/core/hierarchy.h"
#include "bot/core/local_time.h"
#include "bot/daily/summary.h"
#include "bot/incidents/service.h"
#include "bot/incidents/wording.h"
#include "bot/privacy/audience.h"

namespace gridbot::incidents {

using nlohmann::json;

namespace {

// The staff groups of `node`; for a grid without one, those of the nearest node above that has one.
std::vector<const config::Group*> targets(const config::Config& cfg, const std::string& node,
                                          Level level) {
    return level == Level::Grid ? config::staff_groups_from(cfg, node)
                                : config::staff_groups_of(cfg, node);
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// When the incident opened, as the district's clock reads it ("2024-01-05 08:30").
std::string opened_text(const config::Config& cfg, TimePoint opened_at) {
    auto zone = LocalTime::for_zone(cfg.timezone).value_or(LocalTime(8 * 3600));
    int minute = zone.minute_of_day(opened_at);
    char opened[32];
    std::snprintf(opened, sizeof opened, "%s %02d:%02d", zone.day(opened_at).c_str(), minute / 60,
                  minute % 60);
    return opened;
}

// The fever reading in the state machine's JSON ("38.5℃"), or "" without one.
std::string temperature_text(const std::string& machine_json) {
    json machine = json::parse(machine_json, nullptr, false);
    if (machine.is_object() && machine.contains("temperature") &&
        machine["temperature"].is_number()) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.1f℃", machine["temperature"].get<double>());
        return buf;
    }
    return "";
}

// A cluster's rooms: the addresses of its members' households (none for a single incident).
std::vector<std::string> cluster_rooms(store::Incidents& incidents, const store::IncidentRow& row) {
    std::vector<std::string> rooms;
    if (!row.cluster) return rooms;
    for (int64_t m : incidents.members(row.id)) {
        auto member = incidents.get(m);
        if (!member || !member->household_id) continue;
        if (auto h = incidents.household(*member->household_id)) rooms.push_back(h->address);
    }
    return rooms;
}

// Who has been told and has not acted: the leaders of the levels below this one.
std::vector<std::string> leaders_not_acted(const config::Config& cfg, const std::string& node,
                                           Level reached) {
    std::vector<std::string> not_acted;
    for (const auto& leader : cfg.leaders) {
        bool on_path = within(node, leader.node);
        if (on_path && level(leader.node) > static_cast<int>(reached))
            not_acted.push_back(leader.name);
    }
    return not_acted;
}

std::vector<std::string> category_labels(const store::IncidentRow& row, const std::string& locale) {
    std::vector<std::string> labels;
    for (const auto& c : row.categories) labels.push_back(daily::category_label(c, locale));
    if (labels.empty()) labels.push_back(daily::category_label(row.category, locale));
    return labels;
}

// What the incident is and where: the same for every group.
json incident_fields(const store::IncidentRow& row,
                     const std::optional<store::HouseholdContact>& household,
                     const std::string& node_name, const std::vector<std::string>& rooms,
                     const std::string& locale) {
    const char* sep = locale == "en" ? ", " : "、";
    return json{{"id", row.id},
                {"category", join(category_labels(row, locale), sep)},
                {"urgent", row.severity == "urgent" || row.cluster},
                {"green", row.green},
                {"node_name", node_name},
                {"room", household ? household->address : std::string()},
                {"has_room", household.has_value()},
                {"temperature", temperature_text(row.machine)},
                {"is_cluster", row.cluster},
                {"count", rooms.size()},
                {"rooms", join(rooms, sep)}};
}

// Where the escalation stands and why it is posted now: the same for every group.
json escalation_fields(const Record& l, const Escalation& e, Level below, bool first,
                       const config::Config& cfg, const std::string& locale) {
    const char* sep = locale == "en" ? ", " : "、";
    std::vector<std::string> not_acted = leaders_not_acted(cfg, l.row.node, e.level);
    return json{
        {"opened", opened_text(cfg, l.inc.opened_at)},
        {"elapsed",
         elapsed_text(std::chrono::duration_cast<std::chrono::seconds>(e.due - l.inc.opened_at),
                      locale)},
        {"level", level_label(e.level, locale)},
        {"below", level_label(below, locale)},
        {"not_acted", join(not_acted, sep)},
        {"has_not_acted", !not_acted.empty()},
        {"after_ack", e.after_acknowledgement},
        {"reopened", first && l.update == "reopened"},
        {"raised", first && l.update == "raised"},
        {"joined", first && l.update == "joined"},
        {"attributed", first && l.update == "attributed"},
        {"added", l.added}};
}

// Names, phones and a reporter's words, as `audience` may see them.
json personal_fields(privacy::Audience audience, const store::IncidentRow& row,
                     const std::optional<store::HouseholdContact>& household) {
    json person = household
                      ? privacy::contact_fields(audience, household->contact, household->phone)
                      : privacy::contact_fields(audience, "", "");
    // An unattributed report: who said what, for the staff to find the household.
    bool unattributed = !household && row.reporter && !row.cluster;
    std::string reporter, text;
    if (unattributed) {
        reporter = privacy::show(audience, privacy::Field::Name, row.reporter->name);
        text = privacy::show(audience, privacy::Field::Text, row.reporter->text);
    }
    return json{
        {"unattributed", unattributed},
        {"reporter", reporter},
        {"report_text", text},
        {"stated_room", unattributed && row.reporter->room ? *row.reporter->room : std::string()},
        {"contact", person["contact"]},
        {"phone", person["phone"]},
        {"has_contact", person["has_contact"]}};
}

// The @mentions of `node`'s leaders on `channel`.
std::vector<std::string> leader_mentions(const config::Config& cfg, const std::string& node,
                                         const std::string& channel) {
    std::vector<std::string> mentions;
    for (const auto& leader : cfg.leaders) {
        auto id = leader.ids.find(channel);
        if (leader.node == node && id != leader.ids.end()) mentions.push_back(id->second);
    }
    return mentions;
}

// The opening (steps at after = 0, a reopening, a raise) reaches a group
// once: when `target` already has it, the level only adds its @mentions to
// it, and this returns true.
bool mention_in_opening(std::vector<store::OutboxItem>& items,
                        const std::map<const config::Group*, size_t>& at,
                        const config::Group* target, const config::Config& cfg,
                        const std::string& node) {
    auto had = at.find(target);
    if (had == at.end()) return false;
    auto& mentions = items[had->second].msg.mentions;
    for (const auto& id : leader_mentions(cfg, node, target->channel)) {
        if (std::find(mentions.begin(), mentions.end(), id) == mentions.end()) {
            mentions.push_back(id);
        }
    }
    return true;
}

}  // namespace

void Service::compose(const Loaded& l, const Escalation& e, Level below, bool first,
                      const std::string& key, const config::Config& cfg,
                      const compose::Templates& t, Posts& posts) {
    const auto& row = l.row;
    std::string node_name = row.node;
    if (auto n = ctx_.store.node(row.node)) node_name = n->name;
    std::optional<store::HouseholdContact> household;
    if (row.household_id) household = incidents_.household(*row.household_id);
    json shared =
        incident_fields(row, household, node_name, cluster_rooms(incidents_, row), t.locale());
    shared.update(escalation_fields(l, e, below, first, cfg, t.locale()));

    std::set<const config::Group*> posted;
    auto emit = [&](Level level, const std::string& kind, const std::string& suffix) {
        std::string node = ancestor_at(row.node, static_cast<int>(level));
        auto to = targets(cfg, node, level);
        if (to.empty())
            spdlog::warn("event=incident_no_group incident={} node={} level={}", row.id, node,
                         config::level_name(level));
        for (const config::Group* target : to) {
            const config::Group& g = *target;
            // A group that has the post does not need the note as well.
            if (!posted.insert(target).second) continue;
            if (first && mention_in_opening(posts.items, posts.at, target, cfg, node)) continue;
            json data = shared;
            data.update(personal_fields(
                privacy::of_group(cfg, g, household ? household->grid_code : row.node), row,
                household));
            auto item = compose::render_item(t,
                                             {key + suffix + g.channel + "/" + g.id, g.channel,
                                              g.id, leader_mentions(cfg, node, g.channel)},
                                             kind, data);
            if (!item) continue;
            if (first) posts.at[target] = posts.items.size();
            posts.items.push_back(std::move(*item));
        }
    };
    emit(e.level, first ? "incident_new" : "incident_escalated", ":");
    if (!first && static_cast<int>(e.level) < static_cast<int>(below))
        emit(below, "incident_escalated_note", ":below:");
}

}  // namespace gridbot::incidents
