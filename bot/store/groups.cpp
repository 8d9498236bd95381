#include "bot/store/groups.h"

#include <nlohmann/json.hpp>
#include <set>

#include "bot/store/db.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;

namespace {

std::string ids_json(const std::map<std::string, std::string>& ids) {
    return nlohmann::json(ids).dump();
}

std::map<std::string, std::string> ids_of(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::map<std::string, std::string> out;
    if (!j.is_object()) return out;
    for (const auto& [k, v] : j.items())
        if (v.is_string()) out[k] = v.get<std::string>();
    return out;
}

std::vector<ImportedGroup> read_groups(Db& db) {
    std::vector<ImportedGroup> out;
    auto& q = db.prepare(
        "SELECT node, channel, group_id, audience, name, join_link FROM imported_groups "
        "ORDER BY node, channel, group_id");
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)});
    return out;
}

std::vector<ImportedLeader> read_leaders(Db& db) {
    std::vector<ImportedLeader> out;
    auto& q = db.prepare("SELECT node, name, phone, ids FROM imported_leaders ORDER BY node, name");
    while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), ids_of(q.text(3))});
    return out;
}

}  // namespace

std::future<GroupsImportCounts> Groups::import(std::vector<ImportedGroup> groups,
                                               std::vector<ImportedLeader> leaders, bool prune) {
    return store_.writer().submit([groups = std::move(groups), leaders = std::move(leaders),
                                   prune](Db& db) {
        GroupsImportCounts n;
        std::map<std::pair<std::string, std::string>, ImportedGroup> had_groups;
        for (auto& g : read_groups(db)) had_groups[{g.channel, g.id}] = g;
        std::map<std::pair<std::string, std::string>, ImportedLeader> had_leaders;
        for (auto& l : read_leaders(db)) had_leaders[{l.node, l.name}] = l;
        for (const auto& g : groups) {
            auto it = had_groups.find({g.channel, g.id});
            if (it != had_groups.end() && it->second == g) {
                ++n.unchanged;
            } else {
                ++(it == had_groups.end() ? n.added : n.changed);
                db.prepare(
                      "INSERT INTO imported_groups(channel, group_id, node, audience, name, "
                      "join_link) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(channel, group_id) DO "
                      "UPDATE SET node = excluded.node, audience = excluded.audience, name = "
                      "excluded.name, join_link = excluded.join_link")
                    .bind(1, g.channel)
                    .bind(2, g.id)
                    .bind(3, g.node)
                    .bind(4, g.audience)
                    .bind(5, g.name)
                    .bind(6, g.join_link)
                    .exec();
            }
            if (it != had_groups.end()) had_groups.erase(it);
        }
        for (const auto& l : leaders) {
            auto it = had_leaders.find({l.node, l.name});
            if (it == had_leaders.end() || !(it->second == l)) {
                db.prepare(
                      "INSERT INTO imported_leaders(node, name, phone, ids) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT(node, name) DO UPDATE SET phone = excluded.phone, ids = "
                      "excluded.ids")
                    .bind(1, l.node)
                    .bind(2, l.name)
                    .bind(3, l.phone)
                    .bind(4, ids_json(l.ids))
                    .exec();
            }
            if (it != had_leaders.end()) had_leaders.erase(it);
        }
        if (prune) {
            for (const auto& [key, g] : had_groups) {
                db.prepare("DELETE FROM imported_groups WHERE channel = ? AND group_id = ?")
                    .bind(1, key.first)
                    .bind(2, key.second)
                    .exec();
                ++n.removed;
            }
            for (const auto& [key, l] : had_leaders) {
                db.prepare("DELETE FROM imported_leaders WHERE node = ? AND name = ?")
                    .bind(1, key.first)
                    .bind(2, key.second)
                    .exec();
            }
        }
        return n;
    });
}

std::vector<ImportedGroup> Groups::groups() {
    return store_.readers().with([](Db& db) { return read_groups(db); });
}

std::vector<ImportedLeader> Groups::leaders() {
    return store_.readers().with([](Db& db) { return read_leaders(db); });
}

}  // namespace gridbot::store
