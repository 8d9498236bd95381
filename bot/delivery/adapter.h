#pragma once
// The adapter interface (DESIGN.md §8–9): one per platform, built from a
// channel's configuration. bot/ sees only this header; adapters/registry.cpp
// is the only file that knows the concrete platforms.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/messages.h"

namespace gridbot::delivery {

// The plain message types live in bot/core/messages.h, below the store that
// records them; the interface names them as its own.
using gridbot::InboundMessage;
using gridbot::OutboundMessage;

// What the HTTP layer hands an adapter: raw bytes, before anything is trusted.
struct InboundRequest {
    std::string method;  // "GET" | "POST"
    std::string path;
    std::string body;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::multimap<std::string, std::string> query;    // already percent-decoded
    int64_t now = 0;                                  // unix seconds, from the Clock
};

struct InboundResponse {
    int status = 200;
    std::string body;
    std::string content_type = "text/plain";
};

enum class InboundVerdict {
    Message,    // verified; `messages` holds what to record
    Handshake,  // verified URL check or challenge; answer with `response`, record nothing
    Ignored,    // verified but nothing to record (an event we do not handle)
    Refused,    // failed verification: 401/403, logged, never reaches the core
    Malformed,  // verified but unreadable: 400
};

struct InboundResult {
    InboundVerdict verdict = InboundVerdict::Refused;
    std::vector<InboundMessage> messages;
    InboundResponse response;  // what the platform is answered
    std::string reason;        // for the log; never contains a secret
};

enum class SendOutcome { Delivered, Retry, RefreshCredentials, Failed };

struct SendResult {
    SendOutcome outcome = SendOutcome::Failed;
    std::optional<std::chrono::milliseconds> retry_after;
    std::string reason;  // never contains a secret
};

// An HTTP request an adapter wants made; the dispatcher owns the transport.
struct HttpRequest {
    std::string method = "POST";
    std::string url;  // may contain secrets: never log it, use `redacted_url`
    std::string redacted_url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct HttpResponse {
    long status = 0;  // 0: no answer (timeout, refused)
    std::string body;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string transport_error;
};

// How a channel's messages leave: over HTTP through the dispatcher, or into a
// local transcript (the sandbox), written in the same transaction that marks
// the message delivered.
enum class Transport { Http, Local };

class Adapter {
  public:
    virtual ~Adapter() = default;
    virtual std::string platform() const = 0;
    // Verify, decrypt and normalise one inbound request.
    virtual InboundResult inbound(const InboundRequest& req) = 0;
    // The requests that send `msg` (a platform may split a long message into
    // several); empty when the platform has no outbound HTTP (the sandbox
    // writes to its own transcript instead).
    virtual std::vector<HttpRequest> outbound(const OutboundMessage& msg, int64_t now) = 0;
    // Judge the platform's answer (STYLE.md: success is what the platform says).
    virtual SendResult classify(const HttpResponse& resp) const = 0;
    // Default pacing for one target (messages per minute); 0 = unlimited.
    virtual double default_rate_per_minute() const { return 0; }
    virtual Transport transport() const { return Transport::Http; }
    // Hands back a message this adapter produced earlier (e.g. loaded from the
    // store after a restart) so it can rebuild reply routes such as DingTalk's
    // session webhook. Adapters without such state ignore it.
    virtual void restore_reply_context(const InboundMessage&) {}
};

// Channel configuration as the adapter sees it: string settings by key.
struct ChannelSettings {
    std::string name;
    std::string platform;
    std::map<std::string, std::string> settings;
};

using AdapterFactory = std::function<std::unique_ptr<Adapter>(const ChannelSettings&)>;

class AdapterRegistry {
  public:
    void add(const std::string& platform, AdapterFactory f) { factories_[platform] = std::move(f); }
    bool has(const std::string& platform) const { return factories_.count(platform) != 0; }
    std::unique_ptr<Adapter> make(const ChannelSettings& c) const {
        auto it = factories_.find(c.platform);
        return it == factories_.end() ? nullptr : it->second(c);
    }
    std::vector<std::string> platforms() const {
        std::vector<std::string> out;
        for (auto& [k, v] : factories_) out.push_back(k);
        return out;
    }

  private:
    std::map<std::string, AdapterFactory> factories_;
};

}  // namespace gridbot::delivery
