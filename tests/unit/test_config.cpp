#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "bot/config/config.h"
#include "support.h"

using namespace gridbot;

namespace {

const char* kMinimal = R"(
[district]
code = "nangang"
name = "南岗区"
)";

// "# expect: <id> <key>" on the first line of each bad-*.toml.
std::pair<std::string, std::string> expectation(const std::string& text) {
    auto line = text.substr(0, text.find('\n'));
    std::istringstream in(line.substr(line.find(':') + 1));
    std::string id, key;
    in >> id >> key;
    return {id, key};
}

}  // namespace

TEST_CASE("config: the example configuration loads") {
    auto c = config::load_file("config/example.toml");
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().to_string()));
    const auto& cfg = *c.value();
    CHECK(cfg.district_code == "nangang");
    CHECK(cfg.groups.size() >= 12);
    CHECK(cfg.channel("sandbox") != nullptr);
    CHECK(*cfg.schedule.cutoff == 12 * 60);
    CHECK(cfg.schedule_overrides.size() == 1);
}

TEST_CASE("config: defaults apply when a key is absent") {
    auto c = config::load_string(kMinimal, "mem.toml");
    REQUIRE(c.ok());
    CHECK(c.value()->server.port == 8080);
    CHECK(c.value()->server.body_limit == 1u << 20);
    CHECK(c.value()->delivery.timeout == std::chrono::seconds(10));
    CHECK(*c.value()->schedule.open == 8 * 60);
    CHECK(c.value()->timezone == "Asia/Shanghai");
}

TEST_CASE("config: durations in the four units") {
    auto c = config::load_string(std::string(kMinimal) + R"(
[delivery]
timeout = "30s"
backoff_max = "15m"
backoff_initial = "2h"
deadline = "1d"
)",
                                 "mem.toml");
    REQUIRE(c.ok());
    CHECK(c.value()->delivery.timeout.count() == 30);
    CHECK(c.value()->delivery.backoff_max.count() == 900);
    CHECK(c.value()->delivery.backoff_initial.count() == 7200);
    CHECK(c.value()->delivery.deadline.count() == 86400);
}

TEST_CASE("config: an error names file, line, key, what was expected and what was found") {
    auto c = config::load_string(std::string(kMinimal) + "\n[delivery]\ntimeout = \"15 min\"\n",
                                 "f.toml");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().id == "config.bad_duration");
    CHECK(
        c.error().to_string() ==
        "[config.bad_duration] f.toml:7: delivery.timeout: expected 30s/15m/2h/1d, got \"15 min\"");
}

TEST_CASE("config: every problem is reported, not just the first") {
    auto c = config::load_string(std::string(kMinimal) + "\n[server]\nport = 99999\nbogus = 1\n",
                                 "f.toml");
    REQUIRE_FALSE(c.ok());
    // In file order: line 7 (port) before line 8 (bogus), each with its own id.
    CHECK(
        c.error().to_string() ==
        "[config.bad_value] f.toml:7: server.port: expected an integer from 0 to 65535, got 99999\n"
        "[config.unknown_key] f.toml:8: server.bogus: unknown key (see `gridbot check-config "
        "--options`)");
}

TEST_CASE("config: env: secrets are read from the environment and masked when printed") {
    setenv("GRIDBOT_TEST_SECRET", "s3cr3t-value", 1);
    auto c = config::load_string(std::string(kMinimal) + R"(
[[channels]]
name = "bridge"
platform = "webhook"
settings = { secret = "env:GRIDBOT_TEST_SECRET", url = "http://127.0.0.1:1/x" }
)",
                                 "mem.toml");
    REQUIRE(c.ok());
    CHECK(c.value()->channels[0].settings.at("secret") == "s3cr3t-value");
    std::string shown = config::describe(*c.value());
    CHECK(shown.find("s3cr3t-value") == std::string::npos);
    CHECK(shown.find("http://127.0.0.1:1/x") != std::string::npos);
}

TEST_CASE("config: every tests/data/config/bad-*.toml fails with its expected id and key") {
    int seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator("tests/data/config")) {
        std::string name = entry.path().filename().string();
        if (name.rfind("bad-", 0) != 0 || name == "bad-platform.toml") continue;
        ++seen;
        auto [id, key] = expectation(test::read_file(entry.path().string()));
        auto c = config::load_file(entry.path().string());
        CAPTURE(name);
        REQUIRE_FALSE(c.ok());
        CHECK(c.error().id == id);
        CHECK(c.error().message.find(key) != std::string::npos);
        CHECK(c.error().message.find(entry.path().string() + ":") != std::string::npos);
    }
    CHECK(seen >= 8);
}

TEST_CASE(
    "config: check-config exits 0 on the example and non-zero naming the key on each bad file") {
    auto ok =
        test::run_command(test::gridbot_binary() + " check-config --config config/example.toml");
    CHECK_MESSAGE(ok.exit_code == 0, ok.out);
    CHECK(ok.out.find("nangang") != std::string::npos);
    for (const auto& entry : std::filesystem::directory_iterator("tests/data/config")) {
        std::string path = entry.path().string();
        if (entry.path().filename().string().rfind("bad-", 0) != 0) continue;
        auto [id, key] = expectation(test::read_file(path));
        auto r = test::run_command(test::gridbot_binary() + " check-config --config " + path);
        CAPTURE(path);
        CHECK(r.exit_code != 0);
        CHECK(r.out.find("[" + id + "]") != std::string::npos);
        CHECK(r.out.find(key) != std::string::npos);
    }
}

TEST_CASE("config: the option reference lists every section") {
    std::string ref = config::option_reference();
    for (auto key : {"server.port", "delivery.timeout", "channels[].platform", "tokens[].sha256",
                     "schedule.cutoff", "schedule.overrides[].remind", "debug.manual_clock"}) {
        CHECK_MESSAGE(ref.find(key) != std::string::npos, key);
    }
}

TEST_CASE(
    "config: check-config refuses groups and leaders on nodes neither [[nodes]] nor the store "
    "knows") {
    // Proves a mistyped node code in [[groups]] or [[leaders]] is an error naming
    // the key (groups[N].node), and that a node the ledger put in the store is known.
    test::TempDir dir;
    std::string text = test::read_file("config/example.toml");
    text.replace(text.find("var/gridbot.db"), std::string("var/gridbot.db").size(),
                 dir.file("g.db"));
    auto count = [&](const std::string& what) {
        size_t n = 0;
        for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
        return n;
    };
    std::string group_key = "groups[" + std::to_string(count("\n[[groups]]")) + "].node";
    std::string leader_key = "leaders[" + std::to_string(count("\n[[leaders]]")) + "].node";
    text +=
        "\n[[groups]]\nnode = \"nangang/xianfeng/longtai/g09\"\nchannel = \"sandbox\"\nid = "
        "\"g09\"\n"
        "\n[[leaders]]\nnode = \"nangang/huayuan/nowhere\"\nname = \"某某\"\nphone = "
        "\"13900000000\"\n";
    std::string path = dir.file("c.toml");
    test::write_file(path, text);
    auto r = test::run_command(test::gridbot_binary() + " check-config --config " + path);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.out.find("[config.unknown_node] " + path) != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find(group_key + ": \"nangang/xianfeng/longtai/g09\"") != std::string::npos,
                  r.out);
    CHECK_MESSAGE(r.out.find(leader_key + ": \"nangang/huayuan/nowhere\"") != std::string::npos,
                  r.out);

    // The ledger brings g09 into the store: only the leader is left unknown.
    test::write_file(dir.file("l.csv"),
                     "区,街道,社区,网格,门牌\n南岗区,先锋街道,龙台社区,g09,1-1-101\n");
    auto imp = test::run_command(test::gridbot_binary() + " import --config " + path + " " +
                                 dir.file("l.csv"));
    REQUIRE_MESSAGE(imp.exit_code == 0, imp.out);
    r = test::run_command(test::gridbot_binary() + " check-config --config " + path);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.out.find(group_key) == std::string::npos, r.out);
    CHECK(r.out.find(leader_key) != std::string::npos);
}
