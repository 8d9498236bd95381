// Who is asking: a bearer token or a dashboard session (its cookie, and the
// CSRF secret for what changes something), and whether a node is theirs.
#include "bot/app/daemon.h"
#include "bot/core/crypto.h"
#include "bot/core/hierarchy.h"

namespace gridbot::app {

namespace {
std::string session_key(const std::string& id) { return crypto::hex(crypto::sha256(id)); }
}  // namespace

std::optional<http::Session> Daemon::session_of(const http::Request& req) const {
    const std::string id = http::cookie_value(req.header("cookie"), http::kSessionCookie);
    if (id.size() != 64) return std::nullopt;  // 32 random bytes in hex, or no session
    auto row = sessions_->find(session_key(id), unix_seconds(clock_->now()));
    if (!row) return std::nullopt;
    auto role = config::role_from_name(row->role);
    // A sign-in ends with its token: a removed or changed token's sessions are refused.
    auto cfg = cfg_.load();
    const bool configured =
        role && std::any_of(cfg->tokens.begin(), cfg->tokens.end(), [&](const config::Token& t) {
            return t.name == row->token && t.role == *role && t.node == row->node;
        });
    if (!configured) return std::nullopt;
    return http::Session{id, row->csrf, {row->token, *role, row->node}, row->expires_at};
}

http::Session Daemon::open_session(const http::Principal& who, int64_t ttl_seconds) {
    const int64_t now = unix_seconds(clock_->now());
    http::Session s = http::new_session(who, now, ttl_seconds);
    sessions_
        ->put({session_key(s.id), s.csrf, who.name, std::string(config::role_name(who.role)),
               who.node, s.expires_at},
              now)
        .get();
    return s;
}

void Daemon::close_session(const std::string& id) {
    sessions_->remove(session_key(id)).get();
    server_->end_streams(id);  // its pages' pushed numbers stop now
}

namespace {
bool changes_something(const http::Request& req) {
    return req.method != "GET" && req.method != "HEAD";
}
}  // namespace

std::optional<http::Principal> Daemon::principal_of(const http::Request& req) const {
    if (auto p = auth_.authenticate(req.header("authorization"))) return p;
    auto s = session_of(req);
    // A signed-in page proves with its CSRF secret that it, not another
    // site's form, sends what changes something.
    if (!s || (changes_something(req) && req.header("x-csrf-token") != s->csrf))
        return std::nullopt;
    return s->who;
}

std::optional<http::Principal> Daemon::authenticate(const http::Request& req,
                                                    http::Response& res) const {
    auto p = principal_of(req);
    if (p) return p;
    if (changes_something(req) && session_of(req))
        res.error(403, "csrf", "X-CSRF-Token: missing or not this session's");
    else
        res.error(401, "unauthorized", "missing or unknown bearer token or session");
    return std::nullopt;
}

std::optional<http::Principal> Daemon::authorize_node(const http::Request& req, http::Response& res,
                                                      const std::string& code) const {
    auto who = authenticate(req, res);
    if (!who || refuse_unknown_node(code, res)) return std::nullopt;
    if (!within(code, who->node)) {
        res.error(403, "forbidden", "node " + code + " is outside the token's subtree");
        return std::nullopt;
    }
    return who;
}

}  // namespace gridbot::app
