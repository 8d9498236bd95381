#pragma once
// The audit trail as the API and `gridbot audit` show it: one JSON object per
// row, and the `since` both accept.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bot/core/local_time.h"
#include "bot/store/audit.h"

namespace gridbot::app {

// "2026-11-22" (local midnight of that day) or RFC 3339 -> unix seconds;
// "" -> 0 (the beginning); nullopt when it is neither.
std::optional<int64_t> parse_since(const std::string& text, const LocalTime& zone);

nlohmann::json audit_json(const store::AuditEntry& e);

}  // namespace gridbot::app
