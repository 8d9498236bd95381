// ctest registers each doctest case by name, and CMake splits a name at ';':
// the pieces match no case, doctest runs nothing and exits 0, and the test
// "passes" without running. Keep ';' out of test case names.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>

#include "support.h"

TEST_CASE("tests: no test case name contains a semicolon (ctest would run nothing for it)") {
    // A name may be several string literals over several lines: the first
    // pieces up to the ';' are literals and the space between them.
    std::regex with_semicolon(R"re(TEST_CASE\(\s*(?:"[^"]*"\s*)*"[^"]*;)re");
    int files = 0;
    for (const auto& e : std::filesystem::directory_iterator("tests/unit")) {
        if (e.path().extension() != ".cpp" || e.path().filename() == "test_test_names.cpp")
            continue;
        ++files;
        CHECK_MESSAGE(
            !std::regex_search(gridbot::test::read_file(e.path().string()), with_semicolon),
            e.path().string());
    }
    CHECK(files > 20);
}
