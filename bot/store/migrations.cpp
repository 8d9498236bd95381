#include "bot/store/migrations.h"

#include <spdlog/spdlog.h>

#include "bot/store/sql_dialect.h"

namespace gridbot::store::detail {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list = {
        {1, "hierarchy and ledger", R"sql(
CREATE TABLE nodes (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,          -- path: nangang/xianfeng/longtai/g01
    parent_id INTEGER REFERENCES nodes(id),
    level     INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),  -- district..grid
    name      TEXT NOT NULL
);
CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    grid_id          INTEGER NOT NULL REFERENCES nodes(id),
    address          TEXT NOT NULL,          -- normalised B-U-R, B-R or R
    building         TEXT NOT NULL,
    unit             TEXT NOT NULL,
    room             TEXT NOT NULL,
    members          INTEGER NOT NULL,
    contact          TEXT NOT NULL,
    phone            TEXT NOT NULL,
    tags             INTEGER NOT NULL,       -- bitmask of ledger::Tag
    isolation_until  TEXT,
    monitoring_until TEXT,
    active           INTEGER NOT NULL DEFAULT 1,  -- 0: pruned from the ledger, history kept
    updated_at       INTEGER NOT NULL,
    UNIQUE (grid_id, address)
);
)sql"},
        {2, "import audit", R"sql(
CREATE TABLE import_runs (
    id        INTEGER PRIMARY KEY,
    file      TEXT NOT NULL,
    encoding  TEXT NOT NULL,
    at        INTEGER NOT NULL,
    added     INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    absent    INTEGER NOT NULL,
    pruned    INTEGER NOT NULL
);
)sql"},
        {3, "messages: inbound, outbox, sandbox transcript, member bindings", R"sql(
-- Every verified inbound message, once. The primary key is a 64-bit hash of
-- channel + platform message id, so de-duplication costs no extra index.
CREATE TABLE inbound (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    sender_id    TEXT NOT NULL,
    sender_name  TEXT NOT NULL,
    text         TEXT NOT NULL,
    mentions     TEXT NOT NULL,   -- JSON array
    extra        TEXT NOT NULL,   -- JSON object of platform data
    sent_at      INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    processed_at INTEGER
);
CREATE INDEX inbound_pending ON inbound(received_at) WHERE processed_at IS NULL;

-- Every outbound message is a row here before any network call (DESIGN §8).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key_hash        INTEGER NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL,
    channel         TEXT NOT NULL,
    group_id        TEXT NOT NULL,
    text            TEXT NOT NULL,
    markdown        INTEGER NOT NULL,
    mentions        TEXT NOT NULL,   -- JSON array of platform user ids
    mention_phones  TEXT NOT NULL,   -- JSON array
    mention_all     INTEGER NOT NULL,
    state           INTEGER NOT NULL,  -- 0 queued, 1 sending, 2 delivered, 3 failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,  -- unix ms
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,  -- unix ms
    updated_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX outbox_pending ON outbox(id) WHERE state < 2;

-- The sandbox platform's transcripts: members' messages and the bot's.
CREATE TABLE sandbox_messages (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    channel   TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    sender    TEXT NOT NULL,
    name      TEXT NOT NULL,
    text      TEXT NOT NULL,
    time      INTEGER NOT NULL,
    from_bot  INTEGER NOT NULL,
    outbox_id INTEGER UNIQUE REFERENCES outbox(id)  -- a delivery is written once
);
CREATE INDEX sandbox_by_group ON sandbox_messages(group_id, seq);

-- Chat members bound to households (登记).
CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    channel      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    household_id INTEGER REFERENCES households(id),
    bound_at     INTEGER,
    UNIQUE (channel, user_id)
);
CREATE INDEX members_household ON members(household_id);
)sql"},
        {4, "daily cycle: reports, day status, scheduler progress", R"sql(
-- Every understood report (zero or anomaly), with the message it came from.
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households(id),
    day          TEXT NOT NULL,           -- local YYYY-MM-DD
    kind         INTEGER NOT NULL,        -- 1 zero, 2 anomaly
    categories   TEXT NOT NULL,           -- JSON array
    temperature  REAL,
    inbound_id   INTEGER,                 -- the source message (inbound.id)
    reporter     TEXT NOT NULL,           -- channel:user id
    by_leader    INTEGER NOT NULL,        -- 代报 or a leader's correction
    at           INTEGER NOT NULL         -- unix seconds
);
CREATE INDEX reports_by_household ON reports(household_id, day);

-- A household's status for a day (DESIGN §5); no row: missing.
CREATE TABLE day_status (
    day          TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id),
    status       INTEGER NOT NULL,        -- 1 zero, 2 anomaly
    categories   TEXT NOT NULL,           -- JSON array, anomaly only
    temperature  REAL,
    report_id    INTEGER NOT NULL REFERENCES reports(id),
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (day, household_id)
) WITHOUT ROWID;

-- The scheduler's progress: every slot at or before `done_through` has run.
CREATE TABLE scheduler_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    done_through INTEGER NOT NULL         -- unix seconds
);
)sql"},
        {5, "incidents: state, timeline, cluster membership", R"sql(
-- An incident (DESIGN §6) of a household and category, or a cluster of them.
CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,     -- the #17 leaders type
    household_id INTEGER REFERENCES households(id),  -- NULL for a cluster
    node         TEXT NOT NULL,           -- the household's grid, or the cluster's grid/community
    category     TEXT NOT NULL,
    severity     TEXT NOT NULL,
    state        INTEGER NOT NULL,        -- 0 open, 1 acknowledged, 2 resolved
    level        INTEGER NOT NULL,        -- the level reached: 0 district .. 3 grid
    cluster      INTEGER NOT NULL DEFAULT 0,
    green        INTEGER NOT NULL DEFAULT 0,  -- green channel: pregnant, dialysis
    machine      TEXT NOT NULL,           -- JSON: the frozen chain, next step, times
    opened_at    INTEGER NOT NULL,        -- unix seconds
    next_due     INTEGER,                 -- the next escalation; NULL: none
    updated_at   INTEGER NOT NULL
);
CREATE INDEX incidents_due ON incidents(next_due) WHERE next_due IS NOT NULL;
CREATE INDEX incidents_by_household ON incidents(household_id, category, id);
CREATE INDEX incidents_by_node ON incidents(node, category, opened_at);

-- Every transition: who, when, from which channel or the API, remark.
CREATE TABLE incident_timeline (
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    action      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    via         TEXT NOT NULL,
    remark      TEXT NOT NULL,
    level       INTEGER NOT NULL,
    PRIMARY KEY (incident_id, seq)
) WITHOUT ROWID;

-- The household incidents a cluster incident gathers.
CREATE TABLE incident_members (
    cluster_id  INTEGER NOT NULL REFERENCES incidents(id),
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    PRIMARY KEY (cluster_id, incident_id)
) WITHOUT ROWID;
)sql"},
        {6, "notices: notices, per-group deliveries, call lists", R"sql(
-- Official notices (DESIGN §7). `number` is the public one (第74号).
CREATE TABLE notices (
    id            INTEGER PRIMARY KEY,
    number        INTEGER NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,           -- Markdown
    issuer        TEXT NOT NULL,           -- issuing node code
    issued_by     TEXT NOT NULL,           -- token name
    target        TEXT NOT NULL,           -- root of the target subtree
    audience      INTEGER NOT NULL,        -- 0 residents, 1 staff, 2 both
    status        INTEGER NOT NULL,        -- 0 actual, 1 exercise
    kind          INTEGER NOT NULL,        -- 0 alert, 1 update, 2 cancel
    reference     INTEGER REFERENCES notices(id),
    expires_at    INTEGER,                 -- unix seconds
    ack_required  INTEGER NOT NULL,
    remind_at     INTEGER,                 -- unix seconds; NULL: no reminder
    reminded      INTEGER NOT NULL DEFAULT 0,
    cancelled_by  INTEGER REFERENCES notices(id),
    created_at    INTEGER NOT NULL
);
-- One row per group the notice was sent to: the recorded set that updates and
-- cancels reuse. Delivery state is the outbox row's (joined by key_hash).
CREATE TABLE notice_deliveries (
    notice_id    INTEGER NOT NULL REFERENCES notices(id),
    channel      TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    node         TEXT NOT NULL,
    staff        INTEGER NOT NULL,
    key_hash     INTEGER NOT NULL,         -- outbox.key_hash of the delivery
    acked_at     INTEGER,
    acked_by     TEXT,
    reminded_at  INTEGER,
    PRIMARY KEY (notice_id, channel, group_id)
) WITHOUT ROWID;
CREATE INDEX notice_deliveries_by_group ON notice_deliveries(channel, group_id);
-- Phone relay: the no_chat households under the target, per notice.
CREATE TABLE notice_calls (
    notice_id    INTEGER NOT NULL REFERENCES notices(id),
    household_id INTEGER NOT NULL REFERENCES households(id),
    grid         TEXT NOT NULL,
    address      TEXT NOT NULL,
    contact      TEXT NOT NULL,
    phone        TEXT NOT NULL,
    done_at      INTEGER,
    done_by      TEXT,
    PRIMARY KEY (notice_id, household_id)
) WITHOUT ROWID;
CREATE INDEX notice_calls_by_household ON notice_calls(household_id);
)sql"},
        {7, "inbound rows in arrival order; reports found by their message", R"sql(
-- The morning burst (issue 6) writes one inbound row per report. Keyed by a
-- hash, each landed on a random leaf of the widest table; rows now append in
-- arrival order and the hash moves to a narrow index that finds repeats. Old
-- rows keep their ids (their hash); new ones follow the largest.
CREATE TABLE inbound_v7 (
    id           INTEGER PRIMARY KEY,
    key_hash     INTEGER NOT NULL,  -- 64-bit hash of channel + platform message id
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    sender_id    TEXT NOT NULL,
    sender_name  TEXT NOT NULL,
    text         TEXT NOT NULL,
    mentions     TEXT NOT NULL,   -- JSON array
    extra        TEXT NOT NULL,   -- JSON object of platform data
    sent_at      INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    processed_at INTEGER
);
INSERT INTO inbound_v7(id, key_hash, channel, message_id, group_id, sender_id, sender_name, text,
                       mentions, extra, sent_at, received_at, processed_at)
    SELECT id, id, channel, message_id, group_id, sender_id, sender_name, text, mentions, extra,
           sent_at, received_at, processed_at FROM inbound;
DROP TABLE inbound;
ALTER TABLE inbound_v7 RENAME TO inbound;
CREATE INDEX inbound_pending ON inbound(received_at) WHERE processed_at IS NULL;
CREATE INDEX inbound_by_key ON inbound(key_hash);

-- A report is looked up only by the message it came from (a message handled
-- again after a crash is not stored twice); message ids now rise with time,
-- so this index appends where the one by household wrote a random leaf.
DROP INDEX reports_by_household;
CREATE INDEX reports_by_inbound ON reports(inbound_id) WHERE inbound_id IS NOT NULL;
)sql"},
        {8, "incidents: every category of a report, reports from unregistered senders", R"sql(
-- One message opens one incident for a household (issue 13): `category` stays
-- the incident's first, most severe category; `categories` holds all it has
-- gathered, sorted, comma-separated.
ALTER TABLE incidents ADD COLUMN categories TEXT NOT NULL DEFAULT '';
UPDATE incidents SET categories = category;
-- An anomaly from a sender no household is bound to (household_id NULL,
-- cluster 0): who said what, kept so the staff can find the household and so
-- the sender's later registration attributes it. Personal data.
ALTER TABLE incidents ADD COLUMN reporter TEXT;       -- "<channel>:<user id>"
ALTER TABLE incidents ADD COLUMN reporter_name TEXT;  -- display name in the chat
ALTER TABLE incidents ADD COLUMN report_text TEXT;    -- the message as sent
ALTER TABLE incidents ADD COLUMN stated_room TEXT;    -- the room it named, normalised; NULL: none
CREATE INDEX incidents_by_reporter ON incidents(reporter) WHERE reporter IS NOT NULL;
)sql"},
        {9, "privacy: audit trail, anonymous day counts, purge progress", R"sql(
-- Who read or exported personal data, and every admin action (issue 14).
-- Append-only: rows are never changed, and only the purge removes them, after
-- [privacy] audit_keep.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,        -- unix seconds
    token   TEXT NOT NULL,           -- the token's name (never the token), or "cli"
    role    TEXT NOT NULL,           -- the token's role, or "operator" for the command line
    action  TEXT NOT NULL,           -- "GET /api/v1/...", "privacy export", ...
    node    TEXT NOT NULL,           -- the node read, or the household's grid
    subject TEXT NOT NULL,           -- "household:12", "incident:7", "notice:3" or ""
    rows    INTEGER NOT NULL,        -- records of personal data returned or changed
    client  TEXT NOT NULL            -- the client address, or "local"
);
CREATE INDEX audit_by_time ON audit(at);

-- Day statuses removed by the purge or an erasure, kept as anonymous counts
-- per grid so past rollups stay what they were. A day's counts are these
-- plus what day_status still holds.
CREATE TABLE day_counts (
    day        TEXT NOT NULL,
    grid       TEXT NOT NULL,        -- node code
    zero       INTEGER NOT NULL,
    anomaly    INTEGER NOT NULL,
    categories TEXT NOT NULL,        -- JSON object: category -> households
    PRIMARY KEY (day, grid)
) WITHOUT ROWID;

-- How far the purge has gone where rows are blanked rather than deleted
-- (so a run does not rescan what it blanked), and the last day it completed.
CREATE TABLE purge_marks (
    kind TEXT PRIMARY KEY,
    a    INTEGER NOT NULL,
    b    INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
         R"sql(
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
)sql",
         R"sql(
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit rows are append-only'; END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
)sql"},
        {10, "groups and leaders imported from a ledger", R"sql(
-- `gridbot import-groups` (issue 16): a district's thousands of groups and their
-- leaders, beside the configuration's [[groups]] and [[leaders]].
CREATE TABLE imported_groups (
    channel   TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    node      TEXT NOT NULL,
    audience  TEXT NOT NULL,         -- residents | staff
    name      TEXT NOT NULL,
    join_link TEXT NOT NULL,
    PRIMARY KEY (channel, group_id)
) WITHOUT ROWID;
CREATE TABLE imported_leaders (
    node  TEXT NOT NULL,
    name  TEXT NOT NULL,
    phone TEXT NOT NULL,
    ids   TEXT NOT NULL,             -- JSON object: channel -> platform user id
    PRIMARY KEY (node, name)
) WITHOUT ROWID;
)sql"},
        {11, "a generation the daemons watch for changes made outside them", R"sql(
-- Bumped by every change a running daemon cannot see happen (a ledger or groups
-- import, a household's erasure from the CLI); each daemon reads it once a
-- second and reloads its in-memory day counts when it moves.
CREATE TABLE store_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO store_generation(id, value) VALUES (1, 0);
)sql"},
        {12, "leaders' corrections of what the parser read", R"sql(
-- `更正 <room> <label>` (issue 19): what the parser read of a household's message
-- and what its leader says it was. The text stays in inbound (joined, purged with it).
CREATE TABLE corrections (
    id           INTEGER PRIMARY KEY,
    day          TEXT NOT NULL,           -- local YYYY-MM-DD
    household_id INTEGER NOT NULL REFERENCES households(id),
    inbound_id   INTEGER,                 -- the corrected message; NULL when none was found
    parsed       TEXT NOT NULL,           -- JSON: the parser's understanding
    label        TEXT NOT NULL,           -- JSON: {kind, categories, temperature}
    leader       TEXT NOT NULL,           -- channel:user
    at           INTEGER NOT NULL         -- unix seconds
);
CREATE INDEX corrections_by_day ON corrections(day);
CREATE INDEX corrections_by_household ON corrections(household_id);
)sql"},
        {13, "clarifying questions to residents", R"sql(
-- A resident's message understood with too little confidence (issue 19): the
-- question asked, and the answer that settled it.
CREATE TABLE clarifications (
    id           INTEGER PRIMARY KEY,
    inbound_id   INTEGER NOT NULL,        -- the unclear message
    channel      TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    sender_id    TEXT NOT NULL,
    household_id INTEGER NOT NULL REFERENCES households(id),
    day          TEXT NOT NULL,           -- local YYYY-MM-DD
    reading      TEXT NOT NULL,           -- JSON: the understanding as read
    otherwise    TEXT,                    -- JSON {kind, categories}; NULL: no numbered question
    asked_at     INTEGER NOT NULL,        -- unix seconds
    settled_at   INTEGER,
    answer       INTEGER                  -- 1 yes, 2 no
);
CREATE INDEX clarifications_by_sender ON clarifications(channel, sender_id, day);
CREATE INDEX clarifications_by_day ON clarifications(day, household_id);
)sql"},
        {14, "dashboard sessions that outlive a restart", R"sql(
-- A signed-in dashboard page (DESIGN §10), keyed by the SHA-256 of its cookie:
-- the cookie itself is never stored.
CREATE TABLE sessions (
    id_sha256  TEXT PRIMARY KEY,
    csrf       TEXT NOT NULL,
    token      TEXT NOT NULL,             -- the token's name, role and node
    role       TEXT NOT NULL,
    node       TEXT NOT NULL,
    expires_at INTEGER NOT NULL           -- unix seconds
);
CREATE INDEX sessions_by_expiry ON sessions(expires_at);
)sql"},
        {15, "day status found by its latest report", R"sql(
-- Several daemons on one database (issue 18): each daemon's day counters catch
-- up on the households whose latest report is newer than the last it read. A
-- range of this index, whatever the planner believes of a table that grew
-- during the morning (a join planned on stale statistics went quadratic).
CREATE INDEX day_status_by_report ON day_status(day, report_id);
)sql"},
        {16, "outbox leases: several daemons send, one per target at a time", R"sql(
-- Several daemons on one database (issue 18, docs/scaling.md): a daemon sends
-- a target's rows (channel + group) while it holds the target's lease, so a
-- group's messages stay in order and its robot's pace holds across daemons.
-- Times are the database's clock (now_ms()); until_ms = 0: released.
CREATE TABLE outbox_leases (
    channel  TEXT NOT NULL,
    group_id TEXT NOT NULL,
    owner    TEXT NOT NULL,      -- the daemon that holds or last held it
    until_ms INTEGER NOT NULL,   -- held until then, unless renewed
    term     INTEGER NOT NULL,   -- the owner's claim that took it
    PRIMARY KEY (channel, group_id)
);
CREATE INDEX outbox_leases_by_owner ON outbox_leases(owner, term);
)sql",
         nullptr,
         // What a target has left to send, and what it sent in the last minute
         // (the pace a new holder counts). Only where several daemons take
         // leases: on SQLite (one daemon) they would cost every outbox write.
         R"sql(
CREATE INDEX outbox_target_pending ON outbox(channel, group_id) WHERE state < 2;
CREATE INDEX outbox_target_sends ON outbox(channel, group_id, updated_at);
)sql"},
    };
    return list;
}

int current_version(Db& db) {
    db.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto& q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.step();
    int version = q.i32(0);
    q.reset();  // an active statement would keep a migration from dropping a table
    return version;
}

int migrate(Db& db, int target, int64_t now) {
    int version = current_version(db);
    for (const auto& m : migrations()) {
        if (m.version <= version || (target != 0 && m.version > target)) continue;
        db.exec_script("BEGIN IMMEDIATE");
        try {
            bool pg = db.engine() == Engine::postgresql;
            db.exec_script(pg ? ddl_to_postgresql(m.sql).c_str() : m.sql);
            if (const char* extra = pg ? m.postgresql_only : m.sqlite_only) db.exec_script(extra);
            db.prepare("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)")
                .bind(1, m.version)
                .bind(2, m.name)
                .bind(3, now)
                .exec();
            db.exec_script("COMMIT");
        } catch (...) {
            db.exec_script("ROLLBACK");
            throw;
        }
        spdlog::info("event=migration_applied version={} name=\"{}\"", m.version, m.name);
        version = m.version;
    }
    return version;
}

}  // namespace gridbot::store::detail
