// Times reading and validating one ledger file (made by bench_gen_ledger, or
// its .xlsx twin) without writing it anywhere: the bare ceiling of
// `gridbot import`. Rows stream through ledger::LedgerReader as the import
// reads them; with --keep they are collected as read_ledger does.
//   bench_parse_ledger LEDGER [--repeat N] [--keep]
// Prints households, seconds (best of N) and households per second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bot/ledger/ledger.h"

namespace {

// Households read, or -1 after printing the ledger's problems.
long read_once(const char* path, bool keep, std::string& encoding) {
    if (keep) {
        auto r = gridbot::ledger::read_ledger(path);
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
            return -1;
        }
        encoding = r->encoding;
        return static_cast<long>(r->households.size());
    }
    auto reader = gridbot::ledger::LedgerReader::open(path);
    if (!reader) {
        std::fprintf(stderr, "%s\n", reader.error().to_string().c_str());
        return -1;
    }
    encoding = reader.value()->encoding();
    gridbot::ledger::Household h;
    long rows = 0;
    while (reader.value()->next(h)) ++rows;
    if (reader.value()->failed()) {
        std::fprintf(stderr, "%s\n", reader.value()->error().to_string().c_str());
        return -1;
    }
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 1;
    bool keep = false, usage = argc < 2;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--keep") == 0) {
            keep = true;
        } else if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++i]));
        } else {
            usage = true;
        }
    }
    if (usage) {
        std::fprintf(stderr, "usage: bench_parse_ledger LEDGER [--repeat N] [--keep]\n");
        return 2;
    }
    double best = 1e9;
    long rows = 0;
    std::string encoding;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        rows = read_once(argv[1], keep, encoding);
        if (rows < 0) return 1;
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::printf("%s: %ld households (%s) in %.3f s, %.0f households/s\n", argv[1], rows,
                encoding.c_str(), best, static_cast<double>(rows) / best);
    return 0;
}
