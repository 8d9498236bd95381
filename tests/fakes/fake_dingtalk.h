#pragma once
// Fake DingTalk: custom robot /robot/send verifying timestamp + sign in the query
// (310000 on a bad one), 20/min per robot → 130101, > 20000 bytes → 460101;
// /robot/sendBySession for session webhooks; and a producer of robot callbacks
// signed with the appSecret, whose sessionWebhook points back at this fake.
#include <atomic>
#include <map>
#include <nlohmann/json.hpp>

#include "bot/delivery/adapter.h"
#include "tests/fakes/fake_server.h"

namespace gridbot::fakes {

class FakeDingtalk : public FakeServer {
  public:
    FakeDingtalk();
    void add_robot(const std::string& access_token, const std::string& secret);
    void set_now(int64_t unix_seconds) { now_ = unix_seconds; }

    // A callback for `text` in conversation `cid` from staff `sender`, signed at `ts` seconds.
    delivery::InboundRequest callback(const std::string& app_secret, const std::string& cid,
                                      const std::string& sender, const std::string& text,
                                      int64_t ts, const std::string& msg_id) const;

  private:
    std::map<std::string, std::string> robots_;  // access_token → secret
    SlidingWindow window_{20, std::chrono::seconds(60)};
    std::atomic<int64_t> now_{0};
};

}  // namespace gridbot::fakes
