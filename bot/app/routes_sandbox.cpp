// The sandbox platform's page and API (DESIGN.md §9). Open on loopback
// without a token: it is the newcomer's playground, and every message it takes
// goes through the same recording and conversation as a real platform's.
#include <nlohmann/json.hpp>

#include "bot/app/daemon.h"
#include "bot/core/crypto.h"
#include "bot/core/hierarchy.h"
#include "bot/core/local_time.h"

namespace gridbot::web {
std::string_view sandbox_page();
}

namespace gridbot::app {

using nlohmann::json;

namespace {

const char* level_of(const std::string& code) {
    static const char* names[] = {"district", "street", "community", "grid"};
    auto depth = static_cast<size_t>(level(code));
    return depth < 4 ? names[depth] : "grid";
}

bool is_child(const std::string& node, const std::string& parent) {
    return node.size() > parent.size() && node.compare(0, parent.size(), parent) == 0 &&
           node[parent.size()] == '/' && node.find('/', parent.size() + 1) == std::string::npos;
}

// The page's "resident of room X" identity in a residents' group is
// "res-<group>-<room>" (web/sandbox/index.html). It arrives bound: before its
// first message is recorded, an unbound demo identity naming a household of the
// group's grid is bound to it, so a newcomer's first 零报告 counts as that
// household's report. Only on the sandbox channel (the caller checks), only an
// identity with no binding (a 登记 elsewhere is kept), idempotent.
void bind_demo_resident(store::Store& store, store::Messages& messages, const config::Group& g,
                        const std::string& sender, const std::string& name, int64_t now) {
    if (g.audience != config::Audience::Residents) return;
    const std::string prefix = "res-" + g.id + "-";
    if (sender.size() <= prefix.size() || sender.compare(0, prefix.size(), prefix) != 0) return;
    auto household = store.household(g.node, sender.substr(prefix.size()));
    if (!household || messages.member_household(g.channel, sender)) return;
    messages.bind_member(g.channel, sender, name, household->id, now).get();
}

// "host" or "host:port" as a browser sends it, for the daemon on `bind`:`port`.
// Only the bind address itself or a loopback name: a rebinding attacker's
// domain never matches, so a page on it cannot read or write the sandbox.
bool host_ok(const std::string& host, const std::string& bind, int port) {
    std::string suffix = ":" + std::to_string(port);
    if (host.size() <= suffix.size() ||
        host.compare(host.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return false;
    }
    std::string name = host.substr(0, host.size() - suffix.size());
    return name == bind || name == "[" + bind + "]" || name == "localhost" || name == "127.0.0.1" ||
           name == "[::1]";
}

// 'sha256-…' of the text between `open` and `close` in the page, or "".
std::string inline_hash(std::string_view page, std::string_view open, std::string_view close) {
    auto a = page.find(open);
    if (a == std::string_view::npos) return "";
    a += open.size();
    auto b = page.find(close, a);
    if (b == std::string_view::npos) return "";
    return " 'sha256-" + crypto::base64_encode(crypto::sha256(page.substr(a, b - a))) + "'";
}

// The page's policy: its own inline script and style by hash, the API on the
// same origin, nothing else (no framing, no plugins, no foreign forms).
const std::string& page_policy() {
    static const std::string policy =
        "default-src 'self'; script-src 'self'" +
        inline_hash(web::sandbox_page(), "<script>", "</script>") + "; style-src 'self'" +
        inline_hash(web::sandbox_page(), "<style>", "</style>") +
        "; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'";
    return policy;
}

}  // namespace

const config::Group* Daemon::sandbox_group(const config::Config& cfg, const std::string& id) {
    for (const auto& g : cfg.groups) {
        const config::Channel* ch = cfg.channel(g.channel);
        if (g.id == id && ch && ch->platform == "sandbox") return &g;
    }
    return nullptr;
}

// Every sandbox route: the Host (and Origin, when sent) must name this
// daemon (no DNS rebinding, no cross-site requests), and a POST must say
// application/json (a plain HTML form cannot).
void Daemon::sandbox_route(const std::string& method, const std::string& pattern,
                           const std::string& name, http::Handler handler) {
    server_->route(
        method, pattern, name,
        [this, method, handler](const http::Request& req, http::Response& res) {
            const std::string& bind = cfg_.load()->server.bind;
            int port = server_->port();
            std::string origin = req.header("origin");
            if (!host_ok(req.header("host"), bind, port) ||
                (!origin.empty() &&
                 (origin.rfind("http://", 0) != 0 || !host_ok(origin.substr(7), bind, port)))) {
                return res.error(403, "forbidden",
                                 "the sandbox answers its own page only (Host/Origin)");
            }
            if (method == "POST" && req.header("content-type").rfind("application/json", 0) != 0) {
                return res.error(415, "unsupported_media_type",
                                 "expected Content-Type: application/json");
            }
            handler(req, res);
        });
}

void Daemon::add_sandbox_routes() {
    auto page = [](const http::Request&, http::Response& res) {
        res.content_type = "text/html; charset=utf-8";
        res.headers.push_back({"Content-Security-Policy", page_policy()});
        res.headers.push_back({"X-Content-Type-Options", "nosniff"});
        res.body = std::string(web::sandbox_page());
    };
    sandbox_route("GET", "/sandbox/", "/sandbox/", page);
    sandbox_route("GET", "/sandbox", "/sandbox", [](const http::Request&, http::Response& res) {
        res.status = 302;
        res.headers.push_back({"Location", "/sandbox/"});
        res.content_type = "text/plain";
    });

    // The district's zone: the page shows times as the district lives them, not
    // in the browser's zone (a leader travelling, a developer abroad).
    sandbox_route("GET", "/sandbox/api/clock", "/sandbox/api/clock",
                  [this](const http::Request&, http::Response& res) {
                      auto cfg = cfg_.load();
                      auto zone = LocalTime::for_zone(cfg->timezone);
                      res.json({{"timezone", cfg->timezone},
                                {"offset_seconds", zone ? zone->offset_seconds(clock_->now()) : 0},
                                {"now", unix_seconds(clock_->now())}});
                  });

    sandbox_route(
        "GET", "/sandbox/api/groups", "/sandbox/api/groups",
        [this](const http::Request& req, http::Response& res) { serve_sandbox_groups(req, res); });

    sandbox_route(
        "GET", "/sandbox/api/groups/(.+)/members", "/sandbox/api/groups/:group/members",
        [this](const http::Request& req, http::Response& res) { serve_sandbox_members(req, res); });

    sandbox_route(
        "GET", "/sandbox/api/groups/(.+)/messages", "/sandbox/api/groups/:group/messages",
        [this](const http::Request& req, http::Response& res) {
            if (!sandbox_group(*cfg_.load(), req.captures.at(0))) {
                return res.error(404, "not_found", "no sandbox group " + req.captures.at(0));
            }
            int64_t after = 0;
            std::string a = req.param("after");
            if (!a.empty()) {
                char* end = nullptr;
                after = std::strtoll(a.c_str(), &end, 10);
                if (*end != '\0' || after < 0)
                    return res.error(400, "bad_request", "after: expected a sequence number");
            }
            json out = json::array();
            for (const auto& l : messages_->sandbox_lines(req.captures.at(0), after, 1000)) {
                out.push_back({{"seq", l.seq},
                               {"sender", l.sender},
                               {"name", l.name},
                               {"text", l.text},
                               {"time", l.time},
                               {"from_bot", l.from_bot}});
            }
            res.json(out);
        });

    sandbox_route(
        "POST", "/sandbox/api/groups/(.+)/messages", "/sandbox/api/groups/:group/messages",
        [this](const http::Request& req, http::Response& res) { serve_sandbox_say(req, res); });
}

void Daemon::serve_sandbox_groups(const http::Request&, http::Response& res) {
    auto cfg = cfg_.load();
    std::vector<const config::Group*> groups;
    for (const auto& g : cfg->groups) {
        const config::Channel* ch = cfg->channel(g.channel);
        if (ch && ch->platform == "sandbox") groups.push_back(&g);
    }
    std::stable_sort(groups.begin(), groups.end(), [](auto* a, auto* b) {
        auto da = level(a->node);
        auto db = level(b->node);
        return da != db ? da < db : a->node < b->node;
    });
    json out = json::array();
    for (const auto* g : groups) {
        std::string node_name = g->node;
        for (const auto& n : cfg->nodes) {
            if (n.code == g->node) node_name = n.name;
        }
        if (g->node == cfg->district_code) node_name = cfg->district_name;
        out.push_back(
            {{"id", g->id},
             {"name", g->name.empty() ? g->id : g->name},
             {"node", g->node},
             {"node_name", node_name},
             {"level", level_of(g->node)},
             {"audience", g->audience == config::Audience::Staff ? "staff" : "residents"}});
    }
    res.json(out);
}

void Daemon::serve_sandbox_members(const http::Request& req, http::Response& res) {
    auto cfg = cfg_.load();
    const config::Group* g = sandbox_group(*cfg, req.captures.at(0));
    if (!g) return res.error(404, "not_found", "no sandbox group " + req.captures.at(0));
    json leaders = json::array();
    for (const auto& l : cfg->leaders) {
        bool here = l.node == g->node ||
                    (g->audience == config::Audience::Staff && is_child(l.node, g->node));
        auto id = l.ids.find(g->channel);
        if (here && id != l.ids.end()) {
            leaders.push_back({{"id", id->second}, {"name", l.name}, {"node", l.node}});
        }
    }
    json rooms = json::array();
    if (g->audience == config::Audience::Residents) {
        for (auto& a : store_->addresses(g->node)) rooms.push_back(a);
    }
    res.json({{"leaders", leaders}, {"rooms", rooms}});
}

void Daemon::serve_sandbox_say(const http::Request& req, http::Response& res) {
    auto cfg = cfg_.load();
    const config::Group* g = sandbox_group(*cfg, req.captures.at(0));
    if (!g) return res.error(404, "not_found", "no sandbox group " + req.captures.at(0));
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return res.error(400, "bad_json", "expected {\"sender\", \"name\", \"text\"}");
    }
    auto field = [&](const char* k) {
        auto it = body.find(k);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string sender = field("sender"), name = field("name"), text = field("text");
    if (sender.empty()) return res.error(400, "bad_request", "sender: required");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return res.error(400, "bad_request", "text: empty message");
    }
    if (text.size() > 8000)
        return res.error(413, "payload_too_large", "text: longer than 8000 bytes");
    if (name.empty()) name = sender;
    bind_demo_resident(*store_, *messages_, *g, sender, name, unix_seconds(clock_->now()));
    int64_t seq =
        messages_
            ->sandbox_receive(g->channel, g->id, sender, name, text, unix_seconds(clock_->now()))
            .get();
    conversation_->notify();
    res.json({{"seq", seq}});
}

}  // namespace gridbot::app
