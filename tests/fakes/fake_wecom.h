#pragma once
// Fake WeCom: the group robot webhook (errcode answers, 20/min per key → 45009,
// byte limits → 40058, unknown key → 93000) and a producer of callbacks signed
// and encrypted exactly as WeCom sends them.
#include <set>

#include "bot/delivery/adapter.h"
#include "tests/fakes/fake_server.h"

namespace gridbot::fakes {

class FakeWecom : public FakeServer {
  public:
    FakeWecom();
    void add_robot(const std::string& key);

    // GET ?msg_signature&timestamp&nonce&echostr (query already percent-decoded).
    static delivery::InboundRequest verify_url(const std::string& token,
                                               const std::string& aes_key_text,
                                               const std::string& receiveid,
                                               const std::string& echo_plain, int64_t ts,
                                               const std::string& nonce);
    // POST with the XML envelope (app / group-robot callbacks) or {"encrypt"} (AI bot).
    static delivery::InboundRequest callback(const std::string& token,
                                             const std::string& aes_key_text,
                                             const std::string& receiveid,
                                             const std::string& plaintext, int64_t ts,
                                             const std::string& nonce, bool json_envelope);

  private:
    std::set<std::string> robots_;
    SlidingWindow window_{20, std::chrono::seconds(60)};
};

}  // namespace gridbot::fakes
