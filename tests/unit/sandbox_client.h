#pragma once
// What the daemon tests do through the sandbox platform and the admin API:
// a member speaks in a group, the manual clock moves, the bot's lines are read.
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
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
