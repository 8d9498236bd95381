#pragma once
// `gridbot import` end to end: the example configuration pointed at a fresh
// database in a temporary folder, the real binary, and the store read back.
#include <doctest/doctest.h>

#include <string>

#include "bot/store/db.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"
#include "support.h"

namespace gridbot::test {

struct ImportFixture {
    TempDir dir;
    std::string config;
    ImportFixture() {
        config = dir.file("c.toml");
        std::string text = read_file("config/example.toml");
        auto at = text.find("var/gridbot.db");
        REQUIRE(at != std::string::npos);
        text.replace(at, std::string("var/gridbot.db").size(), dir.file("g.db"));
        write_file(config, text);
    }
    test::CommandResult import(const std::string& ledger, const std::string& flags = "") const {
        return run_command(gridbot_binary() + " import --config " + config + " " + flags + " " +
                           ledger);
    }
    store::Counts counts() const {
        auto s = store::Store::open(dir.file("g.db"), 0);
        REQUIRE(s.ok());
        return s.value()->counts();
    }
    // Every household as one sortable line, for exact comparisons.
    std::string dump() const {
        auto s = store::Store::open(dir.file("g.db"), 0);
        REQUIRE(s.ok());
        return s.value()->readers().with([](store::detail::Db& db) {
            std::string out;
            auto& q = db.prepare(
                "SELECT n.code, h.address, h.building, h.unit, h.room, h.members, h.contact, "
                "h.phone, h.tags, COALESCE(h.isolation_until, ''), COALESCE(h.monitoring_until, "
                "'') "
                "FROM households h JOIN nodes n ON n.id = h.grid_id ORDER BY 1, 2");
            while (q.step()) {
                for (int i = 0; i < 11; ++i) out += q.text(i) + "|";
                out += "\n";
            }
            return out;
        });
    }
};

}  // namespace gridbot::test
