#pragma once
// The one builder of outbox rows. Every message gridbot queues is a text for
// one group of one channel under a unique idempotency key; most are a rendered
// template. The conversation, the daily scheduler, incidents and notices all
// build their rows here, so the key travels into the message the same way
// everywhere (the adapter hands it to the platform as its dedup key).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/compose/templates.h"
#include "bot/store/messages.h"

namespace gridbot::compose {

// Where a message goes and under which key.
struct Post {
    std::string key;      // unique across the outbox: "notice:74:wecom/longtai-g01"
    std::string channel;  // the channel's name in the configuration
    std::string group;    // the platform's group id
    std::vector<std::string> mentions = {};  // platform user ids
    bool markdown = false;
};

// The row for `text` as it stands.
store::OutboxItem outbox_item(Post post, std::string text);

// Renders template `kind` with `data` into the row. A template that fails to
// render is logged with its name and gives nullopt: that one message is not
// queued, nothing else is affected.
std::optional<store::OutboxItem> render_item(const Templates& templates, Post post,
                                             const std::string& kind, const nlohmann::json& data);

}  // namespace gridbot::compose
