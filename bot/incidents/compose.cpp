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

}  // namespace

void Service::compose(const Loaded& l, const Escalation& e, Level below, bool first,
                      const std::string& key, const config::Config& cfg,
                      const compose::Templates& t, Posts& posts) {
    const std::string& locale = t.locale();
    const char* sep = locale == "en" ? ", " : "、";
    const auto& row = l.row;
    std::string node_name = row.node;
    if (auto n = ctx_.store.node(row.node)) node_name = n->name;
    auto zone = LocalTime::for_zone(cfg.timezone).value_or(LocalTime(8 * 3600));
    int minute = zone.minute_of_day(l.inc.opened_at);
    char opened[32];
    std::snprintf(opened, sizeof opened, "%s %02d:%02d", zone.day(l.inc.opened_at).c_str(),
                  minute / 60, minute % 60);

    json machine = json::parse(row.machine, nullptr, false);
    std::string temperature;
    if (machine.is_object() && machine.contains("temperature") &&
        machine["temperature"].is_number()) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.1f℃", machine["temperature"].get<double>());
        temperature = buf;
    }
    std::optional<store::HouseholdContact> household;
    if (row.household_id) household = incidents_.household(*row.household_id);
    std::vector<std::string> rooms;
    if (row.cluster) {
        for (int64_t m : incidents_.members(row.id)) {
            auto member = incidents_.get(m);
            if (!member || !member->household_id) continue;
            if (auto h = incidents_.household(*member->household_id)) rooms.push_back(h->address);
        }
    }
    // Who has been told and has not acted: the leaders of the levels below this one.
    std::vector<std::string> not_acted;
    for (const auto& leader : cfg.leaders) {
        bool on_path = within(row.node, leader.node);
        if (on_path && level(leader.node) > static_cast<int>(e.level))
            not_acted.push_back(leader.name);
    }

    std::vector<std::string> labels;
    for (const auto& c : row.categories) labels.push_back(daily::category_label(c, locale));
    if (labels.empty()) labels.push_back(daily::category_label(row.category, locale));

    auto data_for = [&](privacy::Audience audience) {
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
            {"id", row.id},
            {"category", join(labels, sep)},
            {"unattributed", unattributed},
            {"reporter", reporter},
            {"report_text", text},
            {"stated_room",
             unattributed && row.reporter->room ? *row.reporter->room : std::string()},
            {"urgent", row.severity == "urgent" || row.cluster},
            {"green", row.green},
            {"node_name", node_name},
            {"room", household ? household->address : std::string()},
            {"has_room", household.has_value()},
            {"contact", person["contact"]},
            {"phone", person["phone"]},
            {"has_contact", person["has_contact"]},
            {"temperature", temperature},
            {"is_cluster", row.cluster},
            {"count", rooms.size()},
            {"rooms", join(rooms, sep)},
            {"opened", opened},
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
    };

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
            // The opening (steps at after = 0, a reopening, a raise) reaches a group
            // once: a level whose group already has it only adds its @mentions.
            if (first) {
                auto had = posts.at.find(target);
                if (had != posts.at.end()) {
                    auto& mentions = posts.items[had->second].msg.mentions;
                    for (const auto& leader : cfg.leaders) {
                        auto id = leader.ids.find(g.channel);
                        if (leader.node != node || id == leader.ids.end()) continue;
                        if (std::find(mentions.begin(), mentions.end(), id->second) ==
                            mentions.end()) {
                            mentions.push_back(id->second);
                        }
                    }
                    continue;
                }
            }
            std::vector<std::string> mentions;
            for (const auto& leader : cfg.leaders) {
                auto id = leader.ids.find(g.channel);
                if (leader.node == node && id != leader.ids.end()) mentions.push_back(id->second);
            }
            auto item = compose::render_item(
                t, {key + suffix + g.channel + "/" + g.id, g.channel, g.id, std::move(mentions)},
                kind,
                data_for(privacy::of_group(cfg, g, household ? household->grid_code : row.node)));
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
