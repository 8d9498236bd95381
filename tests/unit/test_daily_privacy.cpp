// Privacy of the daily cycle: every message the bot sent to a resident group
// during a whole day carries counts and room numbers only — no contact name,
// no phone number, no symptom word — while the staff group does get them.
#include <regex>

#include "daily_day.h"

using namespace gridbot;
using test::daily::Day;

TEST_CASE(
    "daily privacy: resident groups get no name, no phone number and no symptom word all day") {
    Day day;
    day.run();
    const std::vector<std::string> symptoms = {"发烧", "发热",  "咳嗽",  "腹泻",  "乏力",
                                               "咽痛", "阳性",  "嗅觉",  "味觉",  "38.5",
                                               "℃",    "fever", "cough", "diarrh"};
    const std::regex phone("1[3-9][0-9]{9}");
    size_t scanned = 0;
    for (const char* g : {"longtai-g01", "longtai-g02", "longtai-g03"}) {
        for (const auto& line : day.bot_lines(g)) {
            std::string text = line.value("text", "");
            ++scanned;
            for (const auto& name : test::daily::kContacts)
                CHECK_MESSAGE(text.find(name) == std::string::npos, g, ": ", text);
            for (const auto& word : symptoms)
                CHECK_MESSAGE(text.find(word) == std::string::npos, g, ": ", text);
            CHECK_MESSAGE(!std::regex_search(text, phone), g, ": ", text);
        }
    }
    CHECK(scanned >= 9);  // prompts, digests, reminders and replies
    // The leaders' group of the level above does get them.
    bool staff_has_details = false;
    for (const auto& t : day.lines_with("longtai-staff", "📊")) {
        if (t.find("何刚") != std::string::npos && t.find("15079955606") != std::string::npos &&
            t.find("发热") != std::string::npos) {
            staff_has_details = true;
        }
    }
    CHECK(staff_has_details);
}
