#pragma once
// The exports of issue 16 (`gridbot export …` and the dashboard's download
// buttons): each builds a Table from exactly what the matching API route
// answers with, so a spreadsheet and the page always show the same numbers.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/export/table.h"
#include "bot/privacy/policy.h"
#include "bot/store/incidents.h"
#include "bot/store/reports.h"

namespace gridbot::app {

enum class ExportKind { Summary, Missing, Incidents, NoticeProgress };
std::optional<ExportKind> export_kind(const std::string& name);  // "summary", "missing", …

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

// One missing household's row (contact and phone already masked).
std::vector<exports::Cell> missing_row(const store::HouseholdDay& h, const nlohmann::json& person);
exports::Table missing_header(const std::string& locale);

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

}  // namespace gridbot::app
