#include "bot/store/health.h"

#include <filesystem>

#include "bot/store/db.h"
#include "bot/store/store.h"
#include "bot/store/writer.h"

namespace gridbot::store {

std::map<std::string, ChannelBacklog> Health::outbox_backlog() {
    return store_.readers().with([](detail::Db& db) {
        std::map<std::string, ChannelBacklog> out;
        auto& q = db.prepare(
            "SELECT channel, COUNT(*), MIN(created_at) FROM outbox WHERE state IN (0, 1) "
            "GROUP BY channel");
        while (q.step()) out[q.text(0)] = ChannelBacklog{q.i64(1), q.i64(2)};
        return out;
    });
}

std::map<std::string, int64_t> Health::failing_groups() {
    return store_.readers().with([](detail::Db& db) {
        std::map<std::string, int64_t> out;
        // The last finished row of each group (the highest id among delivered
        // and failed ones) decides whether the group is failing now. Only the
        // last 100,000 rows are read (a district's day is ~70,000 posts): a
        // scrape stays a bounded scan, and a group silent for longer than
        // that is the registry's business, not an alert's.
        auto& q = db.prepare(
            "SELECT o.channel, COUNT(*) FROM outbox o JOIN ("
            "  SELECT MAX(id) AS id FROM outbox WHERE state IN (2, 3)"
            "   AND id > (SELECT COALESCE(MAX(id), 0) - 100000 FROM outbox)"
            "  GROUP BY channel, group_id"
            ") last ON last.id = o.id WHERE o.state = 3 GROUP BY o.channel");
        while (q.step()) out[q.text(0)] = q.i64(1);
        return out;
    });
}

std::vector<OpenIncident> Health::unresolved_incidents() {
    return store_.readers().with([](detail::Db& db) {
        std::vector<OpenIncident> out;
        auto& q = db.prepare("SELECT severity, state, opened_at FROM incidents WHERE state != 2");
        while (q.step()) out.push_back(OpenIncident{q.text(0), q.i32(1) == 1, q.i64(2)});
        return out;
    });
}

int64_t Health::database_bytes() {
    if (store_.engine() == Engine::postgresql) {
        return store_.readers().with([](detail::Db& db) {
            auto& q = db.prepare("SELECT pg_database_size(current_database())");
            return q.step() ? q.i64(0) : int64_t{0};
        });
    }
    int64_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        auto n = std::filesystem::file_size(store_.path() + suffix, ec);
        if (!ec) total += static_cast<int64_t>(n);
    }
    return total;
}

}  // namespace gridbot::store
