#pragma once
// Feishu / Lark (飞书): custom bot webhook out (signed), event subscription v2 in.
//
// Channel settings (group.<id>.<key> overrides the robot ones per group):
//   webhook_url         full custom-bot URL (…/open-apis/bot/v2/hook/<id>), or
//   hook                the hook id, sent to base_url + /open-apis/bot/v2/hook/<id>
//   base_url            default https://open.feishu.cn (Lark: https://open.larksuite.com;
//                       tests: http://127.0.0.1:N)
//   secret              custom-bot signing secret (签名校验); omit if unused
//   overflow            "split" (default) or "truncate"
//   encrypt_key         Encrypt Key of the app's event subscription (decrypts and
//                       verifies X-Lark-Signature); strongly recommended
//   verification_token  Verification Token; checked on every event when set
//   max_clock_skew      seconds for X-Lark-Request-Timestamp, default 0 = no check
//                       (Feishu retries up to ~7 h later; event_id dedupe covers replays)
#include <memory>

#include "adapters/common/adapter_base.h"

namespace gridbot::adapters::feishu {

// The platform refuses a request body over 20 KB. Counted on the body as sent
// (JSON escaping, the card wrapper, timestamp and sign included), not on the text.
inline constexpr std::size_t kBodyLimitBytes = 20000;

class FeishuAdapter final : public common::AdapterBase {
  public:
    explicit FeishuAdapter(delivery::ChannelSettings settings);
    std::string platform() const override { return "feishu"; }
    double default_rate_per_minute() const override { return 100; }

  protected:
    delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) override;
    std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                      int64_t now) override;
    common::PlatformAnswer read_answer(const delivery::HttpResponse& resp) const override;
    const common::ClassifyRules& rules() const override;

  private:
    std::string encrypt_key_;
    std::string verification_token_;
    long long max_skew_ = 0;
};

std::unique_ptr<delivery::Adapter> make_adapter(const delivery::ChannelSettings& settings);

}  // namespace gridbot::adapters::feishu
