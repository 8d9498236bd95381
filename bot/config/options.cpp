#include "bot/config/options.h"

#include <algorithm>
#include <deque>

#include "bot/core/address.h"
#include "bot/core/join_link.h"
#include "bot/core/local_time.h"

namespace gridbot::config::detail {
namespace {

const std::string& str(const Value& v) { return std::get<std::string>(v); }
int64_t num(const Value& v) { return std::get<int64_t>(v); }
int minutes(const Value& v) { return std::get<int>(v); }

std::optional<std::string> in_range(const Value& v, int64_t lo, int64_t hi) {
    if (num(v) < lo || num(v) > hi) {
        return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    }
    return std::nullopt;
}

std::optional<std::string> one_of(const Value& v, std::initializer_list<std::string_view> ok) {
    for (auto o : ok) {
        if (str(v) == o) return std::nullopt;
    }
    std::string s = "one of";
    for (auto o : ok) s += " \"" + std::string(o) + "\"";
    return s;
}

std::optional<std::string> slug_path(const Value& v) {
    const std::string& s = str(v);
    bool ok = !s.empty() && s.front() != '/' && s.back() != '/';
    for (size_t i = 0; ok && i < s.size(); ++i) {
        char c = s[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             (c == '/' && s[i + 1] != '/');
    }
    if (ok) return std::nullopt;
    return "a node code: lowercase segments of a-z 0-9 - _ joined by /";
}

std::optional<std::string> not_empty(const Value& v) {
    if (str(v).empty()) return "a non-empty string";
    return std::nullopt;
}

std::optional<std::string> sorted_times(const Value& v) {
    const auto& t = std::get<std::vector<int>>(v);
    if (!std::is_sorted(t.begin(), t.end())) return "times in increasing order";
    return std::nullopt;
}

std::optional<std::string> web_link(const Value& v) { return join_link_problem(str(v)); }

std::chrono::seconds secs(const Value& v) { return std::chrono::seconds(num(v)); }

std::optional<std::string> positive(const Value& v) {
    if (num(v) <= 0) return "a duration above zero";
    return std::nullopt;
}

Schedule& schedule_at(Config& c, size_t i, bool root) {
    return root ? c.schedule : c.schedule_overrides[i].schedule;
}

// The schedule keys exist both at [schedule] and in each [[schedule.overrides]].
void add_schedule_options(std::vector<Option>& t, std::string_view prefix, bool root) {
    auto key = [&](const char* k) {
        static std::deque<std::string> keep;  // stable addresses: the table holds views
        keep.push_back(std::string(prefix) + k);
        return std::string_view(keep.back());
    };
    t.push_back({key("open"), Kind::TimeOfDay, root ? "08:00" : "", false, true,
                 "local time of the daily prompt", nullptr,
                 [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).open = minutes(v);
                 }});
    t.push_back({key("remind"), Kind::TimeList, root ? "[\"10:00\", \"11:30\"]" : "", false, true,
                 "local times to @mention households still missing", sorted_times,
                 [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).remind = std::get<std::vector<int>>(v);
                 }});
    t.push_back({key("cutoff"), Kind::TimeOfDay, root ? "12:00" : "", false, true,
                 "local time of the grid leader's summary", nullptr,
                 [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).cutoff = minutes(v);
                 }});
    t.push_back({key("rollups"), Kind::TimeList, root ? "[\"09:30\", \"12:30\", \"18:00\"]" : "",
                 false, true, "local times of the rollups to community, street and district",
                 sorted_times, [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).rollups = std::get<std::vector<int>>(v);
                 }});
    t.push_back({key("digests"), Kind::TimeList, root ? "[\"09:00\", \"10:30\", \"11:45\"]" : "",
                 false, true, "local times of the quiet digest of who has reported", sorted_times,
                 [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).digests = std::get<std::vector<int>>(v);
                 }});
    t.push_back({key("reply_each_report"), Kind::Bool, root ? "false" : "", false, true,
                 "answer every report in the group (off: periodic digests only)", nullptr,
                 [root](Config& c, size_t i, const Value& v) {
                     schedule_at(c, i, root).reply_each_report = std::get<bool>(v);
                 }});
}

// [incidents] and [[escalation]] (DESIGN.md §6); cross-checks in config.cpp.
void add_incident_options(std::vector<Option>& t) {
    std::vector<Option> more = {
        {"incidents.calendar", Kind::String, "config/calendar/cn.toml", false, false,
         "working hours, weekends, holidays and 调休 for working-time steps", not_empty,
         [](Config& c, size_t, const Value& v) { c.incidents.calendar = str(v); }},
        {"incidents.severity", Kind::StringMap,
         "{ emergency = \"urgent\", positive_test = \"urgent\" }", false, true,
         "severity per category (others: normal; fever >= 38.5 is urgent)", nullptr,
         [](Config& c, size_t, const Value& v) {
             c.incidents.severity = std::get<std::map<std::string, std::string>>(v);
         }},
        {"incidents.resolve_within", Kind::StringMap, "{ urgent = \"2h\", normal = \"1d\" }", false,
         true, "per severity: time from acknowledgement to resolution before it escalates again",
         nullptr,
         [](Config& c, size_t, const Value& v) {
             c.incidents.resolve_within_text = std::get<std::map<std::string, std::string>>(v);
         }},
        {"incidents.cluster_grid", Kind::Int, "3", false, true,
         "anomalies of one symptom in one grid within cluster_window that open a cluster (0: off)",
         [](const Value& v) { return in_range(v, 0, 100000); },
         [](Config& c, size_t, const Value& v) {
             c.incidents.cluster_grid = static_cast<int>(num(v));
         }},
        {"incidents.cluster_community", Kind::Int, "5", false, true,
         "the same in one community (0: off)",
         [](const Value& v) { return in_range(v, 0, 100000); },
         [](Config& c, size_t, const Value& v) {
             c.incidents.cluster_community = static_cast<int>(num(v));
         }},
        {"incidents.cluster_window", Kind::Duration, "1d", false, true,
         "the window of the cluster thresholds", positive,
         [](Config& c, size_t, const Value& v) { c.incidents.cluster_window = secs(v); }},
        {"incidents.cluster_categories", Kind::StringList,
         "[\"fever\", \"cough\", \"fatigue\", \"sore_throat\", \"smell_taste\", \"diarrhea\"]",
         false, true, "symptom categories that form clusters", nullptr,
         [](Config& c, size_t, const Value& v) {
             c.incidents.cluster_categories = std::get<std::vector<std::string>>(v);
         }},
        {"incidents.mask_personal_data", Kind::Bool, "true", false, true,
         "mask names and phones in messages above grid level", nullptr,
         [](Config& c, size_t, const Value& v) {
             c.incidents.mask_personal_data = std::get<bool>(v);
         }},
        {"escalation", Kind::TableArray, "", false, true,
         "escalation steps, one entry per step of a severity's chain (default: see "
         "docs/incidents.md)",
         nullptr, [](Config& c, size_t n, const Value&) { c.escalation.resize(n); }},
        {"escalation[].severity", Kind::String, "", true, true,
         "the severity whose chain this step is in", not_empty,
         [](Config& c, size_t i, const Value& v) { c.escalation[i].severity = str(v); }},
        {"escalation[].level", Kind::String, "", true, true, "grid, community, street or district",
         [](const Value& v) {
             return one_of(v, {"grid", "community", "street", "district"});
         },
         [](Config& c, size_t i, const Value& v) {
             c.escalation[i].level = *level_from_name(str(v));
         }},
        {"escalation[].after", Kind::Duration, "", true, true,
         "time since the incident opened (0s: at once)", nullptr,
         [](Config& c, size_t i, const Value& v) { c.escalation[i].after = secs(v); }},
        {"escalation[].working_time", Kind::Bool, "false", false, true,
         "count only working time (config calendar); urgent chains count wall time", nullptr,
         [](Config& c, size_t i, const Value& v) {
             c.escalation[i].working_time = std::get<bool>(v);
         }},
    };
    for (auto& o : more) t.push_back(std::move(o));
}

std::vector<Option> build_table() {
    std::vector<Option> t = {
        // [server]
        {"server.bind", Kind::String, "127.0.0.1", false, false, "address to listen on", not_empty,
         [](Config& c, size_t, const Value& v) { c.server.bind = str(v); }},
        {"server.port", Kind::Int, "8080", false, false, "TCP port (0: any free port)",
         [](const Value& v) { return in_range(v, 0, 65535); },
         [](Config& c, size_t, const Value& v) { c.server.port = static_cast<int>(num(v)); }},
        {"server.threads", Kind::Int, "64", false, false, "HTTP worker threads",
         [](const Value& v) { return in_range(v, 1, 1024); },
         [](Config& c, size_t, const Value& v) { c.server.threads = static_cast<int>(num(v)); }},
        {"server.body_limit", Kind::Int, "1048576", false, false,
         "largest request body in bytes; larger gets 413",
         [](const Value& v) { return in_range(v, 1024, 64 << 20); },
         [](Config& c, size_t, const Value& v) {
             c.server.body_limit = static_cast<size_t>(num(v));
         }},
        {"server.public_url", Kind::String, "", false, false,
         "the address people open (printed at start)", nullptr,
         [](Config& c, size_t, const Value& v) { c.server.public_url = str(v); }},
        // [http]
        {"http.read_deadline", Kind::Duration, "10s", false, false,
         "time a client has to send a request's headers and body; then 408 and close", positive,
         [](Config& c, size_t, const Value& v) { c.server.read_deadline = secs(v); }},
        {"http.max_conns_per_addr", Kind::Int, "64", false, false,
         "open connections per client address; beyond, 503 and close",
         [](const Value& v) { return in_range(v, 1, 100000); },
         [](Config& c, size_t, const Value& v) {
             c.server.max_conns_per_addr = static_cast<int>(num(v));
         }},
        {"http.trusted_proxies", Kind::StringList, "[]", false, false,
         "reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client",
         [](const Value& v) -> std::optional<std::string> {
             if (AddressSet::parse(std::get<std::vector<std::string>>(v))) return std::nullopt;
             return "addresses or CIDR ranges such as \"127.0.0.1\", \"10.0.0.0/8\" or \"::1\"";
         },
         [](Config& c, size_t, const Value& v) {
             c.server.trusted_proxies = std::get<std::vector<std::string>>(v);
         }},
        // [store]
        {"store.path", Kind::String, "var/gridbot.db", false, false, "the SQLite database file",
         not_empty, [](Config& c, size_t, const Value& v) { c.store_path = str(v); }},
        {"store.engine", Kind::String, "sqlite", false, false,
         "sqlite (one file, the default) or postgresql (docs/scaling.md)",
         [](const Value& v) {
             return one_of(v, {"sqlite", "postgresql"});
         },
         [](Config& c, size_t, const Value& v) { c.store_engine = str(v); }},
        {"store.url", Kind::Secret, "", false, false,
         "the PostgreSQL database: a libpq conninfo (\"host=db dbname=gridbot user=gridbot\") or "
         "URI; may be env:NAME",
         nullptr, [](Config& c, size_t, const Value& v) { c.store_url = str(v); }},
        // [district]
        {"district.code", Kind::String, "", true, false, "root node code, e.g. \"nangang\"",
         slug_path, [](Config& c, size_t, const Value& v) { c.district_code = str(v); }},
        {"district.name", Kind::String, "", true, false, "display name, e.g. \"南岗区\"", not_empty,
         [](Config& c, size_t, const Value& v) { c.district_name = str(v); }},
        {"district.timezone", Kind::String, "Asia/Shanghai", false, false,
         "IANA time zone of the schedule (any zone of the system's tzdata, daylight saving "
         "included, e.g. Asia/Shanghai, America/New_York; or a fixed UTC+08:00); the day ends "
         "at local midnight",
         [](const Value& v) -> std::optional<std::string> {
             if (LocalTime::for_zone(str(v))) return std::nullopt;
             return "an IANA time zone of the system's tzdata (Asia/Shanghai, Europe/Berlin, "
                    "UTC ...) or UTC+08:00";
         },
         [](Config& c, size_t, const Value& v) { c.timezone = str(v); }},
        {"district.locale", Kind::String, "zh-CN", false, true, "message language",
         [](const Value& v) {
             return one_of(v, {"zh-CN", "en"});
         },
         [](Config& c, size_t, const Value& v) { c.locale = str(v); }},
        {"district.templates", Kind::String, "templates", false, true,
         "folder of message templates, one sub-folder per locale", not_empty,
         [](Config& c, size_t, const Value& v) { c.templates_dir = str(v); }},
        // [parser]
        {"parser.lexicon", Kind::String, "config/lexicon/zh-CN.toml", false, true,
         "the reply parser's lexicon", not_empty,
         [](Config& c, size_t, const Value& v) { c.lexicon_path = str(v); }},
        {"parser.ask_below", Kind::Fraction, "0.6", false, true,
         "a resident's message understood with less confidence (0-1) gets a clarifying "
         "question instead of being taken as read; 0: never ask",
         nullptr, [](Config& c, size_t, const Value& v) { c.ask_below = std::get<double>(v); }},
        // [[nodes]]
        {"nodes", Kind::TableArray, "", false, false, "display names of nodes", nullptr,
         [](Config& c, size_t n, const Value&) { c.nodes.resize(n); }},
        {"nodes[].code", Kind::String, "", true, false, "node code (path)", slug_path,
         [](Config& c, size_t i, const Value& v) { c.nodes[i].code = str(v); }},
        {"nodes[].name", Kind::String, "", true, false, "display name as written in the ledger",
         not_empty, [](Config& c, size_t i, const Value& v) { c.nodes[i].name = str(v); }},
        // [[channels]]
        {"channels", Kind::TableArray, "", false, true, "platform accounts", nullptr,
         [](Config& c, size_t n, const Value&) { c.channels.resize(n); }},
        {"channels[].name", Kind::String, "", true, true, "channel name, used in /hooks/<name>",
         slug_path, [](Config& c, size_t i, const Value& v) { c.channels[i].name = str(v); }},
        {"channels[].platform", Kind::String, "", true, true,
         "sandbox, webhook, wecom, dingtalk, feishu or telegram", not_empty,
         [](Config& c, size_t i, const Value& v) { c.channels[i].platform = str(v); }},
        {"channels[].settings", Kind::StringMap, "{}", false, true,
         "platform settings (see docs/platforms); values may be env:NAME", nullptr,
         [](Config& c, size_t i, const Value& v) {
             c.channels[i].settings = std::get<std::map<std::string, std::string>>(v);
         }},
        {"channels[].rate_per_minute", Kind::Int, "platform default", false, true,
         "messages per minute per group (0: unlimited)",
         [](const Value& v) { return in_range(v, 0, 100000); },
         [](Config& c, size_t i, const Value& v) {
             c.channels[i].rate_per_minute = static_cast<double>(num(v));
         }},
        // [[groups]]
        {"groups", Kind::TableArray, "", false, true, "chat groups of the nodes", nullptr,
         [](Config& c, size_t n, const Value&) { c.groups.resize(n); }},
        {"groups[].node", Kind::String, "", true, true, "node code", slug_path,
         [](Config& c, size_t i, const Value& v) { c.groups[i].node = str(v); }},
        {"groups[].channel", Kind::String, "", true, true, "channel name", not_empty,
         [](Config& c, size_t i, const Value& v) { c.groups[i].channel = str(v); }},
        {"groups[].id", Kind::String, "", true, true, "the platform's group id", not_empty,
         [](Config& c, size_t i, const Value& v) { c.groups[i].id = str(v); }},
        {"groups[].audience", Kind::String, "residents", false, true,
         "residents (a grid's building group) or staff (leaders of the node)",
         [](const Value& v) {
             return one_of(v, {"residents", "staff"});
         },
         [](Config& c, size_t i, const Value& v) {
             c.groups[i].audience = str(v) == "staff" ? Audience::Staff : Audience::Residents;
         }},
        {"groups[].name", Kind::String, "", false, true, "display name of the group", nullptr,
         [](Config& c, size_t i, const Value& v) { c.groups[i].name = str(v); }},
        {"groups[].join_link", Kind::String, "", false, true,
         "the platform's invitation link (printed as a QR code on the door poster)", web_link,
         [](Config& c, size_t i, const Value& v) { c.groups[i].join_link = str(v); }},
        // [[leaders]]
        {"leaders", Kind::TableArray, "", false, true, "leaders of the nodes", nullptr,
         [](Config& c, size_t n, const Value&) { c.leaders.resize(n); }},
        {"leaders[].node", Kind::String, "", true, true, "node code", slug_path,
         [](Config& c, size_t i, const Value& v) { c.leaders[i].node = str(v); }},
        {"leaders[].name", Kind::String, "", true, true, "name", not_empty,
         [](Config& c, size_t i, const Value& v) { c.leaders[i].name = str(v); }},
        {"leaders[].phone", Kind::String, "", false, true, "phone", nullptr,
         [](Config& c, size_t i, const Value& v) { c.leaders[i].phone = str(v); }},
        {"leaders[].ids", Kind::StringMap, "{}", false, true,
         "platform user id per channel: { sandbox = \"u1\" }", nullptr,
         [](Config& c, size_t i, const Value& v) {
             c.leaders[i].ids = std::get<std::map<std::string, std::string>>(v);
         }},
        // [[tokens]]
        {"tokens", Kind::TableArray, "", false, true, "API tokens (gridbot token new)", nullptr,
         [](Config& c, size_t n, const Value&) { c.tokens.resize(n); }},
        {"tokens[].name", Kind::String, "", true, true, "who holds it", not_empty,
         [](Config& c, size_t i, const Value& v) { c.tokens[i].name = str(v); }},
        {"tokens[].sha256", Kind::String, "", true, true, "SHA-256 of the token, lowercase hex",
         [](const Value& v) -> std::optional<std::string> {
             const auto& s = str(v);
             bool ok = s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
                           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                       });
             if (ok) return std::nullopt;
             return "64 lowercase hex digits";
         },
         [](Config& c, size_t i, const Value& v) { c.tokens[i].sha256 = str(v); }},
        {"tokens[].role", Kind::String, "", true, true, "grid, community, street, district, admin",
         [](const Value& v) {
             return one_of(v, {"grid", "community", "street", "district", "admin"});
         },
         [](Config& c, size_t i, const Value& v) { c.tokens[i].role = *role_from_name(str(v)); }},
        {"tokens[].node", Kind::String, "", true, true, "the subtree the token sees", slug_path,
         [](Config& c, size_t i, const Value& v) { c.tokens[i].node = str(v); }},
        // [schedule] and [[schedule.overrides]]
        {"schedule.overrides", Kind::TableArray, "", false, true,
         "per-node schedule; a node inherits from its nearest ancestor", nullptr,
         [](Config& c, size_t n, const Value&) { c.schedule_overrides.resize(n); }},
        {"schedule.overrides[].node", Kind::String, "", true, true, "node code", slug_path,
         [](Config& c, size_t i, const Value& v) { c.schedule_overrides[i].node = str(v); }},
        // [delivery]
        {"delivery.timeout", Kind::Duration, "10s", false, true, "one HTTP attempt", positive,
         [](Config& c, size_t, const Value& v) { c.delivery.timeout = secs(v); }},
        {"delivery.max_attempts", Kind::Int, "10", false, true, "attempts before a message fails",
         [](const Value& v) { return in_range(v, 1, 1000); },
         [](Config& c, size_t, const Value& v) {
             c.delivery.max_attempts = static_cast<int>(num(v));
         }},
        {"delivery.deadline", Kind::Duration, "1d", false, true,
         "a message not delivered this long after it was queued fails", positive,
         [](Config& c, size_t, const Value& v) { c.delivery.deadline = secs(v); }},
        {"delivery.backoff_initial", Kind::Duration, "2s", false, true,
         "first retry delay; doubles per attempt, with jitter", positive,
         [](Config& c, size_t, const Value& v) { c.delivery.backoff_initial = secs(v); }},
        {"delivery.backoff_max", Kind::Duration, "10m", false, true, "longest retry delay",
         positive, [](Config& c, size_t, const Value& v) { c.delivery.backoff_max = secs(v); }},
        {"delivery.in_flight", Kind::Int, "256", false, false, "HTTP transfers in flight at once",
         [](const Value& v) { return in_range(v, 1, 10000); },
         [](Config& c, size_t, const Value& v) {
             c.delivery.in_flight = static_cast<int>(num(v));
         }},
        // [notices]
        {"notices.remind_after", Kind::Duration, "2h", false, true,
         "remind groups that have not acknowledged a notice this long after it was issued",
         positive, [](Config& c, size_t, const Value& v) { c.notices.remind_after = secs(v); }},
        {"notices.community_may_issue", Kind::Bool, "false", false, true,
         "community tokens may issue notices to their own subtree", nullptr,
         [](Config& c, size_t, const Value& v) {
             c.notices.community_may_issue = std::get<bool>(v);
         }},
        // [sandbox]
        {"sandbox.enabled", Kind::Bool, "false", false, false,
         "serve the sandbox page and API (a demo; loopback bind only)", nullptr,
         [](Config& c, size_t, const Value& v) { c.sandbox.enabled = std::get<bool>(v); }},
        // [dashboard]
        {"dashboard.session_ttl", Kind::Duration, "12h", false, true,
         "how long a dashboard sign-in lasts", positive,
         [](Config& c, size_t, const Value& v) { c.dashboard.session_ttl = secs(v); }},
        // [cluster]
        {"cluster.failover", Kind::Duration, "15s", false, false,
         "PostgreSQL: how soon another daemon takes over the timers, the conversation and "
         "the outbox when the leader dies",
         positive, [](Config& c, size_t, const Value& v) { c.cluster.failover = secs(v); }},
        // [debug]
        {"debug.manual_clock", Kind::Bool, "false", false, false,
         "enable POST /api/v1/admin/clock (tests only, never production)", nullptr,
         [](Config& c, size_t, const Value& v) { c.debug.manual_clock = std::get<bool>(v); }},
        {"debug.start_time", Kind::String, "", false, false, "RFC 3339 start of the manual clock",
         nullptr, [](Config& c, size_t, const Value& v) { c.debug.start_time = str(v); }},
    };
    add_incident_options(t);
    add_privacy_options(t);
    add_schedule_options(t, "schedule.", true);
    add_schedule_options(t, "schedule.overrides[].", false);
    return t;
}

}  // namespace

const std::vector<Option>& options() {
    static const std::vector<Option> table = build_table();
    return table;
}

const Option* find_option(std::string_view key) {
    for (const auto& o : options()) {
        if (o.key == key) return &o;
    }
    return nullptr;
}

}  // namespace gridbot::config::detail
