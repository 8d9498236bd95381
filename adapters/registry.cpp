#include "adapters/registry.h"

#include "adapters/dingtalk/adapter.h"
#include "adapters/feishu/adapter.h"
#include "adapters/sandbox/adapter.h"
#include "adapters/telegram/adapter.h"
#include "adapters/webhook/adapter.h"
#include "adapters/wecom/adapter.h"

namespace gridbot::adapters {

delivery::AdapterRegistry make_registry() {
    delivery::AdapterRegistry r;
    r.add("wecom", wecom::make_adapter);
    r.add("dingtalk", dingtalk::make_adapter);
    r.add("feishu", feishu::make_adapter);
    r.add("telegram", telegram::make_adapter);
    r.add("webhook", [](const delivery::ChannelSettings& c) {
        return std::make_unique<webhook::WebhookAdapter>(c);
    });
    r.add("sandbox", [](const delivery::ChannelSettings& c) {
        return std::make_unique<sandbox::SandboxAdapter>(c);
    });
    return r;
}

}  // namespace gridbot::adapters
