#pragma once
// The base every platform adapter derives from (STYLE.md "an adapter is a small
// interface plus a base"). The public entry points are final and own the
// cross-cutting work:
//   - inbound(): never lets an exception out (a throw becomes Malformed with a
//     fixed body) and redacts the reason;
//   - outbound(): fills redacted_url for every request;
//   - classify(): runs the shared classifier (classify.h) on the platform's
//     reading of the answer, then redacts the reason.
// A platform implements only the protocol: handle_inbound, build_outbound,
// read_answer and rules.
#include <string>
#include <string_view>
#include <vector>

#include "adapters/common/classify.h"
#include "bot/core/redact.h"
#include "bot/delivery/adapter.h"

namespace gridbot::adapters::common {

class AdapterBase : public delivery::Adapter {
  public:
    explicit AdapterBase(delivery::ChannelSettings settings);

    delivery::InboundResult inbound(const delivery::InboundRequest& req) final;
    std::vector<delivery::HttpRequest> outbound(const delivery::OutboundMessage& msg,
                                                int64_t now) final;
    delivery::SendResult classify(const delivery::HttpResponse& resp) const final;

    // Every registered secret and secret-bearing URL part replaced by "REDACTED".
    std::string redact(std::string_view text) const;

    // Short fixed answers; the detail goes only into `reason`.
    static delivery::InboundResult refused(std::string reason, int status = 403);
    static delivery::InboundResult malformed(std::string reason);
    static delivery::InboundResult ignored(std::string reason, std::string body = "");

  protected:
    virtual delivery::InboundResult handle_inbound(const delivery::InboundRequest& req) = 0;
    virtual std::vector<delivery::HttpRequest> build_outbound(const delivery::OutboundMessage& msg,
                                                              int64_t now) = 0;
    virtual PlatformAnswer read_answer(const delivery::HttpResponse& resp) const = 0;
    virtual const ClassifyRules& rules() const = 0;

    // settings["group.<group>.<key>"] if present, else settings[key], else fallback.
    std::string setting(std::string_view key, std::string_view fallback = "") const;
    std::string group_setting(std::string_view group, std::string_view key,
                              std::string_view fallback = "") const;
    // Registers a value that must never appear in a reason, log line or URL we
    // hand out. Values shorter than 4 bytes are ignored (they would redact noise).
    void add_secret(std::string value);

    const delivery::ChannelSettings& channel() const { return settings_; }

  private:
    delivery::ChannelSettings settings_;
    std::vector<std::string> secrets_;
};

// First value of a lower-cased header name, or "".
std::string header(const delivery::InboundRequest& req, std::string_view name);
// First value of a query parameter, or "".
std::string query(const delivery::InboundRequest& req, std::string_view name);
// The URL redaction (bot/core/redact.h), shared with check-config --effective.
using gridbot::redact_url_parts;
inline bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
// |a - b| <= max_diff without signed overflow, for any a and b.
bool within(long long a, long long b, long long max_diff);
// Parses a decimal int64; nullopt on anything else.
std::optional<long long> parse_int(std::string_view s);

}  // namespace gridbot::adapters::common
