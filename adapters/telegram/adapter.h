#pragma once
// Telegram: Bot API sendMessage out, webhook with secret-token header in.
//
// Channel settings:
//   bot_token     "123456:ABC…" (secret)
//   secret_token  setWebhook secret_token; required for inbound (secret)
//   parse_mode    "" (default, plain text), "MarkdownV2" or "HTML"; text is
//                 always escaped for it, mentions become tg://user links
//   api_base      default https://api.telegram.org (tests: http://127.0.0.1:N)
// OutboundMessage.group is the chat id ("-100…" or "@channelname").
#include <memory>

#include "adapters/common/adapter_base.h"

namespace gridbot::adapters::telegram {

inline constexpr std::size_t kTextLimitPoints = 4096;

class TelegramAdapter final : public common::AdapterBase {
  public:
    explicit TelegramAdapter(delivery::ChannelSettings settings);
    std::string platform() const override { return "telegram"; }
    double default_rate_per_minute() const override { return 20; }

  protected:
    delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) override;
    std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                      int64_t now) override;
    common::PlatformAnswer read_answer(const delivery::HttpResponse& resp) const override;
    const common::ClassifyRules& rules() const override;

  private:
    std::string bot_token_;
    std::string secret_token_;
    std::string parse_mode_;
    std::string api_base_;
};

std::unique_ptr<delivery::Adapter> make_adapter(const delivery::ChannelSettings& settings);

}  // namespace gridbot::adapters::telegram
