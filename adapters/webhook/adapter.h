#pragma once
// The generic webhook platform (DESIGN.md §9): ours, and the bridge contract
// for groups on platforms without an official bot API. Both directions carry
// X-Gridbot-Timestamp and X-Gridbot-Signature = sha256=<hex HMAC-SHA256(secret,
// timestamp + "." + body)>; a timestamp more than 300 s off is refused.
//
// Settings: secret (required), url (a template; "{group}" becomes the
// percent-encoded group id) or group.<id>.url per group, window_seconds (300).
#include "adapters/common/adapter_base.h"

namespace gridbot::adapters::webhook {

class WebhookAdapter final : public common::AdapterBase {
  public:
    explicit WebhookAdapter(delivery::ChannelSettings settings);
    std::string platform() const override { return "webhook"; }

    // The signature header value for `timestamp` and `body` ("sha256=<hex>").
    static std::string sign(std::string_view secret, std::string_view timestamp,
                            std::string_view body);

  protected:
    delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) override;
    std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                      int64_t now) override;
    common::PlatformAnswer read_answer(const delivery::HttpResponse& resp) const override;
    const common::ClassifyRules& rules() const override;

  private:
    std::string secret_;
    int64_t window_ = 300;
};

}  // namespace gridbot::adapters::webhook
