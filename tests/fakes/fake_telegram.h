#pragma once
// Fake Telegram Bot API: /bot<token>/sendMessage with the real answers (401 for
// an unknown token, 400 for too long or unparseable MarkdownV2, 429 with
// parameters.retry_after after 20/min per chat); and a producer of webhook
// updates carrying X-Telegram-Bot-Api-Secret-Token.
#include <nlohmann/json.hpp>
#include <set>

#include "bot/delivery/adapter.h"
#include "tests/fakes/fake_server.h"

namespace gridbot::fakes {

class FakeTelegram : public FakeServer {
  public:
    FakeTelegram();
    void add_bot(const std::string& token);

    static delivery::InboundRequest update(const std::string& secret_token,
                                           const nlohmann::json& update);

  private:
    std::set<std::string> bots_;
    SlidingWindow window_{20, std::chrono::seconds(60)};
    long long next_message_id_ = 1;
};

// True when `text` is valid MarkdownV2 as we emit it: every reserved character
// escaped, except the brackets of [label](tg://user?id=N) links.
bool markdown_v2_ok(const std::string& text);

}  // namespace gridbot::fakes
