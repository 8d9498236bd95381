// The PostgreSQL engine, on libpq (docs/scaling.md says why not libpqxx: the
// store already has its own RAII and statement layer, db.h). Statements are
// translated once (sql_dialect.h) and prepared on the server at their first
// run; parameters travel as text and results come back as text, parsed here.
//
// Round trips are the engine's cost (each one wakes the server's process and
// ours). A statement `send()`s without waiting: the connection enters libpq's
// pipeline mode and the statement travels with the next one that needs an
// answer (or with `flush()`); one Sync ends the pipeline, whose results are
// read in order, the first error thrown. Statements are prepared outside a
// pipeline, so a pipeline holds only executions.
#include <libpq-fe.h>

#include <cstdlib>
#include <exception>
#include <optional>
#include <vector>

#include "bot/store/db.h"
#include "bot/store/sql_dialect.h"

namespace gridbot::store::detail {
namespace {

// Type oids from PostgreSQL's catalog (pg_type.h is a server header).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string first_line(const char* msg) {
    std::string s = msg ? msg : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Throws DbError unless the result is one of the good statuses.
ResultPtr check(PGconn* conn, PGresult* r, const char* what) {
    ResultPtr res(r);
    auto st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
    std::string msg = res ? PQresultErrorMessage(res.get()) : PQerrorMessage(conn);
    if (PQstatus(conn) != CONNECTION_OK)
        throw DbUnavailable(std::string(what) + ": " + first_line(msg.c_str()));
    throw DbError(std::string(what) + ": " + first_line(msg.c_str()), static_cast<int>(st));
}

// Executions a pipeline holds before it is ended without waiting for an answer.
constexpr int kMostPending = 1000;

// What a connection has sent without reading the answer (Stmt::send).
struct Pipeline {
    int pending = 0;  // executions sent in pipeline mode, results unread

    // Ends the pipeline: Sync, then every result in order. `last`: the
    // result of the final execution, when the caller needs it (its own).
    // Throws the first error after reading everything up to the Sync.
    void finish(PGconn* conn, ResultPtr* last) {
        const int expected = pending;
        pending = 0;
        if (PQpipelineSync(conn) != 1) {
            PQexitPipelineMode(conn);
            throw DbUnavailable("pipeline: " + first_line(PQerrorMessage(conn)));
        }
        std::exception_ptr error;  // the first; the rest are read and dropped
        for (int i = 0; i < expected; ++i) {
            PGresult* r = PQgetResult(conn);
            if (!r) {
                if (!error)
                    error = std::make_exception_ptr(
                        DbUnavailable("pipeline: " + first_line(PQerrorMessage(conn))));
                break;
            }
            while (PGresult* extra = PQgetResult(conn)) PQclear(extra);  // the NULL after each
            if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {  // an earlier error aborted it
                PQclear(r);
                continue;
            }
            try {
                ResultPtr res = check(conn, r, "step");
                if (last && i == expected - 1) *last = std::move(res);
            } catch (const DbError&) {
                if (!error) error = std::current_exception();
            }
        }
        if (PQstatus(conn) == CONNECTION_OK) {
            while (PGresult* r = PQgetResult(conn)) {  // the Sync's own result
                bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
                PQclear(r);
                if (sync) break;
            }
        }
        PQexitPipelineMode(conn);
        if (error) std::rethrow_exception(error);
    }
};

class PgStmt final : public Stmt {
  public:
    PgStmt(PGconn* conn, Pipeline& pipeline, const char* sql, int serial)
        : conn_(conn),
          pipeline_(pipeline),
          sql_(query_to_postgresql(sql)),
          name_("s" + std::to_string(serial)) {
        size_t n = static_cast<size_t>(parameter_count(sql_));
        values_.assign(n, std::nullopt);
    }

    Stmt& bind(int i, int64_t v) override { return set(i, std::to_string(v)); }
    Stmt& bind(int i, double v) override {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        return set(i, buf);
    }
    Stmt& bind(int i, std::string_view v) override { return set(i, std::string(v)); }
    Stmt& bind_null(int i) override { return set(i, std::nullopt); }

    bool step() override {
        if (!res_) run();
        if (row_ + 1 >= PQntuples(res_.get())) {
            row_ = PQntuples(res_.get());
            return false;
        }
        ++row_;
        return true;
    }
    int exec() override {
        run();
        const char* n = PQcmdTuples(res_.get());
        return n && *n ? std::atoi(n) : 0;
    }
    void send() override {
        prepare();
        if (pipeline_.pending == 0 && PQenterPipelineMode(conn_) != 1)
            throw DbError("pipeline: " + first_line(PQerrorMessage(conn_)), 0);
        send_execution();
        res_.reset();
        row_ = -1;
        // A bounded pipeline: its answers wait in memory until read.
        if (pipeline_.pending >= kMostPending) pipeline_.finish(conn_, nullptr);
    }
    void reset() override {
        res_.reset();
        row_ = -1;
        for (auto& v : values_) v.reset();
    }

    int64_t i64(int col) const override {
        const char* v = value(col);
        if (PQftype(res_.get(), col) == kBool) return *v == 't' ? 1 : 0;
        return std::strtoll(v, nullptr, 10);
    }
    double f64(int col) const override { return std::strtod(value(col), nullptr); }
    std::string text(int col) const override {
        if (PQftype(res_.get(), col) == kBool) return *value(col) == 't' ? "1" : "0";
        return std::string(value(col), static_cast<size_t>(PQgetlength(res_.get(), row_, col)));
    }
    bool is_null(int col) const override { return PQgetisnull(res_.get(), row_, col) != 0; }
    int column_count() const override { return res_ ? PQnfields(res_.get()) : 0; }
    std::string column_name(int col) const override { return PQfname(res_.get(), col); }
    bool is_integer(int col) const override {
        if (is_null(col)) return false;
        Oid t = PQftype(res_.get(), col);
        if (t == kNumeric) return std::string_view(value(col)).find('.') == std::string::npos;
        return t == kInt8 || t == kInt4 || t == kInt2 || t == kBool;
    }
    bool is_real(int col) const override {
        if (is_null(col)) return false;
        Oid t = PQftype(res_.get(), col);
        return t == kFloat8 || t == kFloat4 || (t == kNumeric && !is_integer(col));
    }

  private:
    // A parameter the statement does not use is ignored, as SQLite ignores it
    // (statements sharing one binding sequence, e.g. household_data.cpp's).
    Stmt& set(int i, std::optional<std::string> v) {
        if (i >= 1 && static_cast<size_t>(i) <= values_.size()) {
            values_[static_cast<size_t>(i - 1)] = std::move(v);
        }
        return *this;
    }
    const char* value(int col) const { return PQgetvalue(res_.get(), row_, col); }

    // Prepares on the server at the first run, outside any pipeline.
    void prepare() {
        if (prepared_) return;
        if (pipeline_.pending > 0) pipeline_.finish(conn_, nullptr);
        check(conn_, PQprepare(conn_, name_.c_str(), sql_.c_str(), 0, nullptr), "prepare");
        prepared_ = true;
    }

    std::vector<const char*> params() const {
        std::vector<const char*> out;
        out.reserve(values_.size());
        for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
        return out;
    }

    // Queues this execution in the pipeline (PQsendQueryPrepared copies the values).
    void send_execution() {
        auto p = params();
        if (PQsendQueryPrepared(conn_, name_.c_str(), static_cast<int>(p.size()), p.data(), nullptr,
                                nullptr, 0) != 1) {
            std::string msg = "send: " + first_line(PQerrorMessage(conn_));
            if (PQstatus(conn_) != CONNECTION_OK) throw DbUnavailable(msg);
            throw DbError(msg, 0);
        }
        ++pipeline_.pending;
    }

    void run() {
        prepare();
        row_ = -1;
        if (pipeline_.pending > 0) {  // what was sent before travels with this one
            send_execution();
            pipeline_.finish(conn_, &res_);
            return;
        }
        auto p = params();
        res_ = check(conn_,
                     PQexecPrepared(conn_, name_.c_str(), static_cast<int>(p.size()), p.data(),
                                    nullptr, nullptr, 0),
                     "step");
    }

    PGconn* conn_;
    Pipeline& pipeline_;
    std::string sql_, name_;
    bool prepared_ = false;
    std::vector<std::optional<std::string>> values_;
    ResultPtr res_;
    int row_ = -1;
};

class PgDb final : public Db {
  public:
    PgDb(const std::string& conninfo, bool read_only)
        : conn_(PQconnectdb(conninfo.c_str())), read_only_(read_only) {
        if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
            std::string msg = first_line(conn_ ? PQerrorMessage(conn_) : "out of memory");
            PQfinish(conn_);
            conn_ = nullptr;
            throw DbUnavailable("connect: " + msg);
        }
        // Notices (e.g. "relation already exists, skipping") are not errors.
        PQsetNoticeProcessor(
            conn_, [](void*, const char*) {}, nullptr);
        set_up();
    }
    bool usable() const override { return PQstatus(conn_) == CONNECTION_OK; }
    bool reconnect() override {
        if (usable()) return true;
        pipeline_.pending = 0;
        clear_cache();
        PQreset(conn_);
        if (!usable()) return false;
        set_up();
        return true;
    }
    ~PgDb() override {
        clear_cache();
        PQfinish(conn_);
    }
    void exec_script(const char* sql) override {
        flush();
        check(conn_, PQexec(conn_, query_to_postgresql(sql).c_str()), "exec");
    }
    Engine engine() const override { return Engine::postgresql; }
    void flush() override {
        if (pipeline_.pending > 0) pipeline_.finish(conn_, nullptr);
    }

  private:
    // The session's settings, again after a reconnection.
    void set_up() {
        exec_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
        if (read_only_) {
            exec_script("SET default_transaction_read_only = on");
        } else {
            // The writer's statements look rows up by key. Left to choose, the
            // server plans each execution anew whenever the plan it keeps looks
            // dearer than the last ones it made, which can change with every
            // ANALYZE a busy morning triggers: a 640,000-household morning ran
            // at 1,400 or at 3,400 reports/s by which way that fell, planning a
            // four-table join per report in the slow runs (docs/scaling.md).
            exec_script("SET plan_cache_mode = force_generic_plan");
        }
    }
    std::unique_ptr<Stmt> make_stmt(const char* sql) override {
        return std::make_unique<PgStmt>(conn_, pipeline_, sql, ++serial_);
    }
    PGconn* conn_ = nullptr;
    Pipeline pipeline_;
    bool read_only_ = false;
    int serial_ = 0;
};

}  // namespace

std::unique_ptr<Db> open_postgresql(const std::string& conninfo, bool read_only) {
    return std::make_unique<PgDb>(conninfo, read_only);
}

}  // namespace gridbot::store::detail
