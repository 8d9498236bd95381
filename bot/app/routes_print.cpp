// Printable paper (issue 16 item 4): GET /print/cards/<node> (a supervision
// card per building, audited: it shows contacts) and GET /print/posters/<node>
// (a door poster per residents' group, no resident data), for a token or a
// dashboard session whose subtree holds the node.
#include "bot/app/daemon.h"
#include "bot/app/print_pages.h"
#include "bot/privacy/audience.h"

namespace gridbot::web {
std::string_view print_css();
}  // namespace gridbot::web

namespace gridbot::app {

namespace {

void print_headers(http::Response& res) {
    res.headers.push_back({"Content-Security-Policy",
                           "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"});
    res.headers.push_back({"X-Content-Type-Options", "nosniff"});
    res.headers.push_back({"Cache-Control", "no-store"});
    res.content_type = "text/html; charset=utf-8";
}

}  // namespace

void Daemon::add_print_routes() {
    server_->route("GET", "/static/print.css", "/static/print.css",
                   [](const http::Request&, http::Response& res) {
                       res.headers.push_back({"X-Content-Type-Options", "nosniff"});
                       res.content_type = "text/css; charset=utf-8";
                       res.body = std::string(web::print_css());
                   });
    server_->route("GET", R"(/print/(cards|posters)/([a-z0-9_/-]+))", "/print/:kind/:code",
                   [this](const http::Request& req, http::Response& res) {
                       const std::string& code = req.captures.at(1);
                       if (!authorize_node(req, res, code)) return;
                       auto cfg = cfg_.load();
                       std::map<std::string, std::string> names;
                       for (const auto& n : store_->nodes()) names[n.code] = n.name;
                       PrintSetting s{*cfg, names, days_->day_of(clock_->now()), false};
                       print_headers(res);
                       if (req.captures.at(0) == "posters") {
                           res.body = posters_html(s, code);
                           return;
                       }
                       auto who = principal_of(req);
                       auto households = reports_->households(code, s.day);
                       record(req, code, "print:cards", static_cast<int64_t>(households.size()));
                       res.body = cards_html(s, households, [&](const store::HouseholdDay& h) {
                           return who ? privacy::of_token(*cfg, who->role, who->node, h.grid_code)
                                      : privacy::Audience::Above;
                       });
                   });
}

}  // namespace gridbot::app
