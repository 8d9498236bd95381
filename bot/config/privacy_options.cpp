// [privacy] (DESIGN §13, docs/privacy.md): the retention horizons, the audit's
// own horizon and when the daily purge runs.
#include "bot/config/options.h"

namespace gridbot::config::detail {
namespace {

std::chrono::seconds secs(const Value& v) { return std::chrono::seconds(std::get<int64_t>(v)); }

// A horizon under a day would purge the day in progress (its reports make
// today's counts and the cutoff summary).
std::optional<std::string> at_least_a_day(const Value& v) {
    if (std::get<int64_t>(v) < Privacy::kDay.count()) return "a duration of at least 1d";
    return std::nullopt;
}

Option horizon(std::string_view key, std::string_view help,
               std::optional<std::chrono::seconds> Privacy::*field) {
    return {key,
            Kind::Duration,
            "= keep",
            false,
            true,
            help,
            at_least_a_day,
            [field](Config& c, size_t, const Value& v) { c.privacy.*field = secs(v); }};
}

}  // namespace

void add_privacy_options(std::vector<Option>& t) {
    t.push_back({"privacy.keep", Kind::Duration, "30d", false, true,
                 "how long personal data is kept before the daily purge (every kind not given)",
                 at_least_a_day,
                 [](Config& c, size_t, const Value& v) { c.privacy.keep = secs(v); }});
    t.push_back(horizon("privacy.keep_inbound", "received messages: raw text, sender names",
                        &Privacy::keep_inbound));
    t.push_back(horizon("privacy.keep_reports",
                        "reports and day statuses (symptoms, temperatures); counts stay",
                        &Privacy::keep_reports));
    t.push_back(horizon("privacy.keep_outbox",
                        "bodies of sent messages and notices' call lists (names, phones)",
                        &Privacy::keep_outbox));
    t.push_back(horizon("privacy.keep_incidents",
                        "resolved incidents' household, reporter and timeline remarks",
                        &Privacy::keep_incidents));
    t.push_back(horizon("privacy.keep_transcripts", "the sandbox page's transcripts",
                        &Privacy::keep_transcripts));
    t.push_back({"privacy.audit_keep", Kind::Duration, "1095d", false, true,
                 "how long audit rows are kept (who read or exported personal data)",
                 [](const Value& v) -> std::optional<std::string> {
                     if (std::get<int64_t>(v) < 365 * Privacy::kDay.count())
                         return "a duration of at least 365d";
                     return std::nullopt;
                 },
                 [](Config& c, size_t, const Value& v) { c.privacy.audit_keep = secs(v); }});
    t.push_back({"privacy.purge_at", Kind::TimeOfDay, "03:30", false, true,
                 "local time of the daily purge (a quiet hour)", nullptr,
                 [](Config& c, size_t, const Value& v) { c.privacy.purge_at = std::get<int>(v); }});
    t.push_back({"privacy.purge_batch", Kind::Int, "500", false, true,
                 "rows per purge transaction (short transactions keep the morning unblocked)",
                 [](const Value& v) -> std::optional<std::string> {
                     auto n = std::get<int64_t>(v);
                     if (n < 1 || n > 100000) return "an integer from 1 to 100000";
                     return std::nullopt;
                 },
                 [](Config& c, size_t, const Value& v) {
                     c.privacy.purge_batch = static_cast<int>(std::get<int64_t>(v));
                 }});
}

}  // namespace gridbot::config::detail
