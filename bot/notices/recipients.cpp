#include "bot/notices/recipients.h"

#include "bot/core/hierarchy.h"

namespace gridbot::notices {

namespace {
bool wanted(const config::Group& g, Audience a) {
    bool resident_grid = g.audience == config::Audience::Residents &&
                         level(g.node) == static_cast<int>(config::Level::Grid);
    bool staff = g.audience == config::Audience::Staff;
    switch (a) {
        case Audience::Residents:
            return resident_grid;
        case Audience::Staff:
            return staff;
        case Audience::Both:
            return resident_grid || staff;
    }
    return false;
}
}  // namespace

bool may_issue(const config::Config& cfg, config::Role role) {
    return role == config::Role::District || role == config::Role::Street ||
           role == config::Role::Admin ||
           (role == config::Role::Community && cfg.notices.community_may_issue);
}

std::vector<store::NoticeGroup> recipients(const config::Config& cfg, const std::string& target,
                                           Audience audience) {
    std::vector<store::NoticeGroup> out;
    for (const auto& g : cfg.groups) {
        if (within(g.node, target) && wanted(g, audience)) {
            out.push_back({g.channel, g.id, g.node, g.audience == config::Audience::Staff});
        }
    }
    return out;
}

}  // namespace gridbot::notices
