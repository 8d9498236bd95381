#pragma once
// Pieces of the configuration the daemon tests start from. DaemonProcess
// fills {DB} with the test's database; port 0 lets the kernel choose.
#include <string>

#include "bot/http/auth.h"

namespace gridbot::test {

// The sandbox on, [server] on loopback, [store] and the district every test uses; `server_extra`
// adds lines to [server] (e.g. "body_limit = 4096\n").
inline std::string config_head(int threads = 8, const std::string& server_extra = "") {
    return "\n[sandbox]\nenabled = true\n\n[server]\nbind = \"127.0.0.1\"\nport = 0\nthreads = " +
           std::to_string(threads) + "\n" + server_extra +
           "\n[store]\npath = \"{DB}\"\n\n[district]\ncode = \"nangang\"\nname = \"南岗区\"\n";
}

// The sandbox channel and one community of street 先锋: 龙台社区 with grids
// g01–g03, and staff groups at the community, the street and the district.
// Grid groups and leaders are the caller's.
inline std::string longtai_three_grids() {
    return R"(
[[channels]]
name = "sandbox"
platform = "sandbox"

[[nodes]]
code = "nangang/xianfeng"
name = "先锋街道"
[[nodes]]
code = "nangang/xianfeng/longtai"
name = "龙台社区"
[[nodes]]
code = "nangang/xianfeng/longtai/g01"
name = "第一网格"
[[nodes]]
code = "nangang/xianfeng/longtai/g02"
name = "第二网格"
[[nodes]]
code = "nangang/xianfeng/longtai/g03"
name = "第三网格"

[[groups]]
node = "nangang"
channel = "sandbox"
id = "district-staff"
audience = "staff"
[[groups]]
node = "nangang/xianfeng"
channel = "sandbox"
id = "xianfeng-staff"
audience = "staff"
[[groups]]
node = "nangang/xianfeng/longtai"
channel = "sandbox"
id = "longtai-staff"
audience = "staff"
)";
}

// A [[tokens]] entry named "ops" with the admin role over the district, for `token`.
inline std::string admin_token(const std::string& token) {
    return "\n[[tokens]]\nname = \"ops\"\nsha256 = \"" + http::token_hash(token) +
           "\"\nrole = \"admin\"\nnode = \"nangang\"\n";
}

}  // namespace gridbot::test
