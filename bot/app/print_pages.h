#pragma once
// Paper for the grid (issue 16 item 4): a supervision card per building for
// the grid leader's round, and a door poster per residents' group with its
// join link as a QR code. One renderer for the daemon's /print/… pages and
// `gridbot print`; Chinese first, English beside it, A4 print CSS.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bot/config/config.h"
#include "bot/privacy/policy.h"
#include "bot/store/reports.h"

namespace gridbot::app {

struct PrintSetting {
    const config::Config& cfg;
    const std::map<std::string, std::string>& names;  // node code -> name
    std::string day;                                  // local YYYY-MM-DD
    bool inline_css = false;  // a file to print (CSS inside) or a served page (/static/print.css)
};

// One card per building of every grid in the subtree: rooms with the day's
// status, contacts as `audience_of(h)` may see them, a box for the round.
std::string cards_html(
    const PrintSetting& s, const std::vector<store::HouseholdDay>& households,
    const std::function<privacy::Audience(const store::HouseholdDay&)>& audience_of);

// One poster per residents' group of a grid in `node`'s subtree: no resident's data.
std::string posters_html(const PrintSetting& s, const std::string& node);
// How many posters posters_html prints for `node`.
size_t poster_count(const config::Config& cfg, const std::string& node);

}  // namespace gridbot::app
