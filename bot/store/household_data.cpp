#include "bot/store/household_data.h"

#include <tuple>
#include <utility>
#include <vector>

#include "bot/store/purge.h"
#include "bot/store/writer.h"

namespace gridbot::store {

using detail::Db;
using nlohmann::json;

namespace {

// Every query below takes ?1 the household id, ?2 its phone, ?3 its contact;
// a message "names" the household when its text holds the phone or the name.
// The shared conditions are macros, not functions: Db::prepare caches by the
// address of a string literal, so each statement must be one literal.
#define GB_FROM_MEMBERS(ch, user)                                                   \
    "EXISTS (SELECT 1 FROM members m WHERE m.household_id = ?1 AND m.channel = " ch \
    " AND "                                                                         \
    "m.user_id = " user ")"
// It also names ?1 (always set), since PostgreSQL must know every parameter's type.
#define GB_NAMES(col)                                               \
    "(CAST(?1 AS BIGINT) IS NOT NULL AND ((?2 != '' AND instr(" col \
    ", ?2) > 0) OR "                                                \
    "(length(?3) >= 2 AND instr(" col ", ?3) > 0)))"
#define GB_OF_INCIDENTS                                                             \
    "(household_id = ?1 OR reporter IN (SELECT m.channel || ':' || m.user_id FROM " \
    "members m WHERE m.household_id = ?1))"

struct Section {
    const char* name;
    const char* sql;
};

const Section kSections[] = {
    {"household",
     "SELECT h.*, n.code AS grid FROM households h JOIN nodes n ON n.id = h.grid_id WHERE h.id = "
     "?1"},
    {"members", "SELECT * FROM members WHERE household_id = ?1"},
    {"reports", "SELECT * FROM reports WHERE household_id = ?1 ORDER BY id"},
    {"day_status", "SELECT * FROM day_status WHERE household_id = ?1 ORDER BY day"},
    {"incidents", "SELECT * FROM incidents WHERE " GB_OF_INCIDENTS " ORDER BY id"},
    {"incident_timeline",
     "SELECT * FROM incident_timeline WHERE incident_id IN (SELECT id FROM incidents "
     "WHERE " GB_OF_INCIDENTS ") ORDER BY incident_id, seq"},
    {"notice_calls", "SELECT * FROM notice_calls WHERE household_id = ?1 ORDER BY notice_id"},
    {"corrections", "SELECT * FROM corrections WHERE household_id = ?1 ORDER BY id"},
    {"clarifications", "SELECT * FROM clarifications WHERE household_id = ?1 ORDER BY id"},
    {"inbound", "SELECT * FROM inbound WHERE " GB_FROM_MEMBERS("inbound.channel",
                                                               "inbound.sender_id") " ORDER BY id"},
    {"outbox", "SELECT * FROM outbox WHERE " GB_NAMES("text") " ORDER BY id"},
    {"sandbox_messages", "SELECT * FROM sandbox_messages WHERE " GB_FROM_MEMBERS(
                             "sandbox_messages.channel",
                             "sandbox_messages.sender") " OR " GB_NAMES("text") " ORDER BY seq"},
    {"audit", "SELECT * FROM audit WHERE subject = 'household:' || CAST(?1 AS TEXT) ORDER BY id"},
};

json rows(Db& db, const char* sql, int64_t id, const std::string& phone,
          const std::string& contact) {
    auto& q = db.prepare(sql);
    q.bind(1, id).bind(2, phone).bind(3, contact);
    json out = json::array();
    while (q.step()) {
        json row = json::object();
        for (int c = 0; c < q.column_count(); ++c) {
            if (q.is_null(c)) {
                row[q.column_name(c)] = nullptr;
            } else if (q.is_integer(c)) {
                row[q.column_name(c)] = q.i64(c);
            } else if (q.is_real(c)) {
                row[q.column_name(c)] = q.f64(c);
            } else {
                row[q.column_name(c)] = q.text(c);
            }
        }
        out.push_back(std::move(row));
    }
    q.reset();
    return out;
}

// The erasure, statement by statement, in the order the foreign keys need.
const Section kErase[] = {
    {"corrections", "DELETE FROM corrections WHERE household_id = ?1"},
    {"clarifications", "DELETE FROM clarifications WHERE household_id = ?1"},
    {"reports", "DELETE FROM reports WHERE household_id = ?1"},
    {"inbound",
     "DELETE FROM inbound WHERE " GB_FROM_MEMBERS("inbound.channel", "inbound.sender_id")},
    {"outbox",
     "UPDATE outbox SET text = '', mentions = '[]', mention_phones = '[]' WHERE state >= 2 AND "
     "text != '' AND " GB_NAMES("text")},
    {"sandbox_messages",
     "DELETE FROM sandbox_messages WHERE " GB_FROM_MEMBERS(
         "sandbox_messages.channel", "sandbox_messages.sender") " OR " GB_NAMES("text")},
    {"incident_timeline",
     "UPDATE incident_timeline SET remark = '' WHERE remark != '' AND incident_id IN (SELECT id "
     "FROM incidents WHERE " GB_OF_INCIDENTS ")"},
    {"incidents",
     "UPDATE incidents SET household_id = NULL, reporter = NULL, reporter_name = NULL, "
     "report_text = NULL, stated_room = NULL WHERE " GB_OF_INCIDENTS},
    {"notice_calls", "UPDATE notice_calls SET contact = '', phone = '' WHERE household_id = ?1"},
    {"members", "DELETE FROM members WHERE household_id = ?1"},
    {"household",
     "UPDATE households SET contact = '', phone = '', tags = 0, isolation_until = NULL, "
     "monitoring_until = NULL WHERE id = ?1"},
};

#undef GB_FROM_MEMBERS
#undef GB_NAMES
#undef GB_OF_INCIDENTS

struct Who {
    std::string phone, contact, grid;
    bool active = false;
};

std::optional<Who> who(Db& db, int64_t id) {
    auto& q = db.prepare(
        "SELECT h.phone, h.contact, n.code, h.active FROM households h JOIN nodes n ON n.id = "
        "h.grid_id WHERE h.id = ?");
    q.bind(1, id);
    std::optional<Who> out;
    if (q.step()) out = Who{q.text(0), q.text(1), q.text(2), q.i32(3) == 1};
    q.reset();
    return out;
}

// The household's day statuses before `today` become anonymous counts of its grid.
int64_t move_to_counts(Db& db, int64_t id, const Who& w, const std::string& today) {
    std::vector<std::tuple<std::string, int, std::string>> days;
    auto& q = db.prepare(
        "SELECT day, status, categories FROM day_status WHERE household_id = ? AND day < ?");
    q.bind(1, id).bind(2, today);
    while (q.step()) days.emplace_back(q.text(0), q.i32(1), q.text(2));
    q.reset();
    for (const auto& [day, status, cats] : days) {
        detail::AnonymousCounts one;
        one.add(status, cats);
        if (w.active) detail::add_to_day_counts(db, day, w.grid, one);
    }
    return db.prepare("DELETE FROM day_status WHERE household_id = ?").bind(1, id).exec();
}

}  // namespace

std::optional<json> HouseholdData::collect(int64_t id) {
    return store_.readers().with([&](Db& db) -> std::optional<json> {
        auto w = who(db, id);
        if (!w) return std::nullopt;
        json out = json::object();
        for (const auto& s : kSections) out[s.name] = rows(db, s.sql, id, w->phone, w->contact);
        out["household"] = out["household"].at(0);
        return out;
    });
}

std::optional<std::map<std::string, int64_t>> HouseholdData::erase(int64_t id,
                                                                   const std::string& today,
                                                                   AuditEntry audit) {
    return store_.writer()
        .submit([id, today, entry = std::move(audit)](
                    Db& db) -> std::optional<std::map<std::string, int64_t>> {
            auto w = who(db, id);
            if (!w) return std::nullopt;
            std::map<std::string, int64_t> touched;
            touched["day_status"] = move_to_counts(db, id, *w, today);
            for (const auto& s : kErase) {
                auto& q = db.prepare(s.sql);
                q.bind(1, id).bind(2, w->phone).bind(3, w->contact);
                touched[s.name] += q.exec();
            }
            AuditEntry row = entry;  // the job may run twice (store/writer.h)
            row.node = w->grid;
            for (const auto& [table, n] : touched) row.rows += n;
            detail::append_audit(db, row);
            detail::bump_generation(db);
            return touched;
        })
        .get();
}

}  // namespace gridbot::store
