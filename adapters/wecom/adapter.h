#pragma once
// WeCom (企业微信): group robot webhook out; app / AI-bot / group-robot callbacks in.
//
// Channel settings:
//   webhook_url        full robot URL (…/cgi-bin/webhook/send?key=…), or
//   key                the robot key, sent to base_url + /cgi-bin/webhook/send
//   base_url           default https://qyapi.weixin.qq.com (tests: http://127.0.0.1:N)
//   group.<id>.webhook_url / group.<id>.key   per-group robot, overrides the above
//   overflow           "split" (default) at line boundaries, or "truncate" with a marker
//   token, encoding_aes_key, receive_id       callback verification; receive_id is the
//                      CorpID for app callbacks and "" (default) for AI-bot and
//                      group-robot callbacks
//   max_clock_skew     seconds a callback timestamp may differ from now (default 3600,
//                      0 = no check)
#include <memory>

#include "adapters/common/adapter_base.h"

namespace gridbot::adapters::wecom {

inline constexpr std::size_t kTextLimitBytes = 2048;
inline constexpr std::size_t kMarkdownLimitBytes = 4096;
inline constexpr const char* kTruncateMarker = "…(内容过长，已截断)";

class WecomAdapter final : public common::AdapterBase {
  public:
    explicit WecomAdapter(delivery::ChannelSettings settings);
    std::string platform() const override { return "wecom"; }
    double default_rate_per_minute() const override { return 20; }

  protected:
    delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) override;
    std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                      int64_t now) override;
    common::PlatformAnswer read_answer(const delivery::HttpResponse& resp) const override;
    const common::ClassifyRules& rules() const override;

  private:
    delivery::InboundResult decode_plaintext(const std::string& plain, const std::string& agent);
    std::string robot_url(const std::string& group) const;

    std::string token_;
    std::string aes_key_;  // 32 bytes, or empty when not configured / invalid
    std::string receive_id_;
    long long max_skew_ = 3600;
};

std::unique_ptr<delivery::Adapter> make_adapter(const delivery::ChannelSettings& settings);

}  // namespace gridbot::adapters::wecom
