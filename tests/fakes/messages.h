#pragma once
// Small builders for tests.
#include <string>

#include "bot/delivery/adapter.h"

namespace gridbot::fakes {

inline delivery::OutboundMessage text_msg(std::string group, std::string text) {
    delivery::OutboundMessage m;
    m.group = std::move(group);
    m.text = std::move(text);
    return m;
}

}  // namespace gridbot::fakes
