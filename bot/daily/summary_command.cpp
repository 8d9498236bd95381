#include "bot/daily/summary_command.h"

#include <ostream>

#include "bot/config/config.h"
#include "bot/daily/summary.h"
#include "bot/store/reports.h"

namespace gridbot::daily {

int summary_command(const std::string& config_path, const std::string& node, std::string day,
                    std::ostream& out, std::ostream& err) {
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        err << cfg.error().to_string() << "\n";
        return 1;
    }
    auto zone = LocalTime::for_zone(cfg.value()->timezone);
    if (!zone) {
        err << "[config.bad_timezone] district.timezone: " << cfg.value()->timezone << "\n";
        return 1;
    }
    if (day.empty()) day = zone->day(std::chrono::system_clock::now());
    if (!LocalTime::valid_day(day)) {
        err << "summary: --day: expected YYYY-MM-DD, got \"" << day << "\"\n";
        return 2;
    }
    const auto& conf = *cfg.value();
    auto opened = store::Store::open_for_use(
        store::configured_location(conf.store_engine, conf.store_path, conf.store_url),
        unix_seconds(std::chrono::system_clock::now()));
    if (!opened) {
        err << opened.error().to_string() << "\n";
        return 1;
    }
    auto& st = *opened.value();
    if (!st.node(node)) {
        err << "summary: --node: no node " << node << " in the store\n";
        st.close();
        return 2;
    }
    store::Reports reports(st);
    std::map<std::string, Counts> grids;
    for (const auto& r : reports.grid_counts(node, day)) {
        Counts& c = grids[r.grid_code];
        c.households = r.households;
        c.zero = r.zero;
        c.anomaly = r.anomaly;
        for (const auto& [k, v] : r.categories) c.categories[k] = v;
    }
    std::map<std::string, std::string> names;
    for (const auto& n : st.nodes()) names[n.code] = n.name;
    out << node_summary(node, day, grids, names).dump() << "\n";
    st.close();
    return 0;
}

}  // namespace gridbot::daily
