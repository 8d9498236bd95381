#include "bot/compose/outbox_item.h"

#include <spdlog/spdlog.h>

namespace gridbot::compose {

store::OutboxItem outbox_item(Post post, std::string text) {
    store::OutboxItem item;
    item.key = std::move(post.key);
    item.channel = std::move(post.channel);
    item.msg.group = std::move(post.group);
    item.msg.text = std::move(text);
    item.msg.markdown = post.markdown;
    item.msg.mentions = std::move(post.mentions);
    item.msg.idempotency_key = item.key;
    return item;
}

std::optional<store::OutboxItem> render_item(const Templates& templates, Post post,
                                             const std::string& kind, const nlohmann::json& data) {
    auto text = templates.render(kind, data);
    if (!text) {
        spdlog::error("event=template_failed {}", text.error().to_string());
        return std::nullopt;
    }
    return outbox_item(std::move(post), std::move(text.value()));
}

}  // namespace gridbot::compose
