// The command line's contract: exit codes and the version, with the real binary.
#include <doctest/doctest.h>

#include "support.h"

using namespace gridbot;

TEST_CASE("cli: usage errors exit 2, whatever CLI11 calls them") {
    // Proves that CLI11's own exit codes (106 extra arguments, 109 unknown
    // subcommand or option, 105 missing required option ...) never leak out.
    for (const char* args : {"", "no-such-command", "serve", "import --config x.toml",
                             "parse --no-such-flag", "summary --config c.toml --node",
                             "version extra words", "check-config --config a --config b --c"}) {
        auto r = test::run_command(test::gridbot_binary() + " " + args + " < /dev/null");
        CHECK_MESSAGE(r.exit_code == 2, "gridbot ", args, " -> ", r.exit_code, ": ", r.out);
    }
}

TEST_CASE("cli: gridbot --version and gridbot version exit 0 and print the version") {
    // Proves --version is a flag the binary knows (it used to be a usage error).
    for (const char* args : {"--version", "version"}) {
        auto r = test::run_command(test::gridbot_binary() + " " + args);
        CHECK_MESSAGE(r.exit_code == 0, args, ": ", r.out);
        CHECK_MESSAGE(r.out == std::string("gridbot ") + GRIDBOT_VERSION + "\n", args, ": ", r.out);
    }
    auto help = test::run_command(test::gridbot_binary() + " --help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("--version") != std::string::npos);
}
