#pragma once
// The hierarchy's shared predicates over node codes. Node codes are paths
// ("nangang/xianfeng/longtai/g01"), district first: a node lies within another
// when it is that node or below it, on a '/' boundary ("a/b" holds "a/b/c", not
// "a/bc"). Levels count from the district (0) down to the grid (3), the values
// of config::Level. Lookups that need the configured groups and leaders are in
// bot/config/groups.h.
#include <string>
#include <string_view>

namespace gridbot {

inline bool within(std::string_view node, std::string_view root) {
    return node == root || (node.size() > root.size() && node.substr(0, root.size()) == root &&
                            node[root.size()] == '/');
}

// The level of a node code: the number of '/' in it (0 district .. 3 grid).
int level(std::string_view code);

// The node directly above ("a/b/c" -> "a/b"); "" for the root.
std::string parent(std::string_view code);

// The ancestor of `code` at `at_level` (0 district .. 3 grid); a node at or
// above that level is its own answer.
std::string ancestor_at(std::string_view code, int at_level);

}  // namespace gridbot
