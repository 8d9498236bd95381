// Replays every kept fuzz input (seeds and crash reproducers) under
// tests/fuzz/regressions/<platform>/ through the same drivers the libFuzzer
// targets run (STYLE.md "replay kept crash inputs in the normal test run").
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fakes/fuzz_drivers.h"

namespace fs = std::filesystem;

namespace {

std::size_t replay(const std::string& platform, void (*drive)(const uint8_t*, size_t)) {
    fs::path dir = fs::path(GRIDBOT_SOURCE_DIR) / "tests/fuzz/regressions" / platform;
    std::size_t n = 0;
    if (!fs::exists(dir)) return n;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CAPTURE(entry.path().string());
        drive(reinterpret_cast<const uint8_t*>(data.data()), data.size());
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("platform regressions: wecom fuzz inputs replay cleanly") {
    CHECK(replay("wecom", gridbot::fuzz::drive_wecom) > 0);
}
TEST_CASE("platform regressions: dingtalk fuzz inputs replay cleanly") {
    CHECK(replay("dingtalk", gridbot::fuzz::drive_dingtalk) > 0);
}
TEST_CASE("platform regressions: feishu fuzz inputs replay cleanly") {
    CHECK(replay("feishu", gridbot::fuzz::drive_feishu) > 0);
}
TEST_CASE("platform regressions: telegram fuzz inputs replay cleanly") {
    CHECK(replay("telegram", gridbot::fuzz::drive_telegram) > 0);
}
