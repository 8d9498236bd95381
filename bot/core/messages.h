#pragma once
// The messages the daemon receives and sends, as plain values. They live at
// the bottom so that the store records them without knowing the delivery
// layer; bot/delivery/adapter.h names them as the adapter interface's types.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gridbot {

// A message as every platform delivers it, after verification.
struct InboundMessage {
    std::string channel;
    std::string group;
    std::string sender_id;
    std::string sender_name;
    std::string text;
    std::string message_id;  // the platform's id, used to drop repeats
    std::vector<std::string> mentions;
    int64_t time = 0;  // unix seconds, as the platform stated it
    // Platform data the core does not interpret but may store and hand back
    // through Adapter::restore_reply_context, e.g. DingTalk's
    // "dingtalk.session_webhook" and "dingtalk.session_webhook_expires_ms".
    std::map<std::string, std::string> extra;
};

// An outbound message for one group.
struct OutboundMessage {
    std::string group;
    std::string text;
    bool markdown = false;
    std::vector<std::string> mentions;  // platform user ids
    std::vector<std::string> mention_phones;
    bool mention_all = false;
    std::string idempotency_key;
};

}  // namespace gridbot
