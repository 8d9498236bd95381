// Commands in the groups (issue 13 items 7d, 7e): who may use 代报 and what
// 帮助 lists for whom. The real daemon on the sandbox (the notices tests' district).
#include <string>

#include "notice_district.h"

using namespace gridbot;
using test::notices::District;
using test::notices::json;
namespace tn = test::notices;

namespace {

bool wait(const std::function<bool()>& ok) { return test::wait_for(ok, std::chrono::seconds(10)); }

std::string status_of(District& d, const std::string& grid, const std::string& room) {
    auto r = d.http->Get("/api/v1/nodes/nangang/xianfeng/" + grid + "/households",
                         District::auth(tn::kAdmin));
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    const json list = json::parse(r->body);  // kept alive: the loop walks a part of it
    for (const auto& h : list["households"]) {
        if (h.value("room", "") == room) return h.value("status", "");
    }
    return "no such household";
}

// The bot's lines in `group` that contain `marker`.
std::vector<std::string> lines_with(District& d, const std::string& group,
                                    const std::string& marker) {
    std::vector<std::string> out;
    for (const auto& t : d.bot_lines(group)) {
        if (t.find(marker) != std::string::npos) out.push_back(t);
    }
    return out;
}

}  // namespace

TEST_CASE("conversation: a non-leader's 代报 gets a polite refusal and records nothing") {
    // Proves a resident's 代报 is answered (not silence) and reports nothing, while
    // a leader's 代报 still counts, from the grid's group or from the staff group.
    District d;
    d.start();
    d.say("longtai-g01", "resident-x", "代报 1-1-101 零报告");
    REQUIRE_MESSAGE(wait([&] { return !lines_with(d, "longtai-g01", "代报").empty(); }),
                    d.daemon.log());
    auto refusal = lines_with(d, "longtai-g01", "代报");
    REQUIRE(refusal.size() == 1);
    CHECK_MESSAGE(refusal[0].find("只有本网格的负责人可以使用") != std::string::npos, refusal[0]);
    CHECK(status_of(d, "longtai/g01", "1-1-101") == "missing");
    d.say("xianfeng-staff", "someone", "代报 1-1-101 零报告");  // a non-leader in a staff group too
    REQUIRE(
        wait([&] { return lines_with(d, "xianfeng-staff", "只有本网格的负责人").size() == 1; }));

    d.say("longtai-g01", "leader-longtai-g01", "代报 1-1-101 零报告");
    REQUIRE(wait([&] { return status_of(d, "longtai/g01", "1-1-101") == "zero"; }));
    d.say("longtai-staff", "leader-longtai-g02", "代报 2-1-102 零报告");
    REQUIRE_MESSAGE(wait([&] { return status_of(d, "longtai/g02", "2-1-102") == "zero"; }),
                    d.daemon.log());
    CHECK(lines_with(d, "longtai-staff", "只有本网格的负责人").empty());
    CHECK(d.daemon.stop() == 0);
}

TEST_CASE(
    "conversation: a leader's 帮助 in a staff group lists the leader commands, a resident's stays "
    "as it was") {
    // Proves the grid leaders who sit in the community's staff group are told
    // their commands (汇总, 代报, 收到 #N, 办结 #N, 已通知), and a resident is not.
    District d;
    d.start();
    d.say("longtai-staff", "leader-longtai-g01", "帮助");
    d.say("longtai-g02", "resident-y", "帮助");
    REQUIRE(wait([&] {
        return lines_with(d, "longtai-staff", "使用说明").size() == 1 &&
               lines_with(d, "longtai-g02", "使用说明").size() == 1;
    }));
    std::string leader_help = lines_with(d, "longtai-staff", "使用说明")[0];
    for (const char* command : {"汇总", "代报 3-2-502", "收到 #17", "办结 #17", "已通知 3-2-502"}) {
        CHECK_MESSAGE(leader_help.find(command) != std::string::npos, command,
                      " not in: ", leader_help);
    }
    std::string resident_help = lines_with(d, "longtai-g02", "使用说明")[0];
    CHECK(resident_help.find("零报告") != std::string::npos);
    CHECK(resident_help.find("登记 3-2-502") != std::string::npos);
    for (const char* command : {"汇总", "代报", "办结", "已通知"}) {
        CHECK_MESSAGE(resident_help.find(command) == std::string::npos, command,
                      " in: ", resident_help);
    }
    CHECK(d.daemon.stop() == 0);
}
