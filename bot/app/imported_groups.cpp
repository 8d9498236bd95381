#include "bot/app/imported_groups.h"

#include <ostream>
#include <set>

#include "bot/app/command_store.h"
#include "bot/ledger/groups_ledger.h"
#include "bot/store/groups.h"

namespace gridbot::app {

std::shared_ptr<const config::Config> with_imported(std::shared_ptr<const config::Config> cfg,
                                                    store::Store& store) {
    store::Groups imported(store);
    auto groups = imported.groups();
    auto leaders = imported.leaders();
    if (groups.empty() && leaders.empty()) return cfg;
    auto out = std::make_shared<config::Config>(*cfg);
    for (const auto& g : groups) {
        config::Group c;
        c.node = g.node;
        c.channel = g.channel;
        c.id = g.id;
        c.audience = g.audience == "staff" ? config::Audience::Staff : config::Audience::Residents;
        c.name = g.name;
        c.join_link = g.join_link;
        out->groups.push_back(std::move(c));
    }
    for (const auto& l : leaders) out->leaders.push_back({l.node, l.name, l.phone, l.ids, 0});
    return out;
}

namespace {

// The checks against the configuration and the store; problems name the row.
std::vector<std::string> check_rows(const ledger::GroupsFile& f, const config::Config& cfg,
                                    store::Store& st) {
    std::vector<std::string> problems;
    std::set<std::string> channels;
    for (const auto& c : cfg.channels) channels.insert(c.name);
    std::map<std::pair<std::string, std::string>, int> toml;
    for (const auto& g : cfg.groups) toml[{g.channel, g.id}] = g.line;
    std::set<std::string> nodes;
    for (const auto& n : st.nodes()) nodes.insert(n.code);
    for (const auto& n : cfg.nodes) nodes.insert(n.code);
    nodes.insert(cfg.district_code);
    for (const auto& r : f.rows) {
        std::string at = f.name + ":" + std::to_string(r.line) + ": ";
        if (!nodes.count(r.node))
            problems.push_back(at + "node: no node " + r.node + " (import the ledger first)");
        if (!channels.count(r.channel))
            problems.push_back(at + "channel: no [[channels]] named " + r.channel);
        if (auto t = toml.find({r.channel, r.id}); t != toml.end())
            problems.push_back(at + "group id: " + r.channel + "/" + r.id +
                               " is already a [[groups]] of the configuration (line " +
                               std::to_string(t->second) + ")");
    }
    return problems;
}

}  // namespace

int import_groups(const ImportGroupsRequest& req, std::ostream& out, std::ostream& err) {
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    auto file = ledger::read_groups_ledger(req.file, req.sheet);
    if (!file) {
        err << file.error().to_string() << "\nnothing imported\n";
        o->store->close();
        return 1;
    }
    auto problems = check_rows(file.value(), *o->cfg, *o->store);
    std::vector<store::ImportedGroup> groups;
    std::map<std::pair<std::string, std::string>, store::ImportedLeader> leaders;
    for (const auto& r : file.value().rows) {
        groups.push_back({r.node, r.channel, r.id, r.audience, r.name, r.join_link});
        if (r.leader_name.empty()) continue;
        auto& l = leaders[{r.node, r.leader_name}];
        if (!l.name.empty() && !r.leader_phone.empty() && !l.phone.empty() &&
            l.phone != r.leader_phone) {
            problems.push_back(file.value().name + ":" + std::to_string(r.line) +
                               ": leader phone: " + r.leader_name +
                               " has another phone on an earlier row");
        }
        l.node = r.node;
        l.name = r.leader_name;
        if (l.phone.empty()) l.phone = r.leader_phone;
        for (const auto& [ch, id] : r.leader_ids) l.ids[ch] = id;
    }
    if (!problems.empty()) {
        err << "[ledger.bad_group]";
        for (const auto& p : problems) err << " " << p << "\n";
        err << "nothing imported\n";
        o->store->close();
        return 1;
    }
    std::vector<store::ImportedLeader> leader_rows;
    for (auto& [key, l] : leaders) leader_rows.push_back(std::move(l));
    auto n =
        store::Groups(*o->store).import(std::move(groups), std::move(leader_rows), req.prune).get();
    o->store->close();
    out << req.file << ": groups " << n.added << " added, " << n.changed << " changed, "
        << n.unchanged << " unchanged"
        << (req.prune ? ", " + std::to_string(n.removed) + " removed" : "") << "; "
        << leaders.size() << " leaders\n";
    return 0;
}

}  // namespace gridbot::app
