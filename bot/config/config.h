#pragma once
// gridbot's configuration (DESIGN.md §11): one TOML file, validated against the
// option table in options.cpp. Loading, `check-config` and printing the
// effective configuration all read that one table.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::config {

enum class Role { Grid, Community, Street, District, Admin };
std::string_view role_name(Role);
std::optional<Role> role_from_name(std::string_view);

// Levels of the hierarchy, top first; the depth of a node code is its level.
enum class Level { District = 0, Street = 1, Community = 2, Grid = 3 };
std::string_view level_name(Level);
std::optional<Level> level_from_name(std::string_view);

struct Server {
    std::string bind = "127.0.0.1";
    int port = 8080;
    int threads = 64;
    size_t body_limit = 1 << 20;
    std::string public_url;  // what `serve` prints; derived from bind:port when empty
    std::chrono::seconds read_deadline{10};    // [http]: whole request head and body
    int max_conns_per_addr = 64;               // [http]: open connections per client address
    std::vector<std::string> trusted_proxies;  // [http]: peers whose X-Forwarded-For is believed
};

struct NodeName {
    std::string code;  // full path: "nangang/xianfeng"
    std::string name;  // display name: "先锋街道"
    int line = 0;
};

struct Channel {
    std::string name;
    std::string platform;
    std::map<std::string, std::string> settings;  // secrets already resolved from env:
    std::vector<std::string> secret_keys;         // which settings were secrets (masked on print)
    double rate_per_minute = -1;  // per target; -1: the platform's default, 0: unlimited
    int line = 0;
};

enum class Audience { Residents, Staff };

struct Group {
    std::string node;
    std::string channel;
    std::string id;
    Audience audience = Audience::Residents;
    std::string name;
    int line = 0;
    // The platform's invitation URL for the group (printed as a QR code on the
    // door poster); empty when the platform has none or it is not known.
    std::string join_link = {};
};

struct Leader {
    std::string node;
    std::string name;
    std::string phone;
    std::map<std::string, std::string> ids;  // channel name -> platform user id
    int line = 0;
};

struct Token {
    std::string name;
    std::string sha256;  // lowercase hex of the token
    Role role = Role::Grid;
    std::string node;
    int line = 0;
};

// Minutes after local midnight.
using TimeOfDay = int;

struct Schedule {
    std::optional<TimeOfDay> open, cutoff;
    std::optional<std::vector<TimeOfDay>> remind, rollups, digests;
    std::optional<bool> reply_each_report;
};

struct ScheduleOverride {
    std::string node;
    Schedule schedule;
    int line = 0;
};

// The outbox and dispatcher (DESIGN.md §8).
struct Delivery {
    std::chrono::seconds timeout{10};         // one HTTP attempt
    int max_attempts = 10;                    // then the message fails, keeping the reason
    std::chrono::seconds deadline{86400};     // or when this much time has passed since queued
    std::chrono::seconds backoff_initial{2};  // doubled per attempt, with jitter
    std::chrono::seconds backoff_max{600};
    int in_flight = 256;  // transfers in flight at once
};

// Incidents and escalation (DESIGN.md §6). One [[escalation]] entry per step.
struct EscalationStep {
    std::string severity;  // "urgent", "normal", or any name incidents.severity uses
    Level level = Level::Grid;
    std::chrono::seconds after{0};  // since the incident opened
    bool working_time = false;      // count only office hours on working days
    int line = 0;
};

struct Incidents {
    std::string calendar = "config/calendar/cn.toml";
    // category -> severity; a category not listed is "normal".
    std::map<std::string, std::string> severity;
    // severity -> time allowed between acknowledgement and resolution.
    std::map<std::string, std::chrono::seconds> resolve_within;
    std::map<std::string, std::string> resolve_within_text;  // as written, checked at load
    int cluster_grid = 3;       // anomalies of one category in one grid within the window (0: off)
    int cluster_community = 5;  // ... in one community (0: off)
    std::chrono::seconds cluster_window{86400};
    std::vector<std::string> cluster_categories;
    bool mask_personal_data = true;  // above grid level: 王*, 138****5678
    int line = 0;
};

// Official notices (DESIGN §7).
struct Notices {
    std::chrono::seconds remind_after{
        7200};  // unacknowledged groups are reminded once, this long after issue
    bool community_may_issue = false;  // community tokens may notify their own subtree
};

struct Debug {
    bool manual_clock = false;
    std::string start_time;  // RFC 3339; the manual clock's start, default: the system time
};

// The sandbox page and API (a demo; DESIGN §9): off unless asked.
struct Sandbox {
    bool enabled = false;
};

// The command dashboard (DESIGN §10): how long a sign-in lasts.
struct Dashboard {
    std::chrono::seconds session_ttl{12 * 3600};
};

// Several daemons on one PostgreSQL database (docs/scaling.md): one leader runs
// the conversation, the outbox and the timers; another takes over within `failover`.
struct Cluster {
    std::chrono::seconds failover{15};
};

// Retention of personal data (DESIGN §13, docs/privacy.md): how long each
// kind is kept before the daily purge deletes or blanks it.
struct Privacy {
    static constexpr std::chrono::seconds kDay{86400};
    std::chrono::seconds keep = 30 * kDay;  // the horizon of every kind below not given
    std::optional<std::chrono::seconds> keep_inbound, keep_reports, keep_outbox, keep_incidents,
        keep_transcripts;
    std::chrono::seconds audit_keep = 1095 * kDay;  // audit rows: three years
    int purge_at = 3 * 60 + 30;                     // local minutes: the quiet time of the purge
    int purge_batch = 500;                          // rows per transaction
};

struct Config {
    std::string path;  // the file it came from
    Server server;
    std::string store_path = "var/gridbot.db";
    std::string store_engine = "sqlite";  // or "postgresql" (docs/scaling.md)
    std::string store_url;                // libpq conninfo, env: resolved; postgresql only
    std::string district_code;
    std::string district_name;
    std::string timezone = "Asia/Shanghai";
    std::string locale = "zh-CN";
    std::string templates_dir = "templates";
    std::string lexicon_path;  // empty: the parser's default
    // A resident's message understood with less confidence is not taken as read:
    // the sender is asked (docs/parser.md, "Confidence"); 0 asks nothing.
    double ask_below = 0.6;
    std::vector<NodeName> nodes;
    std::vector<Channel> channels;
    std::vector<Group> groups;
    std::vector<Leader> leaders;
    std::vector<Token> tokens;
    Schedule schedule;  // the root's; overrides inherit down the tree
    std::vector<ScheduleOverride> schedule_overrides;
    Delivery delivery;
    Debug debug;
    Sandbox sandbox;
    Dashboard dashboard;
    Cluster cluster;
    Incidents incidents;
    std::vector<EscalationStep> escalation;
    Notices notices;
    Privacy privacy;
    // The options a reload does not apply, as written: "server.port" or
    // "nodes[2].name" -> the value's TOML text (secrets included: never log a
    // value, only its key). restart_keys_changed() compares two of these.
    std::map<std::string, std::string> restart_only;

    const Channel* channel(std::string_view name) const;
};

// Reads, parses and validates. Errors carry a stable id and name file:line and
// key; all problems found are reported, one per line, in Error::message.
Result<std::shared_ptr<const Config>> load_file(const std::string& path);
Result<std::shared_ptr<const Config>> load_string(std::string_view toml, const std::string& name);

// The effective configuration as TOML-ish text, secrets masked.
std::string describe(const Config&);

// Every option the table knows: "key  type  default  reloadable  help" lines,
// then one line naming the keys that need a restart.
std::string option_reference();

// The restart-only options whose value differs between the running
// configuration and the one a reload read, named as in the option table
// ("server.port", "nodes[].name"), sorted, each once. A key given in one file
// and left to its default in the other counts as changed.
std::vector<std::string> restart_keys_changed(const Config& running, const Config& next);

}  // namespace gridbot::config
