#include "bot/config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "bot/config/options.h"
#include "bot/core/clock.h"
#include "bot/core/duration.h"
#include "bot/core/hierarchy.h"

namespace gridbot::config {

using detail::Kind;
using detail::Option;
using detail::Value;

std::string_view role_name(Role r) {
    switch (r) {
        case Role::Grid:
            return "grid";
        case Role::Community:
            return "community";
        case Role::Street:
            return "street";
        case Role::District:
            return "district";
        case Role::Admin:
            return "admin";
    }
    return "?";
}

std::optional<Role> role_from_name(std::string_view s) {
    for (Role r : {Role::Grid, Role::Community, Role::Street, Role::District, Role::Admin}) {
        if (role_name(r) == s) return r;
    }
    return std::nullopt;
}

std::string_view level_name(Level l) {
    switch (l) {
        case Level::District:
            return "district";
        case Level::Street:
            return "street";
        case Level::Community:
            return "community";
        case Level::Grid:
            return "grid";
    }
    return "?";
}

std::optional<Level> level_from_name(std::string_view s) {
    for (Level l : {Level::District, Level::Street, Level::Community, Level::Grid}) {
        if (level_name(l) == s) return l;
    }
    return std::nullopt;
}

const Channel* Config::channel(std::string_view n) const {
    for (const auto& c : channels) {
        if (c.name == n) return &c;
    }
    return nullptr;
}

namespace {

// Collects every problem of one load; the first one's id becomes the Error's id.
class Problems {
  public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(std::string_view id, int line, const std::string& key, const std::string& what) {
        items_.push_back(
            {line, std::string(id), file_ + ":" + std::to_string(line) + ": " + key + ": " + what});
    }
    bool empty() const { return items_.empty(); }
    // In file order; the first problem's id is the Error's id, later lines carry their own.
    Error error() {
        std::stable_sort(items_.begin(), items_.end(),
                         [](const Item& a, const Item& b) { return a.line < b.line; });
        std::string msg;
        for (size_t i = 0; i < items_.size(); ++i) {
            if (i > 0) msg += "\n[" + items_[i].id + "] ";
            msg += items_[i].text;
        }
        return Error{items_[0].id, msg};
    }

  private:
    struct Item {
        int line;
        std::string id, text;
    };
    std::string file_;
    std::vector<Item> items_;
};

std::string shown(const toml::node& n) {
    std::ostringstream os;
    if (n.is_string()) {
        os << '"' << n.as_string()->get() << '"';
    } else if (n.is_table()) {
        os << "a table";
    } else if (n.is_array()) {
        os << "an array";
    } else {
        os << toml::node_view<const toml::node>(n);
    }
    return os.str();
}

// The value as TOML text: what a reload compares, never what it logs.
std::string shown_value(const toml::node& n) {
    std::ostringstream os;
    os << toml::node_view<const toml::node>(n);
    return os.str();
}

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

std::optional<int> parse_time_of_day(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    auto d = [&](size_t i) { return s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -100; };
    int h = d(0) * 10 + d(1), m = d(3) * 10 + d(4);
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 60 + m;
}

// env:NAME -> the variable's value; false when unset.
bool resolve_secret(std::string& v) {
    if (v.rfind("env:", 0) != 0) return true;
    const char* e = std::getenv(v.c_str() + 4);
    if (!e) return false;
    v = e;
    return true;
}

class Loader {
  public:
    Loader(Config& c, Problems& p) : cfg_(c), problems_(p) {}

    void table(const toml::table& t, const std::string& pattern, const std::string& shown_prefix,
               size_t index) {
        for (const auto& [k, node] : t) {
            std::string key_pattern = pattern + std::string(k.str());
            std::string key_shown = shown_prefix + std::string(k.str());
            const Option* opt = detail::find_option(key_pattern);
            if (opt && opt->kind == Kind::TableArray) {
                array_of_tables(*opt, node, key_pattern, key_shown);
                continue;
            }
            if (!opt && node.is_table()) {
                if (is_section(key_pattern + ".")) {
                    if (key_pattern == "incidents") cfg_.incidents.line = line_of(node);
                    table(*node.as_table(), key_pattern + ".", key_shown + ".", index);
                    continue;
                }
            }
            if (!opt) {
                problems_.add("config.unknown_key", line_of(node), key_shown,
                              "unknown key (see `gridbot check-config --options`)");
                continue;
            }
            seen_.insert(key_pattern + "#" + std::to_string(index));
            value(*opt, node, key_shown, index);
        }
    }

    void check_required(const std::string& pattern, size_t index, int line,
                        const std::string& shown_prefix) {
        for (const auto& o : detail::options()) {
            if (!o.required || o.key.rfind(pattern, 0) != 0) continue;
            std::string_view rest = o.key.substr(pattern.size());
            if (rest.find('.') != std::string_view::npos ||
                rest.find('[') != std::string_view::npos) {
                continue;
            }
            if (!seen_.count(std::string(o.key) + "#" + std::to_string(index))) {
                problems_.add("config.missing_key", line, shown_prefix + std::string(rest),
                              "required, not given");
            }
        }
    }

  private:
    static bool is_section(const std::string& prefix) {
        for (const auto& o : detail::options()) {
            if (o.key.rfind(prefix, 0) == 0) return true;
        }
        return false;
    }

    void array_of_tables(const Option& opt, const toml::node& node, const std::string& pattern,
                         const std::string& shown) {
        const toml::array* arr = node.as_array();
        if (!arr || !arr->is_array_of_tables()) {
            problems_.add("config.bad_type", line_of(node), shown,
                          "expected an array of tables ([[" + shown + "]]), got " +
                              ::gridbot::config::shown(node));
            return;
        }
        opt.apply(cfg_, arr->size(), Value{});
        for (size_t i = 0; i < arr->size(); ++i) {
            const toml::table& el = *(*arr)[i].as_table();
            std::string el_shown = shown + "[" + std::to_string(i) + "].";
            table(el, pattern + "[].", el_shown, i);
            check_required(pattern + "[].", i, line_of(el), el_shown);
            set_line(pattern, i, line_of(el));
        }
    }

    void set_line(const std::string& pattern, size_t i, int line) {
        if (pattern == "nodes") cfg_.nodes[i].line = line;
        if (pattern == "channels") cfg_.channels[i].line = line;
        if (pattern == "groups") cfg_.groups[i].line = line;
        if (pattern == "leaders") cfg_.leaders[i].line = line;
        if (pattern == "tokens") cfg_.tokens[i].line = line;
        if (pattern == "schedule.overrides") cfg_.schedule_overrides[i].line = line;
        if (pattern == "escalation") cfg_.escalation[i].line = line;
    }

    void bad(const toml::node& n, const std::string& key, std::string_view id,
             const std::string& expected) {
        problems_.add(id, line_of(n), key, "expected " + expected + ", got " + shown(n));
    }

    void value(const Option& opt, const toml::node& n, const std::string& key, size_t index) {
        Value v;
        switch (opt.kind) {
            case Kind::String:
            case Kind::Secret: {
                if (!n.is_string()) return bad(n, key, "config.bad_type", "a string");
                std::string s = n.as_string()->get();
                if (opt.kind == Kind::Secret && !resolve_secret(s)) {
                    return problems_.add("config.missing_env", line_of(n), key,
                                         "environment variable " + s.substr(4) + " is not set");
                }
                v = s;
                break;
            }
            case Kind::Int:
                if (!n.is_integer()) return bad(n, key, "config.bad_type", "an integer");
                v = n.as_integer()->get();
                break;
            case Kind::Bool:
                if (!n.is_boolean()) return bad(n, key, "config.bad_type", "true or false");
                v = n.as_boolean()->get();
                break;
            case Kind::Duration: {
                auto d = n.is_string() ? parse_duration(n.as_string()->get()) : std::nullopt;
                if (!d) return bad(n, key, "config.bad_duration", "30s/15m/2h/1d");
                v = static_cast<int64_t>(d->count());
                break;
            }
            case Kind::TimeOfDay: {
                auto t = n.is_string() ? parse_time_of_day(n.as_string()->get()) : std::nullopt;
                if (!t) return bad(n, key, "config.bad_time", "a local time \"HH:MM\"");
                v = *t;
                break;
            }
            case Kind::TimeList: {
                std::vector<int> times;
                const toml::array* a = n.as_array();
                if (!a) return bad(n, key, "config.bad_type", "an array of \"HH:MM\"");
                for (const auto& el : *a) {
                    auto t =
                        el.is_string() ? parse_time_of_day(el.as_string()->get()) : std::nullopt;
                    if (!t) return bad(el, key, "config.bad_time", "a local time \"HH:MM\"");
                    times.push_back(*t);
                }
                v = times;
                break;
            }
            case Kind::StringList: {
                std::vector<std::string> items;
                const toml::array* a = n.as_array();
                if (!a) return bad(n, key, "config.bad_type", "an array of strings");
                for (const auto& el : *a) {
                    if (!el.is_string()) return bad(el, key, "config.bad_type", "a string");
                    items.push_back(el.as_string()->get());
                }
                v = items;
                break;
            }
            case Kind::StringMap: {
                std::map<std::string, std::string> m;
                const toml::table* t = n.as_table();
                if (!t) return bad(n, key, "config.bad_type", "a table of strings");
                for (const auto& [k, el] : *t) {
                    std::string sub = key + "." + std::string(k.str());
                    if (!el.is_string()) return bad(el, sub, "config.bad_type", "a string");
                    std::string s = el.as_string()->get();
                    bool secret = s.rfind("env:", 0) == 0;
                    if (!resolve_secret(s)) {
                        return problems_.add("config.missing_env", line_of(el), sub,
                                             "environment variable " + s.substr(4) + " is not set");
                    }
                    if (secret && key.rfind("channels[", 0) == 0) {
                        cfg_.channels[index].secret_keys.push_back(std::string(k.str()));
                    }
                    m[std::string(k.str())] = s;
                }
                v = m;
                break;
            }
            case Kind::TableArray:
                return;  // handled by the caller
        }
        if (opt.validate) {
            if (auto expected = opt.validate(v)) {
                return bad(n, key, "config.bad_value", *expected);
            }
        }
        opt.apply(cfg_, index, v);
        if (!opt.reloadable) cfg_.restart_only[key] = shown_value(n);
    }

    Config& cfg_;
    Problems& problems_;
    std::set<std::string> seen_;
};

bool within(const std::string& node, const std::string& root) {
    return gridbot::within(node, root);
}

// 127.0.0.0/8, ::1 and localhost: the only binds a demo setting may listen on.
bool loopback(const std::string& bind) {
    return bind == "localhost" || bind == "::1" || bind == "[::1]" || bind.rfind("127.", 0) == 0;
}

// The published demo token of config/example.toml ("gb_demo-district-token-for-the-sandbox-only").
constexpr std::string_view kDemoTokenSha256 =
    "e6c8bc133ad581e5997063f964b79f93d0b222f4fd14167c0dffc8bfc4c897a5";

// The sandbox, the manual clock and the demo token are for a laptop: with any
// of them, a bind other than loopback is refused (daemon and check-config).
void check_unsafe_bind(const Config& c, Problems& p) {
    if (loopback(c.server.bind)) return;
    std::string why = "not allowed with server.bind = \"" + c.server.bind +
                      "\" (loopback only: 127.0.0.0/8, ::1, localhost)";
    if (c.sandbox.enabled)
        p.add("config.unsafe_bind", 0, "sandbox.enabled", "the sandbox is " + why);
    if (c.debug.manual_clock) {
        p.add("config.unsafe_bind", 0, "debug.manual_clock", "the manual clock is " + why);
    }
    for (size_t i = 0; i < c.tokens.size(); ++i) {
        std::string h = c.tokens[i].sha256;
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char ch) { return std::tolower(ch); });
        if (h == kDemoTokenSha256) {
            p.add("config.unsafe_bind", c.tokens[i].line,
                  "tokens[" + std::to_string(i) + "].sha256", "the published demo token is " + why);
        }
    }
}

// Checks that need the whole file: references, duplicates, the tree.
void cross_check(const Config& c, Problems& p) {
    auto check_node = [&](const std::string& node, int line, const std::string& key) {
        if (!c.district_code.empty() && !within(node, c.district_code)) {
            p.add("config.bad_node", line, key,
                  "node \"" + node + "\" is not under the district \"" + c.district_code + "\"");
        }
    };
    std::set<std::string> names;
    for (size_t i = 0; i < c.channels.size(); ++i) {
        if (!names.insert(c.channels[i].name).second) {
            p.add("config.duplicate", c.channels[i].line,
                  "channels[" + std::to_string(i) + "].name",
                  "channel \"" + c.channels[i].name + "\" is defined twice");
        }
    }
    std::set<std::pair<std::string, std::string>> group_ids;
    for (size_t i = 0; i < c.groups.size(); ++i) {
        const auto& g = c.groups[i];
        std::string k = "groups[" + std::to_string(i) + "]";
        check_node(g.node, g.line, k + ".node");
        if (!c.channel(g.channel)) {
            p.add("config.unknown_channel", g.line, k + ".channel",
                  "no [[channels]] entry is named \"" + g.channel + "\"");
        }
        if (!group_ids.insert({g.channel, g.id}).second) {
            p.add("config.duplicate", g.line, k + ".id",
                  "group \"" + g.id + "\" of channel \"" + g.channel + "\" is listed twice");
        }
    }
    for (size_t i = 0; i < c.leaders.size(); ++i) {
        const auto& l = c.leaders[i];
        std::string k = "leaders[" + std::to_string(i) + "]";
        check_node(l.node, l.line, k + ".node");
        for (const auto& [ch, id] : l.ids) {
            if (!c.channel(ch)) {
                p.add("config.unknown_channel", l.line, k + ".ids." + ch,
                      "no [[channels]] entry is named \"" + ch + "\"");
            }
        }
    }
    std::set<std::string> hashes;
    for (size_t i = 0; i < c.tokens.size(); ++i) {
        const auto& t = c.tokens[i];
        check_node(t.node, t.line, "tokens[" + std::to_string(i) + "].node");
        if (!hashes.insert(t.sha256).second) {
            p.add("config.duplicate", t.line, "tokens[" + std::to_string(i) + "].sha256",
                  "the same token is listed twice");
        }
    }
    for (size_t i = 0; i < c.nodes.size(); ++i) {
        check_node(c.nodes[i].code, c.nodes[i].line, "nodes[" + std::to_string(i) + "].code");
    }
    for (size_t i = 0; i < c.schedule_overrides.size(); ++i) {
        const auto& o = c.schedule_overrides[i];
        check_node(o.node, o.line, "schedule.overrides[" + std::to_string(i) + "].node");
    }
    check_unsafe_bind(c, p);
    if (!c.debug.start_time.empty()) {
        TimePoint t;
        if (!parse_rfc3339(c.debug.start_time, t)) {
            p.add("config.bad_value", 0, "debug.start_time",
                  "expected RFC 3339 (2026-11-22T08:00:00+08:00), got \"" + c.debug.start_time +
                      "\"");
        }
    }
}

// The built-in chains (DESIGN.md §6) when the file has no [[escalation]].
std::vector<EscalationStep> default_escalation() {
    using std::chrono::hours;
    using std::chrono::minutes;
    using std::chrono::seconds;
    return {
        {"urgent", Level::Grid, seconds(0), false, 0},
        {"urgent", Level::Community, seconds(0), false, 0},
        {"urgent", Level::Street, minutes(15), false, 0},
        {"urgent", Level::District, minutes(45), false, 0},
        {"normal", Level::Grid, seconds(0), true, 0},
        {"normal", Level::Community, hours(2), true, 0},
        {"normal", Level::Street, hours(8), true, 0},
        {"normal", Level::District, hours(24), true, 0},
    };
}

// [incidents] and [[escalation]]: chains in order, severities that exist,
// durations that parse. Fills the defaults the checks rely on.
void check_incidents(Config& c, Problems& p) {
    auto& inc = c.incidents;
    if (c.escalation.empty()) c.escalation = default_escalation();
    if (inc.severity.empty()) inc.severity = {{"emergency", "urgent"}, {"positive_test", "urgent"}};
    if (inc.cluster_categories.empty()) {
        inc.cluster_categories = {"fever",       "cough",       "fatigue",
                                  "sore_throat", "smell_taste", "diarrhea"};
    }
    std::map<std::string, const EscalationStep*> last;  // severity -> its previous step
    for (size_t i = 0; i < c.escalation.size(); ++i) {
        const auto& s = c.escalation[i];
        std::string k = "escalation[" + std::to_string(i) + "]";
        auto prev = last.find(s.severity);
        if (prev != last.end()) {
            if (s.after < prev->second->after) {
                p.add("config.bad_value", s.line, k + ".after",
                      "expected the steps of \"" + s.severity +
                          "\" in increasing order of after, got " +
                          std::to_string(s.after.count()) + "s after " +
                          std::to_string(prev->second->after.count()) + "s");
            }
            if (static_cast<int>(s.level) > static_cast<int>(prev->second->level)) {
                p.add("config.bad_value", s.line, k + ".level",
                      "expected a level at or above the previous step's (" +
                          std::string(level_name(prev->second->level)) + "), got \"" +
                          std::string(level_name(s.level)) + "\"");
            }
        }
        last[s.severity] = &s;
    }
    for (const char* needed : {"urgent", "normal"}) {
        if (!last.count(needed)) {
            p.add("config.missing_policy", c.escalation.front().line, "escalation",
                  std::string("no [[escalation]] step has severity \"") + needed + "\"");
        }
    }
    for (const auto& [category, severity] : inc.severity) {
        if (!last.count(severity)) {
            p.add("config.unknown_severity", inc.line, "incidents.severity." + category,
                  "expected a severity with [[escalation]] steps, got \"" + severity + "\"");
        }
    }
    inc.resolve_within = {{"urgent", std::chrono::hours(2)}, {"normal", std::chrono::hours(24)}};
    for (const auto& [severity, text] : inc.resolve_within_text) {
        std::string k = "incidents.resolve_within." + severity;
        auto d = parse_duration(text);
        if (!d || d->count() <= 0) {
            p.add("config.bad_duration", inc.line, k,
                  "expected 30s/15m/2h/1d, got \"" + text + "\"");
        } else if (!last.count(severity)) {
            p.add("config.unknown_severity", inc.line, k,
                  "expected a severity with [[escalation]] steps, got \"" + severity + "\"");
        } else {
            inc.resolve_within[severity] = *d;
        }
    }
    for (const auto& [severity, step] : last) {
        if (!inc.resolve_within.count(severity))
            inc.resolve_within[severity] = std::chrono::hours(24);
    }
}

void apply_defaults(Config& c) {
    Schedule& s = c.schedule;
    if (!s.open) s.open = 8 * 60;
    if (!s.remind) s.remind = std::vector<int>{10 * 60, 11 * 60 + 30};
    if (!s.cutoff) s.cutoff = 12 * 60;
    if (!s.rollups) s.rollups = std::vector<int>{9 * 60 + 30, 12 * 60 + 30, 18 * 60};
    if (!s.digests) s.digests = std::vector<int>{9 * 60, 10 * 60 + 30, 11 * 60 + 45};
    if (!s.reply_each_report) s.reply_each_report = false;
    if (c.server.public_url.empty()) {
        std::string host = c.server.bind == "0.0.0.0" ? "127.0.0.1" : c.server.bind;
        c.server.public_url = "http://" + host + ":" + std::to_string(c.server.port);
    }
}

}  // namespace

Result<std::shared_ptr<const Config>> load_string(std::string_view text, const std::string& name) {
    auto cfg = std::make_shared<Config>();
    cfg->path = name;
    Problems problems(name);
    toml::table root;
    try {
        root = toml::parse(text, name);
    } catch (const toml::parse_error& e) {
        problems.add("config.parse_error", static_cast<int>(e.source().begin.line), "(syntax)",
                     std::string(e.description()));
        return problems.error();
    }
    Loader loader(*cfg, problems);
    loader.table(root, "", "", 0);
    loader.check_required("district.", 0, 1, "district.");
    cross_check(*cfg, problems);
    check_incidents(*cfg, problems);
    if (!problems.empty()) return problems.error();
    apply_defaults(*cfg);
    return std::shared_ptr<const Config>(std::move(cfg));
}

Result<std::shared_ptr<const Config>> load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"config.unreadable", path + ": cannot open the file"};
    std::ostringstream ss;
    ss << in.rdbuf();
    return load_string(ss.str(), path);
}

}  // namespace gridbot::config
