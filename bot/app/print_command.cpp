// `gridbot print cards|posters --node CODE --out FILE.html`.
#include "bot/app/print_command.h"

#include <fstream>
#include <ostream>

#include "bot/app/command_store.h"
#include "bot/app/print_pages.h"
#include "bot/privacy/audience.h"

namespace gridbot::app {

int print_command(const PrintRequest& req, std::ostream& out, std::ostream& err) {
    if (req.kind != "cards" && req.kind != "posters") {
        err << "print: expected cards or posters, got \"" << req.kind << "\"\n";
        return 2;
    }
    auto o = open_store(req.config_path, err);
    if (!o) return 1;
    std::string day = req.day.empty() ? o->zone.day(std::chrono::system_clock::now()) : req.day;
    if (!LocalTime::valid_day(day) || !o->store->node(req.node)) {
        err << "print: "
            << (LocalTime::valid_day(day) ? "--node: no node " + req.node
                                          : "--day: expected YYYY-MM-DD")
            << "\n";
        o->store->close();
        return 2;
    }
    std::map<std::string, std::string> names;
    for (const auto& n : o->store->nodes()) names[n.code] = n.name;
    const config::Config& cfg = *o->cfg;
    PrintSetting s{cfg, names, day, true};
    std::string html;
    size_t count = 0;
    if (req.kind == "posters") {
        html = posters_html(s, req.node);
        count = poster_count(cfg, req.node);
    } else {
        auto households = store::Reports(*o->store).households(req.node, day);
        count = households.size();
        html = cards_html(s, households, [&](const store::HouseholdDay& h) {
            return privacy::of_token(cfg, config::Role::Admin, cfg.district_code, h.grid_code);
        });
        auto e = command_entry("print cards", 0);
        e.node = req.node;
        e.rows = static_cast<int64_t>(count);
        store::Audit(*o->store).append(e).get();
    }
    o->store->close();
    std::ofstream file(req.out, std::ios::binary);
    file << html;
    if (!file.good()) {
        err << "[print.write] cannot write " << req.out << "\n";
        return 1;
    }
    out << req.out << ": " << (req.kind == "posters" ? "posters " : "households ") << count << "\n";
    return 0;
}

}  // namespace gridbot::app
