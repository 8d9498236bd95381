// Metrics worth alerting on (docs/monitoring.md): the process metrics and the
// gauges config/prometheus/gridbot-rules.yml uses exist on a running daemon
// and say what happened; the rules pass promtool.
#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <set>
#include <string>

#include "incident_day.h"

using namespace gridbot;
using test::incidents::Incidents;

namespace {

// The value of the sample `series` (name with its labels as rendered) in a
// /metrics text; -1 when absent.
double sample(const std::string& text, const std::string& series) {
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

std::string metrics_text(Incidents& day) {
    auto r = day.http->Get("/metrics");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return "\n" + r->body;
}

}  // namespace

TEST_CASE(
    "every metric the alert rules use is on /metrics of a running daemon, and the rules "
    "pass promtool's check and unit tests") {
    Incidents day("2026-11-23T09:00:00+08:00");
    REQUIRE(day.start(2));
    std::string text = metrics_text(day);
    std::string rules = test::read_file("config/prometheus/gridbot-rules.yml");
    std::regex name(R"(\b((gridbot|process)_[a-z_]+)\b)");
    std::set<std::string> used;
    for (auto it = std::sregex_iterator(rules.begin(), rules.end(), name);
         it != std::sregex_iterator(); ++it) {
        used.insert((*it)[1]);
    }
    CHECK(used.size() >= 5);
    for (const auto& m : used) {
        CHECK_MESSAGE(text.find("\n# TYPE " + m + " ") != std::string::npos, m);
    }
    auto check =
        test::run_command(".tools/promtool check rules config/prometheus/gridbot-rules.yml");
    CHECK_MESSAGE(check.exit_code == 0, check.out);
    auto unit = test::run_command(
        "cd config/prometheus && ../../.tools/promtool test rules gridbot-rules.test.yml");
    CHECK_MESSAGE(unit.exit_code == 0, unit.out);
}

TEST_CASE(
    "process metrics are named and typed as Prometheus client libraries name them and "
    "hold this process's figures") {
    Incidents day("2026-11-23T09:00:00+08:00");
    REQUIRE(day.start(2));
    std::string text = metrics_text(day);
    CHECK(text.find("\n# TYPE process_cpu_seconds_total counter\n") != std::string::npos);
    CHECK(sample(text, "process_cpu_seconds_total") >= 0);
    CHECK(sample(text, "process_resident_memory_bytes") > 1e6);
    CHECK(sample(text, "process_open_fds") >= 4);  // stdio, the listening socket, the database
    CHECK(sample(text, "process_max_fds") >= sample(text, "process_open_fds"));
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    const double start = sample(text, "process_start_time_seconds");
    CHECK(start <= now + 2);
    CHECK(start > now - 120);
    CHECK(sample(text, "gridbot_database_size_bytes") > 4096);
}

TEST_CASE(
    "the gauges follow the day: completion of the district and its street, an incident "
    "overdue once the time to resolve it has passed, the backlog and failing groups") {
    Incidents day("2026-11-23T09:00:00+08:00");
    REQUIRE(day.start(5));  // 15 households in three grids of one street
    day.say("longtai-g01", "u1", "1-1-101 零报告");
    day.say("longtai-g01", "u2", "1-1-102 零报告");
    day.say("longtai-g02", "u3", "2-1-101 零报告");
    REQUIRE(Incidents::wait_for([&] {
        return sample(metrics_text(day), "gridbot_completion_ratio{node=\"nangang\"}") ==
               doctest::Approx(3.0 / 15);
    }));
    std::string text = metrics_text(day);
    CHECK(sample(text, "gridbot_completion_ratio{node=\"nangang/xianfeng\"}") ==
          doctest::Approx(3.0 / 15));
    CHECK(sample(text, "gridbot_incidents_overdue{severity=\"normal\"}") == 0);
    CHECK(sample(text, "gridbot_groups_failing{channel=\"sandbox\"}") == 0);
    CHECK(sample(text, "gridbot_outbox_backlog{channel=\"sandbox\"}") >= 0);
    CHECK(sample(text, "gridbot_outbox_oldest_queued_age_seconds{channel=\"sandbox\"}") >= 0);
    CHECK(sample(text, "gridbot_scheduler_lag_seconds") >= 0);
    // The three reports were committed by the writer, which says in how many
    // transactions and how long each took. It observes the two histograms one
    // after the other, and may still be committing (the bot's replies): a
    // scrape can fall between the two, so take one that shows them agree.
    REQUIRE(Incidents::wait_for([&] {
        text = metrics_text(day);
        return sample(text, "gridbot_store_batch_jobs_count") ==
               sample(text, "gridbot_store_batch_seconds_count");
    }));
    const double batches = sample(text, "gridbot_store_batch_jobs_count");
    CHECK(batches >= 1);
    CHECK(sample(text, "gridbot_store_batch_jobs_sum") >= batches);
    CHECK(sample(text, "gridbot_store_batch_jobs_bucket{le=\"1000\"}") == batches);
    CHECK(sample(text, "gridbot_store_batch_seconds_count") == batches);

    day.say("longtai-g03", "u4", "3-1-102 发烧38.5");
    REQUIRE(Incidents::wait_for(
        [&] { return day.query("SELECT severity FROM incidents").size() == 1; }));
    const std::string severity = day.query("SELECT severity FROM incidents").at(0);
    const std::string open =
        "gridbot_incidents_unresolved{severity=\"" + severity + "\",state=\"open\"}";
    const std::string overdue = "gridbot_incidents_overdue{severity=\"" + severity + "\"}";
    CHECK(sample(metrics_text(day), open) == 1);
    CHECK(sample(metrics_text(day), overdue) == 0);
    day.set_clock("2026-11-23T12:30");  // 3h30m later: urgent incidents have 1h, normal ones 3h
    CHECK(Incidents::wait_for([&] { return sample(metrics_text(day), overdue) == 1; }));
}
