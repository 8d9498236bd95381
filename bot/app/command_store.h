#pragma once
// What the operator's commands that read the store share: the configuration
// and the store opened from it, and the audit row that names the operator.
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "bot/config/config.h"
#include "bot/core/local_time.h"
#include "bot/store/audit.h"
#include "bot/store/store.h"

namespace gridbot::app {

struct Opened {
    std::shared_ptr<const config::Config> cfg;
    std::unique_ptr<store::Store> store;
    LocalTime zone{0};
};

// Loads the configuration and opens its store; on failure says why on `err`.
std::optional<Opened> open_store(const std::string& config_path, std::ostream& err);

// The audit row of a command: the operator's login stands where a token's name would.
store::AuditEntry command_entry(const std::string& action, int64_t household);

}  // namespace gridbot::app
