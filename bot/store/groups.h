#pragma once
// Groups and leaders imported from a ledger (`gridbot import-groups`): the
// same fields as the configuration's [[groups]] and [[leaders]], held by the
// store so 6,747 groups need no TOML. The daemon adds them to its running
// configuration at start and on every reload.
#include <future>
#include <map>
#include <string>
#include <vector>

#include "bot/store/store.h"

namespace gridbot::store {

struct ImportedGroup {
    std::string node, channel, id, audience, name, join_link;  // audience: residents | staff
    bool operator==(const ImportedGroup&) const = default;
};

struct ImportedLeader {
    std::string node, name, phone;
    std::map<std::string, std::string> ids;  // channel -> platform user id
    bool operator==(const ImportedLeader&) const = default;
};

struct GroupsImportCounts {
    int added = 0, changed = 0, unchanged = 0, removed = 0;
};

class Groups {
  public:
    explicit Groups(Store& store) : store_(store) {}
    // Writes every group and leader in one transaction; with `prune`, removes
    // the imported ones the file no longer lists. Counts groups and leaders.
    std::future<GroupsImportCounts> import(std::vector<ImportedGroup> groups,
                                           std::vector<ImportedLeader> leaders, bool prune);
    std::vector<ImportedGroup> groups();
    std::vector<ImportedLeader> leaders();

  private:
    Store& store_;
};

}  // namespace gridbot::store
