#include <doctest/doctest.h>

#include "bot/incidents/wording.h"
#include "bot/privacy/policy.h"

using namespace gridbot;
using namespace gridbot::incidents;

TEST_CASE("incident wording: elapsed time and level names in both locales") {
    using std::chrono::hours;
    using std::chrono::minutes;
    CHECK(elapsed_text(hours(2) + minutes(15), "zh-CN") == "2小时15分钟");
    CHECK(elapsed_text(hours(27), "zh-CN") == "1天3小时");
    CHECK(elapsed_text(minutes(0), "zh-CN") == "0分钟");
    CHECK(elapsed_text(hours(2) + minutes(15), "en") == "2h 15m");
    CHECK(elapsed_text(hours(24), "en") == "1d");
    CHECK(level_label(config::Level::Street, "zh-CN") == "街道");
    CHECK(level_label(config::Level::District, "en") == "district");
}

TEST_CASE(
    "incident wording: phone numbers inside a report's raw text are masked, other numbers kept") {
    CHECK(privacy::mask_phones_in("3栋2单元502 发烧38.5 电话13812345678") ==
          "3栋2单元502 发烧38.5 电话138****5678");
    CHECK(privacy::mask_phones_in("8601234") == "*******");
    CHECK(privacy::mask_phones_in("") == "");
}
