// Replays every kept fuzz input (seeds and fixed crashes) through
// parse_ledger: each must give a result or an error, and never crash.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "bot/ledger/ledger.h"

TEST_CASE("ledger regressions: every kept fuzz input parses or fails cleanly") {
    const std::filesystem::path dir =
        std::filesystem::path(GRIDBOT_SOURCE_DIR) / "tests" / "fuzz" / "regressions" / "ledger";
    REQUIRE(std::filesystem::is_directory(dir));
    int replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        CAPTURE(entry.path().filename().string());
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        auto r = gridbot::ledger::parse_ledger(bytes, entry.path().filename().string());
        if (r) {
            for (const auto& h : r->households) CHECK_FALSE(h.address.empty());
        } else {
            CHECK_FALSE(r.error().id.empty());
            CHECK(r.error().id.rfind("ledger.", 0) == 0);
        }
        ++replayed;
    }
    CHECK(replayed >= 5);
}
