#pragma once
// The hierarchy's one shared predicate. Node codes are paths
// ("nangang/xianfeng/longtai/g01"): a node lies within another when it is that
// node or below it, on a '/' boundary ("a/b" holds "a/b/c", not "a/bc").
#include <string_view>

namespace gridbot {

inline bool within(std::string_view node, std::string_view root) {
    return node == root || (node.size() > root.size() && node.substr(0, root.size()) == root &&
                            node[root.size()] == '/');
}

}  // namespace gridbot
