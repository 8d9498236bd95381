// The notice model on its own: validation and the texts the workflow reads.
#include <doctest/doctest.h>

#include "bot/core/notice.h"

using namespace gridbot::notices;

namespace {

Draft good() {
    Draft d;
    d.title = "关于做好居家防护的通知";
    d.body = "请各户今日12点前完成零报告。";
    d.issuer = "nangang";
    d.target = "nangang/xianfeng";
    return d;
}

std::string id_of(const Draft& d, int64_t now = 1000) {
    auto r = validate(d, now);
    return r ? "" : r.error().id;
}

}  // namespace

TEST_CASE("notice: validation names what is wrong by id") {
    CHECK(id_of(good()) == "");
    Draft d = good();
    d.title = "  ";
    CHECK(id_of(d) == "notice.bad_title");
    d = good();
    d.title = std::string(kMaxTitleBytes + 1, 'x');
    CHECK(id_of(d) == "notice.bad_title");
    d = good();
    d.body = "";
    CHECK(id_of(d) == "notice.bad_body");
    d.kind = Kind::Cancel;  // a cancel may have no body
    d.reference = 3;
    CHECK(id_of(d) == "");
    d = good();
    d.kind = Kind::Update;
    CHECK(id_of(d) == "notice.bad_reference");
    d = good();
    d.reference = 2;  // an alert refers to nothing
    CHECK(id_of(d) == "notice.bad_reference");
    d = good();
    d.target = "/nangang";
    CHECK(id_of(d) == "notice.bad_target");
    d = good();
    d.expires_at = 999;
    CHECK(id_of(d, 1000) == "notice.bad_expiry");
    d = good();
    d.number = -4;
    CHECK(id_of(d) == "notice.bad_number");
}

TEST_CASE("notice: names and labels round-trip") {
    for (auto s : {Status::Actual, Status::Exercise}) CHECK(status_from_name(status_name(s)) == s);
    for (auto k : {Kind::Alert, Kind::Update, Kind::Cancel})
        CHECK(kind_from_name(kind_name(k)) == k);
    for (auto a : {Audience::Residents, Audience::Staff, Audience::Both})
        CHECK(audience_from_name(audience_name(a)) == a);
    CHECK_FALSE(kind_from_name("ALERT"));
    CHECK(number_label(74) == "第74号");
}

TEST_CASE("notice: 收到 acknowledges, bare or numbered, never an incident's 收到 #17") {
    CHECK(read_ack("收到"));
    CHECK_FALSE(read_ack("收到")->number);
    CHECK(read_ack(" 收到！"));
    CHECK(read_ack("好的，收到了。"));
    CHECK(read_ack("已收到"));
    CHECK(read_ack("收到 第74号")->number == 74);
    CHECK(read_ack("收到第74号")->number == 74);
    CHECK(read_ack("收到 74号通知")->number == 74);
    CHECK(read_ack("收到 74")->number == 74);
    CHECK(read_ack("收到 第７４号")->number == 74);  // full-width digits
    CHECK_FALSE(read_ack("收到 #17"));
    CHECK_FALSE(read_ack("收到 ＃17"));
    CHECK_FALSE(read_ack("收到，马上去3-2-502看看"));  // more than an acknowledgement
    CHECK_FALSE(read_ack("没收到"));
    CHECK_FALSE(read_ack("零报告"));
    CHECK_FALSE(read_ack("收到 第0号"));
}

TEST_CASE("notice: 已通知 <room> marks a call done") {
    CHECK(read_call_done("已通知 3-2-502") == "3-2-502");
    CHECK(read_call_done("已通知3栋2单元502") == "3栋2单元502");
    CHECK(read_call_done("已电话 1-1-201 ") == "1-1-201");
    CHECK_FALSE(read_call_done("已通知"));
    CHECK_FALSE(read_call_done("通知 3-2-502"));
}
