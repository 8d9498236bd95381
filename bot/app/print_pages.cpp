#include "bot/app/print_pages.h"

#include <cstdio>

#include "bot/compose/qr_svg.h"
#include "bot/core/hierarchy.h"
#include "bot/core/markup.h"
#include "bot/daily/schedule.h"
#include "bot/daily/summary.h"

namespace gridbot::web {
std::string_view print_css();
}  // namespace gridbot::web

namespace gridbot::app {

namespace {

std::string esc(std::string_view s) { return escape_markup(s); }

std::string name_of(const PrintSetting& s, const std::string& code) {
    auto it = s.names.find(code);
    return it == s.names.end() ? code : it->second;
}

std::string page_head(const PrintSetting& s, const std::string& title) {
    std::string css = s.inline_css ? "<style>" + std::string(web::print_css()) + "</style>"
                                   : "<link rel=\"stylesheet\" href=\"/static/print.css\">";
    return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
           esc(title) + "</title>" + css + "</head><body><div class=\"noprint\">" + esc(title) +
           " — 用浏览器打印（A4）/ print from the browser (A4)</div>";
}

// The first leader of `node` in the configuration: "name phone", or "".
std::string leader_line(const config::Config& cfg, const std::string& node) {
    for (const auto& l : cfg.leaders) {
        if (l.node == node) return l.name + (l.phone.empty() ? "" : " " + l.phone);
    }
    return "";
}

// "1-2-201" -> building "1", unit "2"; an address without dashes is its own building.
std::string building_of(const std::string& address) {
    auto dash = address.find('-');
    return dash == std::string::npos ? address : address.substr(0, dash);
}

std::string status_cell(const store::HouseholdDay& h, bool health) {
    switch (h.status) {
        case store::DayStatus::Zero:
            return "平安 zero";
        case store::DayStatus::Anomaly: {
            if (!health) return "异常 anomaly";
            std::string out = "异常";
            for (const auto& c : h.categories) out += " " + daily::category_label(c, "zh");
            return out;
        }
        default:
            return "未报 missing";
    }
}

std::string hhmm(int minutes) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
    return buf;
}

// On a card, the grid's residents' group QR code (where the group has a join
// link), for the households met on the round who are not in the group yet.
std::string join_box(const config::Config& cfg, const std::string& grid) {
    for (const auto& g : cfg.groups) {
        if (g.audience != config::Audience::Residents || g.node != grid || g.join_link.empty())
            continue;
        auto qr = compose::qr_svg(g.join_link, 32);
        if (!qr) continue;
        return "<div class=\"join\">" + qr.value() +
               "<p>未入群的住户请扫码加入本楼群，每天在群里报平安<br><span class=\"en\">Households "
               "not yet in the building group: scan to join and report there "
               "daily</span></p></div>";
    }
    return "";
}

std::string card(const PrintSetting& s, const std::string& grid, const std::string& building,
                 const std::vector<const store::HouseholdDay*>& rows,
                 const std::function<privacy::Audience(const store::HouseholdDay&)>& audience_of) {
    std::string out =
        "<section class=\"sheet card\" data-grid=\"" + esc(grid) + "\"><h1>" +
        esc(name_of(s, grid)) + " · " + esc(building) +
        " 号楼 巡查卡</h1><h2>Supervision card, building " + esc(building) + " · " + esc(s.day) +
        "</h2><div class=\"meta\"><span>网格长 grid leader: " + esc(leader_line(s.cfg, grid)) +
        "</span><span>社区电话 community: " + esc(leader_line(s.cfg, ancestor_at(grid, 2))) +
        "</span></div>" + join_box(s.cfg, grid) +
        "<table><thead><tr><th>房号 room</th><th>状态 status</th>"
        "<th>联系人 contact</th><th>电话 phone</th><th>走访 visited</th></tr></thead>"
        "<tbody>";
    for (const auto* h : rows) {
        auto a = audience_of(*h);
        auto person = privacy::contact_fields(a, h->contact, h->phone);
        const char* cls = h->status == store::DayStatus::Missing   ? "missing"
                          : h->status == store::DayStatus::Anomaly ? "anomaly"
                                                                   : "zero";
        out += std::string("<tr class=\"") + cls + "\"><td>" + esc(h->address) +
               "</td><td class=\"status\">" +
               esc(status_cell(*h, privacy::sees(a, privacy::Field::Health))) + "</td><td>" +
               esc(person["contact"].get<std::string>()) + "</td><td>" +
               esc(person["phone"].get<std::string>()) + "</td><td class=\"box\">☐</td></tr>";
    }
    return out + "</tbody></table></section>";
}

bool poster_group(const config::Group& g, const std::string& node) {
    return g.audience == config::Audience::Residents && level(g.node) == 3 && within(g.node, node);
}

}  // namespace

std::string cards_html(
    const PrintSetting& s, const std::vector<store::HouseholdDay>& households,
    const std::function<privacy::Audience(const store::HouseholdDay&)>& audience_of) {
    // Households come in grid and address order: a card per (grid, building) run.
    std::string out = page_head(s, "巡查卡 supervision cards " + s.day);
    std::vector<const store::HouseholdDay*> run;
    auto flush = [&] {
        if (run.empty()) return;
        out += card(s, run.front()->grid_code, building_of(run.front()->address), run, audience_of);
        run.clear();
    };
    for (const auto& h : households) {
        if (!run.empty() && (run.front()->grid_code != h.grid_code ||
                             building_of(run.front()->address) != building_of(h.address)))
            flush();
        run.push_back(&h);
    }
    flush();
    return out + "</body></html>";
}

size_t poster_count(const config::Config& cfg, const std::string& node) {
    size_t n = 0;
    for (const auto& g : cfg.groups) n += poster_group(g, node);
    return n;
}

std::string posters_html(const PrintSetting& s, const std::string& node) {
    std::string out = page_head(s, "门贴 door posters");
    for (const auto& g : s.cfg.groups) {
        if (!poster_group(g, node)) continue;
        std::string cutoff = hhmm(daily::resolve_schedule(s.cfg, g.node).cutoff);
        out += "<section class=\"sheet poster\" data-group=\"" + esc(g.id) + "\"><h1>" +
               esc(g.name.empty() ? name_of(s, g.node) : g.name) + "</h1><h2>" +
               esc(name_of(s, ancestor_at(g.node, 2))) + " · " + esc(name_of(s, g.node)) + "</h2>";
        auto qr = compose::qr_svg(g.join_link, 70);
        if (!g.join_link.empty() && qr) {
            out += qr.value() + "<p class=\"en\">扫码入群 scan to join the building group</p>";
        } else {
            out +=
                "<p class=\"nolink\">入群请联系网格长<br><span class=\"en\">To join the "
                "group, ask the grid leader</span></p>";
        }
        out +=
            "<div class=\"howto\"><p>每天 <b>" + cutoff +
            "</b> 前，在群里报告全家健康：<br>平安就发「<b>平安</b>」或「<b>房号 平安</b>」（如 "
            "<span class=\"ex\">3-2-502 "
            "平安</span>）；<br>有发热、咳嗽、停水停电、外来人员等情况，发房号和情况（如 "
            "<span class=\"ex\">1-1-101 发烧38.5</span>）。</p><p class=\"en\">Every day before " +
            cutoff +
            ", report your household in the group: \"平安\" (or your room and 平安) when all is "
            "well; your room and what happened (fever, cough, no water or power, a visitor) "
            "otherwise.</p></div><div class=\"contacts\">网格长 grid leader: " +
            esc(leader_line(s.cfg, g.node)) +
            "<br>社区电话 community: " + esc(leader_line(s.cfg, ancestor_at(g.node, 2))) +
            "</div></section>";
    }
    return out + "</body></html>";
}

}  // namespace gridbot::app
