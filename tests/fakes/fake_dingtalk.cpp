#include "tests/fakes/fake_dingtalk.h"

#include <httplib.h>

#include <cstdlib>

#include "adapters/dingtalk/codec.h"
#include "bot/core/crypto.h"

namespace gridbot::fakes {

using nlohmann::json;

namespace {

void answer(httplib::Response& res, Received& rec, int code, const std::string& msg) {
    rec.accepted = code == 0;
    rec.verdict = "errcode=" + std::to_string(code);
    res.status = 200;  // DingTalk answers 200 even on errors
    res.set_content(json{{"errcode", code}, {"errmsg", msg}}.dump(), "application/json");
}

// The body checks both endpoints share.
bool body_ok(httplib::Response& res, Received& rec, const std::string& body) {
    auto j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("msgtype")) {
        answer(res, rec, 40035, "缺少参数 json");
        return false;
    }
    if (body.size() > 20000) {
        answer(res, rec, 460101, "message too long, exceed 20000 bytes");
        return false;
    }
    return true;
}

}  // namespace

FakeDingtalk::FakeDingtalk() {
    server().Post("/robot/send", [this](const httplib::Request& req, httplib::Response& res) {
        Received rec{"POST", req.path, {req.params.begin(), req.params.end()}, req.body, false, ""};
        std::lock_guard lock(mu_);
        auto robot = robots_.find(req.get_param_value("access_token"));
        std::chrono::milliseconds wait{};
        if (robot == robots_.end()) {
            answer(res, rec, 300005, "token is not exist");
        } else if (!robot->second.empty() && !req.has_param("sign")) {
            answer(res, rec, 310000,
                   "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]");
        } else if (!robot->second.empty() &&
                   std::llabs(std::atoll(req.get_param_value("timestamp").c_str()) - now_ * 1000) >
                       3600000) {
            answer(res, rec, 310000, "invalid timestamp");
        } else if (!robot->second.empty() &&
                   adapters::dingtalk::sign(robot->second, req.get_param_value("timestamp")) !=
                       req.get_param_value("sign")) {  // httplib has already url-decoded it
            answer(res, rec, 310000, "sign not match");
        } else if (!window_.admit(robot->first, wait)) {
            answer(res, rec, 130101, "send too fast, exceed 20 times per minute");
        } else if (body_ok(res, rec, req.body)) {
            answer(res, rec, 0, "ok");
        }
        received_unlocked(std::move(rec));
    });
    server().Post("/robot/sendBySession", [this](const httplib::Request& req,
                                                 httplib::Response& res) {
        Received rec{"POST", req.path, {req.params.begin(), req.params.end()}, req.body, false, ""};
        std::lock_guard lock(mu_);
        if (req.get_param_value("session").empty()) {
            answer(res, rec, 300005, "session is not exist");
        } else if (body_ok(res, rec, req.body)) {
            answer(res, rec, 0, "ok");
        }
        received_unlocked(std::move(rec));
    });
    start();
}

void FakeDingtalk::add_robot(const std::string& access_token, const std::string& secret) {
    std::lock_guard lock(mu_);
    robots_[access_token] = secret;
}

delivery::InboundRequest FakeDingtalk::callback(const std::string& app_secret,
                                                const std::string& cid, const std::string& sender,
                                                const std::string& text, int64_t ts,
                                                const std::string& msg_id) const {
    const int64_t ms = ts * 1000;
    json body = {{"conversationId", cid},
                 {"atUsers", json::array({{{"dingtalkId", "$:LWCP_v1:$bot"}}})},
                 {"chatbotCorpId", "dingcorp"},
                 {"chatbotUserId", "$:LWCP_v1:$bot"},
                 {"msgId", msg_id},
                 {"senderNick", "居民" + sender},
                 {"isAdmin", false},
                 {"senderStaffId", sender},
                 {"sessionWebhookExpiredTime", ms + 5400060},
                 {"createAt", ms},
                 {"senderCorpId", "dingcorp"},
                 {"conversationType", "2"},
                 {"senderId", "$:LWCP_v1:$" + sender},
                 {"conversationTitle", "3号楼"},
                 {"isInAtList", true},
                 {"sessionWebhook", base_url() + "/robot/sendBySession?session=" +
                                        crypto::hex(crypto::random_bytes(8))},
                 {"text", {{"content", " " + text}}},
                 {"msgtype", "text"}};
    delivery::InboundRequest r;
    r.method = "POST";
    r.path = "/hooks/dingtalk";
    r.body = body.dump();
    r.headers = {{"content-type", "application/json; charset=utf-8"},
                 {"timestamp", std::to_string(ms)},
                 {"sign", adapters::dingtalk::sign(app_secret, std::to_string(ms))}};
    r.now = ts;
    return r;
}

}  // namespace gridbot::fakes
