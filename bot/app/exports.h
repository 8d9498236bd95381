#pragma once
// The exports of issue 16 (`gridbot export …` and the dashboard's download
// buttons): each builds a Table from exactly what the matching API route
// answers with, so a spreadsheet and the page always show the same numbers.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/error.h"
#include "bot/core/local_time.h"
#include "bot/export/table.h"
#include "bot/privacy/policy.h"
#include "bot/store/incidents.h"
#include "bot/store/notices.h"
#include "bot/store/reports.h"

namespace gridbot::app {

enum class ExportKind { Summary, Missing, Calls, Incidents, NoticeProgress };
// "summary", "missing", "calls", "incidents", "notice-progress".
std::optional<ExportKind> export_kind(const std::string& name);
// A notice's exports (calls, notice-progress) need `--notice ID`; the others `--node`.
bool notice_export(ExportKind kind);

// The incidents of a period: local days `from` .. `to`, both included, either
// open-ended when empty. `flag` prefixes the field in the error ("--" for the
// CLI, "" for a query parameter): `--from: expected YYYY-MM-DD, got "…"`.
Result<store::OpenedBetween> opened_between(const LocalTime& zone, const std::string& from,
                                            const std::string& to, const std::string& flag);

// The day's completion by child: node_summary's JSON (daily/summary.h).
exports::Table summary_table(const nlohmann::json& summary, const std::string& locale);
// The households that have not reported, with contacts as `audience_of(h)` may see them.
template <typename AudienceOf>
exports::Table missing_table(const std::vector<store::HouseholdDay>& households,
                             AudienceOf audience_of, const std::string& locale);
// Incidents opened in the period, newest first.
exports::Table incidents_table(const std::vector<store::IncidentRow>& rows,
                               const std::string& locale);
// A notice's progress by grid: notices::Service::progress's JSON.
exports::Table notice_progress_table(const nlohmann::json& progress, const std::string& locale);
// A notice's call list (households without chat, phoned by their grid leader),
// with contacts as `audience_of(call)` may see them, done or not.
template <typename AudienceOf>
exports::Table calls_table(const std::vector<store::NoticeCall>& calls, AudienceOf audience_of,
                           const std::string& locale);

// One missing household's row (contact and phone already masked).
std::vector<exports::Cell> missing_row(const store::HouseholdDay& h, const nlohmann::json& person);
exports::Table missing_header(const std::string& locale);
// One call's row (contact and phone already masked).
std::vector<exports::Cell> call_row(const store::NoticeCall& c, const nlohmann::json& person,
                                    const std::string& locale);
exports::Table calls_header(const std::string& locale);

template <typename AudienceOf>
exports::Table missing_table(const std::vector<store::HouseholdDay>& households,
                             AudienceOf audience_of, const std::string& locale) {
    exports::Table t = missing_header(locale);
    for (const auto& h : households) {
        if (h.status != store::DayStatus::Missing) continue;
        t.rows.push_back(
            missing_row(h, privacy::contact_fields(audience_of(h), h.contact, h.phone)));
    }
    return t;
}

template <typename AudienceOf>
exports::Table calls_table(const std::vector<store::NoticeCall>& calls, AudienceOf audience_of,
                           const std::string& locale) {
    exports::Table t = calls_header(locale);
    for (const auto& c : calls)
        t.rows.push_back(
            call_row(c, privacy::contact_fields(audience_of(c), c.contact, c.phone), locale));
    return t;
}

}  // namespace gridbot::app
