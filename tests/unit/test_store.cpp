#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <thread>

#include "bot/compose/outbox_item.h"
#include "bot/store/messages.h"
#include "bot/store/notices.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"
#include "store_engines.h"
#include "support.h"

using namespace gridbot;
using store::HouseholdRecord;
using store::NodeRecord;

namespace {

std::vector<NodeRecord> tree() {
    return {{"nangang", "南岗区", 0},
            {"nangang/xianfeng", "先锋街道", 1},
            {"nangang/xianfeng/longtai", "龙台社区", 2},
            {"nangang/xianfeng/longtai/g01", "第一网格", 3}};
}

HouseholdRecord household(const std::string& address, const std::string& phone = "13800000001") {
    HouseholdRecord h;
    h.grid_code = "nangang/xianfeng/longtai/g01";
    h.address = address;
    h.room = address.substr(address.rfind('-') + 1);
    h.members = 3;
    h.contact = "王秀英";
    h.phone = phone;
    return h;
}

}  // namespace

TEST_CASE("store: a new database is migrated to the latest version, WAL and foreign keys on") {
    test::TempDir dir;
    auto s = store::Store::open(dir.file("g.db"), 1000);
    REQUIRE(s.ok());
    CHECK(s.value()->schema_version() == store::Store::latest_version());
    auto mode = s.value()->readers().with([](store::detail::Db& db) {
        auto& q = db.prepare("PRAGMA journal_mode");
        q.step();
        return q.text(0);
    });
    CHECK(mode == "wal");
    auto fk = s.value()->readers().with([](store::detail::Db& db) {
        auto& q = db.prepare("PRAGMA foreign_keys");
        q.step();
        return q.i32(0);
    });
    CHECK(fk == 1);
}

TEST_CASE("store: a database at migration 1 upgrades to the latest with its data intact") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    {
        auto s = store::Store::open(where, 1000, 1);
        REQUIRE(s.ok());
        CHECK(s.value()->schema_version() == 1);
        auto r = s.value()->import_ledger(tree(), {household("3-2-502"), household("3-2-601")},
                                          {.now = 1000});
        // migration 1 has no import_runs table yet: the audit row cannot be written.
        CHECK_FALSE(r.ok());
        s.value()
            ->writer()
            .submit([](store::detail::Db& db) {
                db.prepare("INSERT INTO nodes(code, level, name) VALUES ('nangang', 0, '南岗区')")
                    .exec();
                db.prepare(
                      "INSERT INTO nodes(code, parent_id, level, name) SELECT 'nangang/g', id, 3, "
                      "'网格' FROM nodes WHERE code = 'nangang'")
                    .exec();
                db.prepare(
                      "INSERT INTO households(grid_id, address, building, unit, room, members, "
                      "contact, phone, tags, updated_at) SELECT id, '3-2-502', '3', '2', '502', 3, "
                      "'王', '13800000001', 2, 1000 FROM nodes WHERE code = 'nangang/g'")
                    .exec();
            })
            .get();
    }
    auto s = store::Store::open(where, 2000);
    REQUIRE(s.ok());
    CHECK(s.value()->schema_version() == store::Store::latest_version());
    auto counts = s.value()->counts();
    CHECK(counts.households == 1);
    CHECK(counts.nodes[0] == 1);
    auto phone = s.value()->readers().with([](store::detail::Db& db) {
        auto& q =
            db.prepare("SELECT phone || ':' || tags FROM households WHERE address = '3-2-502'");
        q.step();
        return q.text(0);
    });
    CHECK(phone == "13800000001:2");
    CHECK(s.value()->integrity_check() == "ok");
}

TEST_CASE(
    "store: migration 7 keeps hash-keyed messages, still finds their repeats, and appends new ones "
    "after them") {
    test::TempDir dir;
    auto message = [](const std::string& id, const std::string& text) {
        InboundMessage m;
        m.channel = "bridge";
        m.message_id = id;
        m.group = "g01";
        m.sender_id = "u1";
        m.sender_name = "u1";
        m.text = text;
        m.time = 1000;
        return store::Messages::Arrival{m, std::nullopt};
    };
    {
        // At migration 6 a message's id was the hash of its channel and platform id.
        auto s = store::Store::open(dir.file("g.db"), 1000, 6);
        REQUIRE(s.ok());
        s.value()
            ->writer()
            .submit([](store::detail::Db& db) {
                db.prepare(
                      "INSERT INTO inbound(id, channel, message_id, group_id, sender_id, "
                      "sender_name, text, "
                      "mentions, extra, sent_at, received_at, processed_at) VALUES "
                      "(?, 'bridge', 'old-1', 'g01', 'u1', 'u1', '零报告', '[]', '{}', 1000, 1000, "
                      "1000)")
                    .bind(1, store::hash64("bridge", "old-1"))
                    .exec();
            })
            .get();
    }
    auto s = store::Store::open(dir.file("g.db"), 2000);
    REQUIRE(s.ok());
    CHECK(s.value()->schema_version() == store::Store::latest_version());
    store::Messages messages(*s.value());
    auto again = messages.record_inbound({message("old-1", "零报告")}, 2000).get();
    CHECK_FALSE(
        again.at(0).fresh);  // the platform's retry of a message recorded before the upgrade
    auto fresh = messages
                     .record_inbound({message("new-1", "零报告"), message("new-2", "零报告"),
                                      message("new-1", "零报告")},
                                     2000)
                     .get();
    CHECK(fresh.at(0).fresh);
    CHECK(fresh.at(1).fresh);
    CHECK_FALSE(fresh.at(2).fresh);
    auto rows = s.value()->readers().with([](store::detail::Db& db) {
        auto& q = db.prepare(
            "SELECT group_concat(message_id, ' ') FROM (SELECT message_id FROM inbound ORDER BY "
            "id)");
        q.step();
        return q.text(0);
    });
    // New rows follow the largest old id, in arrival order.
    CHECK(rows == "old-1 new-1 new-2");
    auto pending = messages.pending_inbound(10);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].msg.message_id == "new-1");
    CHECK(s.value()->integrity_check() == "ok");
}

TEST_CASE("store: a failing job rolls back alone, the rest of its batch commits") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto& w = s.value()->writer();
    std::vector<std::future<void>> futures;
    for (int i = 0; i < 50; ++i) {
        futures.push_back(w.submit([i](store::detail::Db& db) {
            db.prepare("INSERT INTO nodes(code, level, name) VALUES (?, 0, 'n')")
                .bind(1, i == 25 ? std::string("n0") : "n" + std::to_string(i))
                .exec();
        }));
    }
    int failed = 0;
    for (auto& f : futures) {
        try {
            f.get();
        } catch (const store::detail::DbError&) {
            ++failed;
        }
    }
    CHECK(failed == 1);  // n0 twice violates UNIQUE(code)
    CHECK(s.value()->counts().nodes[0] == 49);
}

TEST_CASE(
    "store: on PostgreSQL the writer keeps generic plans and the readers let the server choose") {
    // Proves the writer's session setting (bot/store/db_pg.cpp): left to choose, the
    // server planned the arrival lookup anew for every report in some mornings
    // (docs/scaling.md, "Planning per execution"). SQLite has no such setting.
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    if (where.engine != store::Engine::postgresql) {
        MESSAGE("SQLite: no plan cache to check (the postgresql subcase checks it)");
        return;
    }
    auto mode = [](store::detail::Db& db) {
        auto& q = db.prepare("SELECT current_setting('plan_cache_mode')");
        return q.step() ? q.text(0) : std::string();
    };
    CHECK(s.value()->writer().submit(mode).get() == "force_generic_plan");
    CHECK(s.value()->readers().with(mode) == "auto");
}

TEST_CASE("store: statements sent ahead fail in their own job, and are seen by the next read") {
    // Proves Stmt::send keeps a job's error its own (PostgreSQL sends it in a
    // pipeline with the job's next statement): a sent row that fails undoes only
    // its job, a job throwing after a send leaves nothing, the rest commit.
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto& w = s.value()->writer();
    std::vector<std::future<int64_t>> futures;
    for (int i = 0; i < 30; ++i) {
        futures.push_back(w.submit([i](store::detail::Db& db) -> int64_t {
            auto code = [&](int k) { return "s" + std::to_string(i) + "-" + std::to_string(k); };
            db.prepare("INSERT INTO nodes(code, level, name) VALUES (?, 0, 'n')")
                .bind(1, code(0))
                .send();
            // Job 10's second row repeats another job's code: UNIQUE(code) fails.
            db.prepare("INSERT INTO nodes(code, level, name) VALUES (?, 0, 'n')")
                .bind(1, i == 10 ? std::string("s3-0") : code(1))
                .send();
            if (i == 20) throw std::runtime_error("the job gives up after sending");
            auto& q = db.prepare("SELECT COUNT(*) FROM nodes WHERE code = ? OR code = ?");
            q.bind(1, code(0)).bind(2, code(1));
            return q.step() ? q.i64(0) : -1;
        }));
    }
    int db_errors = 0, other_errors = 0;
    for (size_t i = 0; i < futures.size(); ++i) {
        int64_t seen = 0;
        try {
            seen = futures[i].get();
        } catch (const store::detail::DbError&) {
            ++db_errors;
            CHECK(i == 10);
            continue;
        } catch (const std::runtime_error&) {
            ++other_errors;
            CHECK(i == 20);
            continue;
        }
        CHECK(seen == 2);  // both rows sent ahead, then read back
    }
    CHECK(db_errors == 1);
    CHECK(other_errors == 1);
    CHECK(s.value()->counts().nodes[0] == 56);  // 28 jobs of two rows
    // The connection works on after both: the next batch commits.
    w.submit([](store::detail::Db& db) {
         db.prepare("INSERT INTO nodes(code, level, name) VALUES ('after', 0, 'n')").send();
     }).get();
    CHECK(s.value()->counts().nodes[0] == 57);
}

namespace {

// Holds the writer's thread in a job of its own until released, so that the
// jobs submitted meanwhile are taken together as one batch.
struct HeldWriter {
    std::atomic<bool> started{false}, release{false};
    std::future<void> job;
    explicit HeldWriter(store::detail::Writer& w) {
        job = w.submit([this](store::detail::Db&) {
            started = true;
            while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    void let_go() {
        release = true;
        job.get();
    }
};

}  // namespace

TEST_CASE(
    "store: a batch runs straight through, and again in savepoints when one of its jobs fails") {
    // Proves the writer's two passes (bot/store/writer.h): a batch first runs with
    // no savepoint; a job whose row sent ahead fails (on PostgreSQL the error
    // arrives where the next job waits) rolls the pass back, and the batch runs
    // again with a savepoint a job, so that only that job fails. A job submitted
    // with Once::yes runs once, whatever happens to its batch.
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto& w = s.value()->writer();
    using store::detail::Db;
    using store::detail::Writer;
    std::array<std::atomic<int>, 10> runs{};
    auto job = [&runs](int i, const std::string& code) {
        return [&runs, i, code](Db& db) -> int64_t {
            ++runs[i];  // outside the transaction on purpose: counts the passes
            auto& q = db.prepare("SELECT COUNT(*) FROM nodes");
            const int64_t before = q.step() ? q.i64(0) : -1;
            q.reset();
            db.prepare("INSERT INTO nodes(code, level, name) VALUES (?, 0, 'n')")
                .bind(1, code)
                .send();
            return before;
        };
    };

    SUBCASE("a job's failure sends its batch to savepoints; the others commit once") {
        HeldWriter held(w);
        std::vector<std::future<int64_t>> futures;
        for (int i = 0; i < 10; ++i) {
            // Job 5's row repeats job 0's code: UNIQUE(code) fails, as its last statement.
            futures.push_back(
                w.submit(job(i, i == 5 ? std::string("b0") : "b" + std::to_string(i))));
        }
        held.let_go();
        for (int i = 0; i < 10; ++i) {
            if (i == 5) {
                CHECK_THROWS_AS(futures[i].get(), store::detail::DbError);
            } else {
                // The result is the committing run's: the rows of the jobs before it.
                CHECK(futures[i].get() == (i < 5 ? i : i - 1));
            }
        }
        CHECK(s.value()->counts().nodes[0] == 9);
        CHECK(runs[0] == 2);  // the straight pass, rolled back, then the savepoints
        CHECK(runs[9] >= 1);
    }
    SUBCASE("a batch with no failure commits in one pass") {
        HeldWriter held(w);
        std::vector<std::future<int64_t>> futures;
        for (int i = 0; i < 10; ++i) futures.push_back(w.submit(job(i, "c" + std::to_string(i))));
        held.let_go();
        for (int i = 0; i < 10; ++i) CHECK(futures[i].get() == i);
        for (int i = 0; i < 10; ++i) CHECK(runs[i] == 1);
    }
    SUBCASE("a job that runs once goes straight to savepoints with its batch") {
        HeldWriter held(w);
        auto once = w.submit(job(0, "d0"), Writer::Once::yes);
        auto failing = w.submit(job(1, "d0"));
        auto after = w.submit(job(2, "d2"));
        held.let_go();
        CHECK(once.get() == 0);
        CHECK_THROWS_AS(failing.get(), store::detail::DbError);
        CHECK(after.get() == 1);
        CHECK(runs[0] == 1);
        CHECK(runs[1] == 1);
        CHECK(s.value()->counts().nodes[0] == 2);
    }
}

TEST_CASE("store: readers are not blocked by a long write") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    REQUIRE(s.value()->import_ledger(tree(), {household("1-101")}, {.now = 1}).ok());
    std::atomic<bool> in_write{false}, release{false};
    auto slow = s.value()->writer().submit([&](store::detail::Db& db) {
        db.prepare("INSERT INTO nodes(code, level, name) VALUES ('x', 0, 'x')").exec();
        in_write = true;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    while (!in_write) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // The write transaction is open; a reader still answers, and sees only committed data.
    CHECK(s.value()->counts().households == 1);
    CHECK(s.value()->counts().nodes[0] == 1);
    release = true;
    slow.get();
    CHECK(s.value()->counts().nodes[0] == 2);
}

TEST_CASE(
    "store: re-import changes nothing, edits update in place, absent households are reported") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto& st = *s.value();
    auto first = st.import_ledger(tree(), {household("3-2-502"), household("3-2-601")}, {.now = 1});
    REQUIRE(first.ok());
    CHECK(first.value().added == 2);
    CHECK(first.value().nodes_added == 4);
    auto id_before = st.readers().with([](store::detail::Db& db) {
        auto& q = db.prepare("SELECT id FROM households WHERE address = '3-2-502'");
        q.step();
        return q.i64(0);
    });

    auto again = st.import_ledger(tree(), {household("3-2-502"), household("3-2-601")}, {.now = 2});
    REQUIRE(again.ok());
    CHECK(again.value().added == 0);
    CHECK(again.value().updated == 0);
    CHECK(again.value().unchanged == 2);
    CHECK(again.value().nodes_added == 0);

    auto edited = st.import_ledger(tree(), {household("3-2-502", "13900000009")}, {.now = 3});
    REQUIRE(edited.ok());
    CHECK(edited.value().updated == 1);
    REQUIRE(edited.value().absent_count == 1);
    REQUIRE(edited.value().absent.size() == 1);
    CHECK(edited.value().absent[0] == "nangang/xianfeng/longtai/g01 3-2-601");
    CHECK(edited.value().pruned == 0);
    CHECK(st.counts().households == 2);  // absent is reported, not removed
    auto id_after = st.readers().with([](store::detail::Db& db) {
        auto& q = db.prepare("SELECT id FROM households WHERE address = '3-2-502'");
        q.step();
        return q.i64(0);
    });
    CHECK(id_after == id_before);

    auto pruned =
        st.import_ledger(tree(), {household("3-2-502", "13900000009")}, {.prune = true, .now = 4});
    REQUIRE(pruned.ok());
    CHECK(pruned.value().pruned == 1);
    CHECK(st.counts().households == 1);
    CHECK(st.counts().inactive_households == 1);
}

TEST_CASE("store: a dry run writes nothing") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto r = s.value()->import_ledger(tree(), {household("1-101")}, {.dry_run = true, .now = 1});
    REQUIRE(r.ok());
    CHECK(r.value().added == 1);
    CHECK(s.value()->counts().households == 0);
    CHECK(s.value()->counts().nodes[0] == 0);
}

namespace {

// Households made as they are asked for, one grid per 100, the way a ledger
// file hands them over; fails at row `fail_at` (0: never). At each row it
// checks through a reader what others can see of the import so far.
class GeneratedRows : public store::HouseholdSource {
  public:
    GeneratedRows(store::Store& st, int rows, int fail_at)
        : st_(st), rows_(rows), fail_at_(fail_at) {}
    bool next(HouseholdRecord& row, std::vector<NodeRecord>& new_nodes) override {
        if (given_ == 0) {
            auto t = tree();
            t.pop_back();
            new_nodes = t;
        }
        if (given_ == fail_at_ - 1) failed_ = true;
        if (given_ == rows_ || failed_) return false;
        const int grid = given_ / 100;
        if (given_ % 100 == 0) {
            new_nodes.push_back({"nangang/xianfeng/longtai/g" + std::to_string(grid),
                                 "网格" + std::to_string(grid), 3});
        }
        if (given_ == rows_ / 2) visible_midway_ = st_.counts().households;
        row = household("1-" + std::to_string(101 + given_ % 100));
        row.grid_code = "nangang/xianfeng/longtai/g" + std::to_string(grid);
        ++given_;
        return true;
    }
    bool failed() const override { return failed_; }
    int given() const { return given_; }
    int64_t visible_midway() const { return visible_midway_; }

  private:
    store::Store& st_;
    int rows_, fail_at_, given_ = 0;
    bool failed_ = false;
    int64_t visible_midway_ = -1;
};

}  // namespace

TEST_CASE(
    "store: an import pulls its rows inside one transaction, and a source failing at its last row "
    "writes nothing") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    auto& st = *s.value();
    const int rows = 3000;

    GeneratedRows failing(st, rows, rows);
    auto r = st.import_ledger(failing, {.now = 1});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "store.import_aborted");
    CHECK(failing.given() == rows - 1);  // every row before the failing one was pulled
    CHECK(failing.visible_midway() == 0);
    CHECK(st.counts().households == 0);
    CHECK(st.counts().nodes[0] == 0);  // not even the nodes

    GeneratedRows all(st, rows, 0);
    auto ok = st.import_ledger(all, {.now = 2});
    REQUIRE(ok.ok());
    CHECK(ok.value().added == rows);
    CHECK(ok.value().nodes_added == 3 + rows / 100);
    CHECK(all.visible_midway() == 0);  // written, but not visible before the commit
    CHECK(st.counts().households == rows);

    GeneratedRows again(st, rows, 0);
    auto same = st.import_ledger(again, {.now = 3});
    REQUIRE(same.ok());
    CHECK(same.value().unchanged == rows);
    CHECK(same.value().absent_count == 0);

    // Rows whose grids come back after another grid are looked up one by one.
    std::vector<HouseholdRecord> mixed;
    for (int i = 0; i < 200; ++i) {
        const int at = i % 2 == 0 ? i / 2 : 100 + i / 2;  // g0, g1, g0, g1 ...
        mixed.push_back(household("1-" + std::to_string(101 + at % 100),
                                  i == 151 ? "13900000009" : "13800000001"));
        mixed.back().grid_code = "nangang/xianfeng/longtai/g" + std::to_string(at / 100);
    }
    auto interleaved = st.import_ledger({}, mixed, {.now = 3});
    REQUIRE(interleaved.ok());
    CHECK(interleaved.value().unchanged == 199);
    CHECK(interleaved.value().updated == 1);
    CHECK(interleaved.value().added == 0);
    CHECK(interleaved.value().absent_count == rows - 200);

    // Half the file: the other half is absent, counted in full, the first 50 listed in order.
    GeneratedRows half(st, rows / 2, 0);
    auto partial = st.import_ledger(half, {.now = 4});
    REQUIRE(partial.ok());
    CHECK(partial.value().absent_count == rows / 2);
    REQUIRE(partial.value().absent.size() == store::ImportSummary::kAbsentListed);
    CHECK(partial.value().absent.front() == "nangang/xianfeng/longtai/g15 1-101");
    CHECK(std::is_sorted(partial.value().absent.begin(), partial.value().absent.end()));
}

TEST_CASE(
    "store: a leader's bare 收到 finds the notice still marked sending in the group, not one "
    "still queued") {
    test::TempDir dir;
    auto where = test::engine_location(dir);
    auto s = store::Store::open(where, 1000);
    REQUIRE(s.ok());
    store::Messages messages(*s.value());
    store::Notices notices(*s.value());
    auto issue = [&](const std::string& title) {
        store::NoticeIssue in;
        in.draft.title = title;
        in.draft.body = "请各户今日完成零报告。";
        in.draft.issuer = in.draft.target = "nangang";
        in.draft.ack_required = true;
        in.issued_by = "district";
        in.groups = {{"wecom", "g01", "nangang/xianfeng/longtai/g01", false}};
        in.with_calls = false;
        in.compose = [title](int64_t id, int64_t, const std::vector<store::NoticeCall>&) {
            return std::vector<store::OutboxItem>{
                compose::outbox_item({.key = "notice:" + std::to_string(id) + ":wecom/g01",
                                      .channel = "wecom",
                                      .group = "g01"},
                                     title)};
        };
        auto made = notices.issue(std::move(in), 1000).get();
        REQUIRE(made.ok());
        return made.value().id;
    };
    const int64_t first = issue("第一条");
    const int64_t second = issue("第二条");
    auto outbox_id = [&](int64_t notice) {
        auto item = messages.outbox_item("notice:" + std::to_string(notice) + ":wecom/g01");
        REQUIRE(item);
        return item->id;
    };
    // Both queued: nothing has reached the group, so a 收到 is about something else.
    CHECK_FALSE(notices.latest_unacked("wecom", "g01"));
    // The first is delivered, the second in flight: the platform may already show it
    // and the leader may answer before the delivered mark is committed.
    messages.mark_sending({outbox_id(first), outbox_id(second)}, 1'001'000).get();
    messages
        .complete({{outbox_id(first), store::OutboxState::Delivered, 0, "", std::nullopt}},
                  1'002'000)
        .get();
    CHECK(notices.latest_unacked("wecom", "g01") == second);
    REQUIRE(notices.acknowledge(second, "wecom", "g01", "wecom:leader", 1003).get());
    CHECK(notices.latest_unacked("wecom", "g01") == first);
    CHECK_FALSE(notices.latest_unacked("wecom", "g02"));
}
