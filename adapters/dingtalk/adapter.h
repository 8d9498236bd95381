#pragma once
// DingTalk (钉钉): custom robot webhook out (signed), enterprise robot callback in.
//
// Channel settings (group.<id>.<key> overrides any of the robot ones per group):
//   webhook_url            full robot URL (…/robot/send?access_token=…), or
//   access_token           sent to base_url + /robot/send
//   base_url               default https://oapi.dingtalk.com (tests: http://127.0.0.1:N)
//   secret                 the robot's "SEC…" signing secret (加签); omit if unused
//   overflow               "split" (default) or "truncate"
//   app_secret             verifies inbound callbacks (headers timestamp + sign)
//   session_webhook_prefix only session webhooks starting with this are used
//                          (default https://oapi.dingtalk.com/)
//   max_clock_skew         seconds, default 3600 (the platform's own window)
//
// Reply routing: each verified callback records its conversation's
// sessionWebhook and expiry; outbound to that group uses the session webhook
// while it has more than 60 s left, else the group's robot webhook.
#include <map>
#include <memory>
#include <mutex>

#include "adapters/common/adapter_base.h"

namespace gridbot::adapters::dingtalk {

// The platform refuses a body over 20000 bytes: counted as sent, after JSON escaping.
inline constexpr std::size_t kBodyLimitBytes = 20000;

class DingtalkAdapter final : public common::AdapterBase {
  public:
    explicit DingtalkAdapter(delivery::ChannelSettings settings);
    std::string platform() const override { return "dingtalk"; }
    double default_rate_per_minute() const override { return 20; }
    void restore_reply_context(const delivery::InboundMessage& m) override;

  protected:
    delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) override;
    std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                      int64_t now) override;
    common::PlatformAnswer read_answer(const delivery::HttpResponse& resp) const override;
    const common::ClassifyRules& rules() const override;

  private:
    struct Session {
        std::string url;
        long long expires_ms = 0;
    };
    void remember(const std::string& group, const std::string& url, long long expires_ms);
    std::string route(const std::string& group, int64_t now, bool& signed_robot);

    std::string app_secret_;
    std::string session_prefix_;
    long long max_skew_ = 3600;
    std::mutex mu_;  // inbound and outbound may run on different threads
    std::map<std::string, Session> sessions_;
};

std::unique_ptr<delivery::Adapter> make_adapter(const delivery::ChannelSettings& settings);

}  // namespace gridbot::adapters::dingtalk
