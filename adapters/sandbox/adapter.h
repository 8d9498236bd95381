#pragma once
// The sandbox platform: groups shown on the daemon's own web page. Messages
// typed on the page arrive through /sandbox/api (not /hooks); the bot's
// messages are written to the transcript by the dispatcher (Transport::Local),
// in the same transaction that marks them delivered.
#include "bot/delivery/adapter.h"

namespace gridbot::adapters::sandbox {

class SandboxAdapter final : public delivery::Adapter {
  public:
    explicit SandboxAdapter(delivery::ChannelSettings) {}
    std::string platform() const override { return "sandbox"; }
    delivery::Transport transport() const override { return delivery::Transport::Local; }
    delivery::InboundResult inbound(const delivery::InboundRequest&) override {
        delivery::InboundResult r;
        r.verdict = delivery::InboundVerdict::Refused;
        r.response = {404,
                      R"({"error":"not_found","detail":"sandbox messages go to /sandbox/api"})",
                      "application/json"};
        r.reason = "sandbox: no webhook; the page posts to /sandbox/api";
        return r;
    }
    std::vector<delivery::HttpRequest> outbound(const delivery::OutboundMessage&,
                                                int64_t) override {
        return {};
    }
    delivery::SendResult classify(const delivery::HttpResponse&) const override {
        return {delivery::SendOutcome::Delivered, std::nullopt, ""};
    }
};

}  // namespace gridbot::adapters::sandbox
