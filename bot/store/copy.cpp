#include "bot/store/copy.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <variant>

#include "bot/store/db.h"
#include "bot/store/migrations.h"
#include "bot/store/store.h"

namespace gridbot::store {

int64_t CopyReport::rows() const {
    int64_t n = 0;
    for (const auto& t : tables) n += t.source_rows;
    return n;
}
int64_t CopyReport::added() const {
    int64_t n = 0;
    for (const auto& t : tables) n += t.added;
    return n;
}
int64_t CopyReport::updated() const {
    int64_t n = 0;
    for (const auto& t : tables) n += t.updated;
    return n;
}

namespace detail {
namespace {

__extension__ typedef __int128 Sum;

std::string to_string(Sum v) {
    if (v == 0) return "0";
    bool negative = v < 0;
    std::string digits;
    while (v != 0) {
        int d = static_cast<int>(v % 10);
        digits.insert(digits.begin(), static_cast<char>('0' + (d < 0 ? -d : d)));
        v /= 10;
    }
    return negative ? "-" + digits : digits;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

struct Table {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::string> key;     // primary key columns, in key order
    std::set<std::string> self_refs;  // columns referencing the table itself
    std::set<std::string> parents;    // other tables it references
    bool integer_key = false;         // one INTEGER key column: an identity on PostgreSQL
};

using Value = std::variant<std::monostate, int64_t, double, std::string>;

// Dynamic statements: Db::prepare caches by address, so every text lives as
// long as the connections (a std::set's nodes never move).
class Texts {
  public:
    const char* keep(std::string sql) { return texts_.insert(std::move(sql)).first->c_str(); }

  private:
    std::set<std::string> texts_;
};

Table describe_table(Db& src, const std::string& name) {
    Table t{name, {}, {}, {}, {}, false};
    std::map<int, std::string> key;
    auto& cols = src.prepare("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid");
    cols.bind(1, name);
    while (cols.step()) {
        t.columns.push_back(cols.text(0));
        if (cols.i64(2) > 0) key[cols.i32(2)] = cols.text(0);
        if (cols.i64(2) > 0) t.integer_key = cols.text(1) == "INTEGER";
    }
    for (auto& [order, column] : key) t.key.push_back(column);
    t.integer_key = t.integer_key && t.key.size() == 1;
    auto& fks = src.prepare("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(?)");
    fks.bind(1, name);
    while (fks.step()) {
        if (fks.text(0) == name) {
            t.self_refs.insert(fks.text(1));
        } else {
            t.parents.insert(fks.text(0));
        }
    }
    return t;
}

// The store's tables, parents before children (the schema has no cycles
// between tables; a table's references to itself are filled in afterwards).
std::vector<Table> tables_in_order(Db& src) {
    std::vector<Table> pending;
    auto& names = src.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'schema_migrations' ORDER BY name");
    std::vector<std::string> found;
    while (names.step()) found.push_back(names.text(0));
    for (const auto& n : found) pending.push_back(describe_table(src, n));
    std::vector<Table> ordered;
    std::set<std::string> done;
    while (!pending.empty()) {
        size_t before = pending.size();
        for (auto it = pending.begin(); it != pending.end();) {
            bool ready = true;
            for (const auto& p : it->parents) ready = ready && done.count(p) > 0;
            if (!ready) {
                ++it;
                continue;
            }
            done.insert(it->name);
            ordered.push_back(std::move(*it));
            it = pending.erase(it);
        }
        if (pending.size() == before) throw DbError("tables reference each other in a cycle", 0);
    }
    return ordered;
}

std::string joined(const std::vector<std::string>& items, const std::string& pattern) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        for (char c : pattern) {
            if (c == '@') {
                out += quoted(item);
            } else {
                out += c;
            }
        }
    }
    return out;
}

// INSERT of `rows` rows that inserts new keys, updates rows that differ from the
// source (except self-references, set afterwards) and returns, per row
// written, whether it was new (a row inserted has no xmax) and its key.
std::string upsert_sql(const Table& t, int rows) {
    std::string sql = "INSERT INTO " + quoted(t.name) + " (" + joined(t.columns, "@") + ") VALUES ";
    int n = 0;
    for (int r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (size_t c = 0; c < t.columns.size(); ++c) {
            sql += (c ? ", $" : "$") + std::to_string(++n);
        }
        sql += ")";
    }
    std::vector<std::string> updated;
    for (const auto& c : t.columns) {
        bool in_key = std::find(t.key.begin(), t.key.end(), c) != t.key.end();
        if (!in_key && !t.self_refs.count(c)) updated.push_back(c);
    }
    std::string returning = " RETURNING (xmax = 0), " + quoted(t.key.front());
    sql += " ON CONFLICT (" + joined(t.key, "@") + ") DO ";
    if (updated.empty()) return sql + "NOTHING" + returning;
    std::string mine, theirs;
    for (const auto& c : updated) {
        mine += (mine.empty() ? "" : ", ") + quoted(t.name) + "." + quoted(c);
        theirs += (theirs.empty() ? "" : ", ") + std::string("EXCLUDED.") + quoted(c);
    }
    sql += "UPDATE SET " + joined(updated, "@ = EXCLUDED.@");
    sql += " WHERE (" + mine + ") IS DISTINCT FROM (" + theirs + ")" + returning;
    return sql;
}

void bind_value(Stmt& s, int i, const Value& v) {
    if (const auto* n = std::get_if<int64_t>(&v)) {
        s.bind(i, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
        s.bind(i, *d);
    } else if (const auto* text = std::get_if<std::string>(&v)) {
        s.bind(i, *text);
    } else {
        s.bind_null(i);
    }
}

Value read_value(Stmt& s, int col) {
    if (s.is_null(col)) return std::monostate{};
    if (s.is_integer(col)) return s.i64(col);
    if (s.is_real(col)) return s.f64(col);
    return s.text(col);
}

// Copies one table from the source's snapshot into the target's transaction.
class TableCopier {
  public:
    TableCopier(Db& src, Db& dst, Texts& texts, int batch_rows)
        : src_(src), dst_(dst), texts_(texts), batch_rows_(batch_rows) {}

    CopiedTable copy(const Table& t) {
        CopiedTable out;
        out.name = t.name;
        full_batch_ = texts_.keep(upsert_sql(t, batch_rows_));
        inserted_.clear();
        std::vector<SelfRef> refs;
        Sum key_sum = 0;
        size_t key_col = 0;
        while (t.columns[key_col] != t.key.front()) ++key_col;
        auto& rows = src_.prepare(texts_.keep("SELECT " + joined(t.columns, "@") + " FROM " +
                                              quoted(t.name) + " ORDER BY " + joined(t.key, "@")));
        std::vector<Value> batch;
        int in_batch = 0;
        while (rows.step()) {
            ++out.source_rows;
            if (t.integer_key) key_sum += rows.i64(static_cast<int>(key_col));
            for (size_t c = 0; c < t.columns.size(); ++c) {
                Value v = read_value(rows, static_cast<int>(c));
                if (t.self_refs.count(t.columns[c]) && !std::holds_alternative<std::monostate>(v)) {
                    refs.push_back({t.columns[c], rows.text(static_cast<int>(key_col)), v});
                    v = std::monostate{};
                }
                batch.push_back(std::move(v));
            }
            if (++in_batch == batch_rows_) flush(t, batch, in_batch, out);
        }
        rows.reset();
        if (in_batch > 0) flush(t, batch, in_batch, out);
        fill_self_refs(t, refs, out);
        if (t.integer_key) out.source_key_sum = to_string(key_sum);
        move_sequence(t);
        count_target(t, out);
        return out;
    }

  private:
    struct SelfRef {
        std::string column, key;
        Value value;
    };

    void flush(const Table& t, std::vector<Value>& batch, int& rows, CopiedTable& out) {
        const char* sql = rows == batch_rows_ ? full_batch_ : texts_.keep(upsert_sql(t, rows));
        auto& insert = dst_.prepare(sql);
        for (size_t i = 0; i < batch.size(); ++i)
            bind_value(insert, static_cast<int>(i + 1), batch[i]);
        bool track = !t.self_refs.empty();
        while (insert.step()) {
            bool is_new = insert.i64(0) != 0;
            ++(is_new ? out.added : out.updated);
            if (track && is_new) inserted_.insert(insert.text(1));
        }
        insert.reset();
        batch.clear();
        rows = 0;
    }

    // Self-references (a notice's cancelled_by names a later notice) are set
    // once every row of the table is in. A change to a row that already existed
    // counts as an update.
    void fill_self_refs(const Table& t, const std::vector<SelfRef>& refs, CopiedTable& out) {
        std::set<std::string> changed;
        for (const auto& r : refs) {
            auto& set = dst_.prepare(texts_.keep(
                "UPDATE " + quoted(t.name) + " SET " + quoted(r.column) + " = $1 WHERE " +
                quoted(t.key.front()) + " = $2 AND " + quoted(r.column) + " IS DISTINCT FROM $1"));
            bind_value(set, 1, r.value);
            set.bind(2, r.key);
            if (set.exec() > 0 && !inserted_.count(r.key)) changed.insert(r.key);
        }
        out.updated += static_cast<int64_t>(changed.size());
    }

    // New rows written by a daemon on the target must not collide with copied ids.
    void move_sequence(const Table& t) {
        if (!t.integer_key) return;
        const std::string& k = t.key.front();
        auto& s = dst_.prepare(texts_.keep("SELECT setval(pg_get_serial_sequence('" + t.name +
                                           "', '" + k + "'), COALESCE(MAX(" + quoted(k) +
                                           "), 0) + 1, false) FROM " + quoted(t.name)));
        while (s.step()) {
        }
        s.reset();
    }

    void count_target(const Table& t, CopiedTable& out) {
        std::string sum = t.integer_key ? "SUM(" + quoted(t.key.front()) + ")" : "NULL";
        auto& s = dst_.prepare(texts_.keep("SELECT COUNT(*), " + sum + " FROM " + quoted(t.name)));
        s.step();
        out.target_rows = s.i64(0);
        if (t.integer_key) out.target_key_sum = s.is_null(1) ? "0" : s.text(1);
        s.reset();
    }

    Db& src_;
    Db& dst_;
    Texts& texts_;
    int batch_rows_;
    const char* full_batch_ = nullptr;
    std::set<std::string> inserted_;  // keys inserted, for tables with self-references
};

int source_version(Db& src) {
    auto& q = src.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.step();
    int version = q.i32(0);
    q.reset();
    return version;
}

std::string versions(int source, int other, const char* other_name) {
    return "source schema version " + std::to_string(source) + ", " + other_name + " " +
           std::to_string(other);
}

}  // namespace
}  // namespace detail

using detail::Db;
using detail::DbError;

namespace {

// Opens both ends: the source in a read transaction (its snapshot), the target
// migrated to the source's version.
Result<int> open_ends(const Location& from, const Location& to, int64_t now,
                      std::unique_ptr<Db>& src, std::unique_ptr<Db>& dst) {
    int version = 0;
    try {
        src = detail::open_sqlite(from.target, true);
        src->exec_script("BEGIN");
        version = detail::source_version(*src);
    } catch (const DbError& e) {
        return Error{"copy.source", describe(from) + ": " + e.what()};
    }
    if (version != Store::latest_version()) {
        bool older = version < Store::latest_version();
        return Error{"copy.schema",
                     detail::versions(version, Store::latest_version(), "this gridbot's") +
                         (older ? ": start this version's daemon on the file once (it migrates "
                                  "SQLite at start), then copy again"
                                : ": copy with the gridbot that wrote the source")};
    }
    try {
        dst = detail::open_db(to, false);
        int target = detail::current_version(*dst);
        if (target > version) {
            return Error{"copy.schema", detail::versions(version, target, "target's") +
                                            ": the target is newer than the source"};
        }
        detail::migrate(*dst, version, now);
    } catch (const DbError& e) {
        return Error{"copy.target", describe(to) + ": " + e.what()};
    }
    return version;
}

}  // namespace

Result<CopyReport> copy_store(const Location& from, const Location& to, int64_t now,
                              int batch_rows) {
    if (from.engine != Engine::sqlite)
        return Error{"copy.source", "the source must be sqlite:PATH"};
    if (to.engine != Engine::postgresql) {
        return Error{"copy.target", "the target must be postgresql:CONNINFO"};
    }
    auto start = std::chrono::steady_clock::now();
    detail::Texts texts;  // outlives both connections' statement caches
    std::unique_ptr<Db> src, dst;
    auto version = open_ends(from, to, now, src, dst);
    if (!version) return version.error();
    CopyReport report;
    report.schema_version = version.value();
    std::string table;
    try {
        auto tables = detail::tables_in_order(*src);
        detail::TableCopier copier(*src, *dst, texts, batch_rows < 1 ? 1 : batch_rows);
        dst->exec_script("BEGIN");
        report.committed = true;
        for (const auto& t : tables) {
            table = t.name;
            report.tables.push_back(copier.copy(t));
            report.committed = report.committed && report.tables.back().matches();
        }
        dst->exec_script(report.committed ? "COMMIT" : "ROLLBACK");
        src->exec_script("COMMIT");
    } catch (const DbError& e) {
        try {
            dst->exec_script("ROLLBACK");
        } catch (const DbError&) {
        }
        return Error{"copy.write",
                     "table " + table + ": " + e.what() + " (rolled back: nothing written)"};
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace gridbot::store
