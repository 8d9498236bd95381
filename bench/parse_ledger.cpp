// Times read_ledger on one file (made by bench_gen_ledger):
//   bench_parse_ledger LEDGER.csv [--repeat N]
// Prints households, seconds (best of N) and households per second.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bot/ledger/ledger.h"

int main(int argc, char** argv) {
    if (argc != 2 && !(argc == 4 && std::string(argv[2]) == "--repeat")) {
        std::fprintf(stderr, "usage: bench_parse_ledger LEDGER.csv [--repeat N]\n");
        return 2;
    }
    const int repeat = argc == 4 ? std::max(1, std::atoi(argv[3])) : 1;
    double best = 1e9;
    size_t rows = 0;
    std::string encoding;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = gridbot::ledger::read_ledger(argv[1]);
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!r) {
            std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
            return 1;
        }
        rows = r->households.size();
        encoding = r->encoding;
        best = std::min(best, secs);
    }
    std::printf("%s: %zu households (%s) in %.3f s, %.0f households/s\n", argv[1], rows,
                encoding.c_str(), best, static_cast<double>(rows) / best);
    return 0;
}
