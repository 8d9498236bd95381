// `gridbot import` streams a district-sized ledger into one transaction: what
// it holds does not grow with the rows, and a bad row however late still
// writes nothing.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "import_fixture.h"
#include "support.h"

using namespace gridbot;
using test::ImportFixture;

namespace {

// `rows` households in 100 grids, each with a phone from `phone_base`; the
// row on line `bad_line` (if any) gets a phone that is not one.
std::string big_ledger(int rows, long phone_base, int bad_line = 0) {
    std::string text = "区,街道,社区,网格,楼栋,单元,门牌,人数,联系人,电话,标签\n";
    for (int i = 0; i < rows; ++i) {
        const int grid = i % 100, n = i / 100;
        text += "nangang,s" + std::to_string(grid / 20) + ",c" + std::to_string(grid / 5) + ",g" +
                std::to_string(grid) + "," + std::to_string(n / 200 + 1) + "号楼," +
                std::to_string(n / 100 % 2 + 1) + "单元," + std::to_string(n % 100 + 101) +
                ",2,王秀英," +
                (i + 2 == bad_line ? std::string("12345") : std::to_string(phone_base + i)) + ",\n";
    }
    return text;
}

struct Measured {
    int exit_code = -1;
    long peak_kib = -1;  // the child's peak resident set
    std::string out;     // stdout and stderr
};

// Runs `args` (no shell) and measures the peak RSS of that one process.
Measured run_measured(const std::vector<std::string>& args, const std::string& out_file) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    Measured m;
    const pid_t pid = fork();
    if (pid == 0) {
        const int fd = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    REQUIRE(wait4(pid, &status, 0, &usage) == pid);
    m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    m.peak_kib = usage.ru_maxrss;
    m.out = test::read_file(out_file);
    return m;
}

Measured import_measured(const ImportFixture& f, const std::string& ledger) {
    return run_measured({test::gridbot_binary(), "import", "--config", f.config, ledger},
                        f.dir.file("out.txt"));
}

}  // namespace

TEST_CASE("import: a 200,000-household ledger takes little more memory than a 2,000 one") {
    // Proves the rows are streamed: holding them (as a LedgerFile and again as
    // store records, as the import did) costs ~0.8 KB a household, 160 MB here.
#if defined(__SANITIZE_ADDRESS__)
    MESSAGE("skipped under AddressSanitizer: its quarantine keeps freed rows resident");
    return;
#endif
    ImportFixture small, large;
    const std::string small_csv = small.dir.file("small.csv"), large_csv = large.dir.file("l.csv");
    test::write_file(small_csv, big_ledger(2000, 13800000000));
    test::write_file(large_csv, big_ledger(200000, 13800000000));
    const Measured a = import_measured(small, small_csv);
    REQUIRE_MESSAGE(a.exit_code == 0, a.out);
    const Measured b = import_measured(large, large_csv);
    REQUIRE_MESSAGE(b.exit_code == 0, b.out);
    CHECK(b.out.find("200000 added") != std::string::npos);
    CHECK(large.counts().households == 200000);
    // The file itself (12 MB) is read whole; the rest must not grow with it.
    MESSAGE("peak RSS: 2,000 rows " << a.peak_kib << " KiB, 200,000 rows " << b.peak_kib << " KiB");
    CHECK(b.peak_kib - a.peak_kib < 48 * 1024);
}

TEST_CASE("import: a bad row on the last line of a large ledger writes nothing") {
    // Rows are written as they are read, so the last one must still roll back
    // every write before it: in a fresh store (not even the nodes) and in one
    // whose every household the file would have updated.
    ImportFixture fresh, existing;
    const int rows = 50000;
    const std::string good = existing.dir.file("good.csv"), bad = existing.dir.file("bad.csv");
    test::write_file(good, big_ledger(rows, 13800000000));
    test::write_file(bad, big_ledger(rows, 15900000000, rows + 1));
    REQUIRE(existing.import(good).exit_code == 0);
    const std::string before = existing.dump();

    for (const ImportFixture* f : {&fresh, &existing}) {
        auto r = f->import(bad);
        CHECK(r.exit_code == 1);
        CHECK_MESSAGE(r.out.find("[ledger.bad_phone] " + bad + ":" + std::to_string(rows + 1) +
                                 ": 电话: ") != std::string::npos,
                      r.out);
    }
    CHECK(fresh.counts().households == 0);
    CHECK(fresh.counts().nodes[3] == 0);
    CHECK(existing.dump() == before);
    // The same file with its bad row fixed updates every household.
    test::write_file(bad, big_ledger(rows, 15900000000));
    auto fixed = existing.import(bad);
    CHECK_MESSAGE(fixed.out.find("0 added, 50000 updated, 0 unchanged") != std::string::npos,
                  fixed.out);
}
