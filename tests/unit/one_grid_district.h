#pragma once
// A district with one sandbox grid group (longtai g01) and three households,
// served by a daemon whose [store] the test chooses: the black-box tests of the
// store's engines (test_pg_daemon.cpp, test_copy_store.cpp).
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bot/http/auth.h"
#include "test_config.h"

namespace gridbot::test::one_grid {

inline const std::string kToken = "gb_test-one-grid-district";

// `store`: what replaces the [store]'s `path = "{DB}"` (empty: keep it).
inline std::string config(const std::string& store = "") {
    std::string head = test::config_head();
    std::string sqlite_store = "path = \"{DB}\"";
    if (!store.empty()) head.replace(head.find(sqlite_store), sqlite_store.size(), store);
    return head + R"(
[[tokens]]
name = "ops"
sha256 = ")" +
           http::token_hash(kToken) + R"("
role = "district"
node = "nangang"

[[groups]]
node = "nangang/xianfeng/longtai/g01"
channel = "sandbox"
id = "g01"
)" + test::longtai_three_grids();
}

inline const char* kLedger =
    "区,街道,社区,网格,门牌,人数,联系人,电话\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-101,3,卢洋,13975722846\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-102,2,何刚,15079955606\n"
    "南岗区,先锋街道,龙台社区,第一网格,1-1-201,1,江娟,13516274373\n";

inline nlohmann::json get(httplib::Client& http, const std::string& path) {
    auto r = http.Get(path, {{"Authorization", "Bearer " + kToken}});
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return nlohmann::json::parse(r->body);
}

// The grid's summary of today.
inline nlohmann::json summary(httplib::Client& http) {
    return get(http, "/api/v1/nodes/nangang%2Fxianfeng%2Flongtai%2Fg01/summary");
}

}  // namespace gridbot::test::one_grid
