#include <doctest/doctest.h>

#include "bot/config/groups.h"
#include "bot/core/hierarchy.h"

using namespace gridbot;

TEST_CASE("hierarchy: level, parent and ancestor_at read a node code") {
    // Proves the one set of node-code predicates answers at every level and at the edges.
    CHECK(level("nangang") == 0);
    CHECK(level("nangang/xianfeng/longtai/g012") == 3);
    CHECK(parent("nangang/xianfeng/longtai") == "nangang/xianfeng");
    CHECK(parent("nangang") == "");
    CHECK(ancestor_at("nangang/xianfeng/longtai/g012", 1) == "nangang/xianfeng");
    CHECK(ancestor_at("nangang/xianfeng/longtai/g012", 2) == "nangang/xianfeng/longtai");
    CHECK(ancestor_at("nangang/xianfeng", 2) == "nangang/xianfeng");
    CHECK(ancestor_at("nangang/xianfeng/longtai/g012", 0) == "nangang");
}

TEST_CASE("hierarchy: staff groups and leaders found from a node") {
    // Proves staff_groups_from walks up to the nearest node with a staff group and find_leader
    // takes only a leader of the node or above.
    config::Config cfg;
    cfg.groups.push_back({"a/b", "wecom", "staff-b", config::Audience::Staff, "", 0});
    cfg.groups.push_back({"a/b/c/g", "wecom", "res-g", config::Audience::Residents, "", 0});
    cfg.leaders.push_back({"a/b/c/g", "Li", "", {{"wecom", "u1"}}, 0});
    cfg.leaders.push_back({"a/b", "Wang", "", {{"wecom", "u2"}}, 0});
    auto staff = config::staff_groups_from(cfg, "a/b/c/g");
    REQUIRE(staff.size() == 1);
    CHECK(staff[0]->id == "staff-b");
    CHECK(config::staff_groups_of(cfg, "a/b/c/g").empty());
    CHECK(config::resident_grid_group(cfg.groups[1]));
    CHECK_FALSE(config::resident_grid_group(cfg.groups[0]));
    const config::Leader* l = config::find_leader(cfg, "a/b/c/g", "wecom", "u2");
    REQUIRE(l);
    CHECK(l->name == "Wang");
    CHECK_FALSE(config::find_leader(cfg, "a/b", "wecom", "u1"));
    CHECK_FALSE(config::find_leader(cfg, "a/b/c/g", "dingtalk", "u1"));
}
