#pragma once
// What a day looks like from a node: the rollup of its subtree (a row per
// child, worst first) and, for a grid, the leader's detail. Both the API, the
// CLI and the scheduled messages use these, so they always agree.
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/daily/day_book.h"
#include "bot/privacy/policy.h"
#include "bot/store/reports.h"

namespace gridbot::daily {

// {"node","name","level","day","households","reported","zero","anomalies",
//  "missing","percent","categories":{cat:n},"children":[same fields + code, name]}
// `grids` are the grid counts of the subtree; `names` maps codes to display names.
nlohmann::json node_summary(const std::string& node, const std::string& day,
                            const std::map<std::string, Counts>& grids,
                            const std::map<std::string, std::string>& names);
// The same from the subtree's sums (DayBook::subtree).
nlohmann::json node_summary(const std::string& node, const std::string& day, const Subtree& sums,
                            const std::map<std::string, std::string>& names);
// The same from the day book: summed in place for the book's day, from the
// store's grid counts for another.
nlohmann::json node_summary(DayBook& book, const std::string& node, const std::string& day,
                            const std::map<std::string, std::string>& names);

// A grid's day in detail as `audience` sees it (privacy/policy.h):
// {"anomalies":[{room, categories, temperature, contact, phone, has_contact}],
//  "missing":[room], "call_list":[{room, contact, phone, has_contact, no_chat}]}.
// The call list holds missing households that are phone-only (no_chat) or have
// no bound chat member. An audience that sees no health data gets no anomaly
// rows (a room beside a symptom tells the neighbours who is ill); one that
// sees no phone gets no call list.
nlohmann::json grid_detail(const std::vector<store::HouseholdDay>& households,
                           privacy::Audience audience);

// The data of the cutoff_summary template: grid `grid`'s day as `audience` sees
// it. `leaders` are the grid leaders' names, joined.
nlohmann::json grid_summary_data(const std::string& grid, const std::string& grid_name,
                                 const std::string& day, const std::string& leaders,
                                 const std::vector<store::HouseholdDay>& households,
                                 privacy::Audience audience, const std::string& locale);
// Adds the households whose message is still unclear (store/clarifications.h:
// asked, not answered, no report since) to a grid summary: has_unclear, unclear,
// unclear_rooms. Rooms only, as the missing ones.
void add_unclear(nlohmann::json& data, const std::vector<std::string>& rooms,
                 const std::string& locale);

// The data of the rollup template: `summary` (node_summary's JSON) at `time`
// ("12:30") as `audience` sees it: the categories only where health data is shown.
nlohmann::json rollup_data(const nlohmann::json& summary, const std::string& time,
                           privacy::Audience audience, const std::string& locale);

// A category's label in the locale ("fever" -> "发热"); the code when unknown.
std::string category_label(const std::string& category, const std::string& locale);
// "发热 2、咳嗽 1" / "fever 2, cough 1"
std::string categories_text(const nlohmann::json& categories, const std::string& locale);

}  // namespace gridbot::daily
