#pragma once
// Fake Feishu: custom bot /open-apis/bot/v2/hook/<id> checking body timestamp +
// sign (19021), 5/s and 100/min per bot → 11232, > 20 KB → 9499; and a producer
// of event-subscription requests encrypted and signed as Feishu sends them.
#include <atomic>
#include <map>

#include "bot/delivery/adapter.h"
#include "tests/fakes/fake_server.h"

namespace gridbot::fakes {

class FakeFeishu : public FakeServer {
  public:
    FakeFeishu();
    void add_hook(const std::string& id, const std::string& secret);
    void set_now(int64_t unix_seconds) { now_ = unix_seconds; }

    // {"encrypt":…} with X-Lark-* headers when encrypt_key is set, else the plain body.
    static delivery::InboundRequest event(const std::string& encrypt_key,
                                          const std::string& plaintext, int64_t ts,
                                          const std::string& nonce);
    // An im.message.receive_v1 event body for a text with one @_user_1 mention.
    static std::string message_event(const std::string& token, const std::string& event_id,
                                     const std::string& chat, const std::string& open_id,
                                     const std::string& text);

  private:
    std::map<std::string, std::string> hooks_;
    SlidingWindow per_second_{5, std::chrono::seconds(1)};
    SlidingWindow per_minute_{100, std::chrono::seconds(60)};
    std::atomic<int64_t> now_{0};
};

}  // namespace gridbot::fakes
