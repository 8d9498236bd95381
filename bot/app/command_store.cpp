#include "bot/app/command_store.h"

#include <cstdlib>
#include <ostream>

namespace gridbot::app {

std::optional<Opened> open_store(const std::string& config_path, std::ostream& err) {
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        err << cfg.error().to_string() << "\n";
        return std::nullopt;
    }
    auto zone = LocalTime::for_zone(cfg.value()->timezone);
    if (!zone) {
        err << "[config.bad_timezone] district.timezone: " << cfg.value()->timezone << "\n";
        return std::nullopt;
    }
    const auto& c = *cfg.value();
    auto st = store::Store::open_for_use(
        store::configured_location(c.store_engine, c.store_path, c.store_url),
        unix_seconds(std::chrono::system_clock::now()));
    if (!st) {
        err << st.error().to_string() << "\n";
        return std::nullopt;
    }
    return Opened{cfg.value(), std::move(st.value()), *zone};
}

// The audit row of a command: the operator's login stands where a token's name would.
store::AuditEntry command_entry(const std::string& action, int64_t household) {
    const char* user = std::getenv("USER");
    store::AuditEntry e;
    e.at = unix_seconds(std::chrono::system_clock::now());
    e.token = std::string("cli:") + (user ? user : "?");
    e.role = "operator";
    e.action = action;
    e.subject = household ? "household:" + std::to_string(household) : "";
    e.client = "local";
    return e;
}

}  // namespace gridbot::app
