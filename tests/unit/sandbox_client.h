#pragma once
// What the daemon tests do through the sandbox platform and the admin API:
// a member speaks in a group, the manual clock moves, the bot's lines are read.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace gridbot::test {

// `sender` (display name `name`, else the id) posts `text` in sandbox group `group`.
inline void sandbox_say(httplib::Client& http, const std::string& group, const std::string& sender,
                        const std::string& text, const std::string& name = "") {
    nlohmann::json body = {
        {"sender", sender}, {"name", name.empty() ? sender : name}, {"text", text}};
    auto r =
        http.Post("/sandbox/api/groups/" + group + "/messages", body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE(r->status < 300);
}

// POST /api/v1/admin/clock with {"set": …} or {"advance_seconds": …}.
inline void move_clock(httplib::Client& http, const httplib::Headers& admin,
                       const nlohmann::json& body) {
    auto r = http.Post("/api/v1/admin/clock", admin, body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
}

// Waits (20 s at most) until GET /api/v1/admin/settled says every timer has
// ticked at the clock's time, every message is answered and the outbox is
// empty: then "nothing (more) arrived" is a fact, not a guess after a sleep.
inline void wait_settled(httplib::Client& http, const httplib::Headers& admin) {
    nlohmann::json last;
    for (int i = 0; i < 1500; ++i) {  // 30 s, as test::wait_for
        auto r = http.Get("/api/v1/admin/settled", admin);
        REQUIRE(r);
        REQUIRE_MESSAGE(r->status == 200, r->body);
        last = nlohmann::json::parse(r->body);
        if (last["settled"] == true) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the daemon did not settle: " << last.dump());
}

// The bot's lines in sandbox group `group`, oldest first (whole transcript objects).
inline std::vector<nlohmann::json> sandbox_bot_lines(httplib::Client& http,
                                                     const std::string& group) {
    std::vector<nlohmann::json> out;
    auto r = http.Get("/sandbox/api/groups/" + group + "/messages?after=0");
    if (!r || r->status != 200) return out;
    nlohmann::json all = nlohmann::json::parse(r->body, nullptr, false);
    if (!all.is_array()) return out;
    for (const auto& l : all) {
        if (l.value("from_bot", false)) out.push_back(l);
    }
    return out;
}

// The texts of the bot's lines in sandbox group `group` that contain `marker`, oldest first.
inline std::vector<std::string> sandbox_lines_with(httplib::Client& http, const std::string& group,
                                                   const std::string& marker) {
    std::vector<std::string> out;
    for (const auto& l : sandbox_bot_lines(http, group)) {
        std::string t = l.value("text", "");
        if (t.find(marker) != std::string::npos) out.push_back(t);
    }
    return out;
}

}  // namespace gridbot::test
