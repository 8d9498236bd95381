#include "bot/config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "bot/config/checks.h"
#include "bot/config/options.h"
#include "bot/core/clock.h"
#include "bot/core/duration.h"
#include "bot/core/hierarchy.h"

namespace gridbot::config {

using detail::check_incidents;
using detail::check_unsafe_bind;
using detail::cross_check;
using detail::Kind;
using detail::Option;
using detail::Problems;
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
            case Kind::Fraction: {
                const auto f = n.is_floating_point() ? n.as_floating_point()->get()
                               : n.is_integer()      ? static_cast<double>(n.as_integer()->get())
                                                     : -1.0;
                if (!(f >= 0.0 && f <= 1.0))
                    return bad(n, key, "config.bad_type", "a number from 0 to 1");
                v = f;
                break;
            }
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
