#include "bot/app/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bot/core/metrics.h"

namespace gridbot::app {

namespace {

// Fields of /proc/self/stat after the command name (which may hold spaces):
// index 0 is field 3 ("state") of proc(5).
std::vector<std::string> stat_fields() {
    std::ifstream in("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> out;
    auto close = text.rfind(')');
    if (close == std::string::npos) return out;
    std::istringstream rest(text.substr(close + 2));
    for (std::string f; rest >> f;) out.push_back(f);
    return out;
}

double field(const std::vector<std::string>& f, size_t proc_field) {
    size_t i = proc_field - 3;
    return i < f.size() ? std::stod(f[i]) : 0;
}

double boot_time() {
    std::ifstream in("/proc/stat");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
    }
    return 0;
}

}  // namespace

void add_process_metrics(Metrics& metrics) {
    static const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    static const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
    metrics.collect("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                    "counter", [] {
                        auto f = stat_fields();
                        double seconds = (field(f, 14) + field(f, 15)) / ticks;  // utime + stime
                        return std::vector<Metrics::Sample>{{{}, seconds}};
                    });
    metrics.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", {},
                  [] { return field(stat_fields(), 24) * page; });  // rss, in pages
    metrics.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", {},
                  [] { return field(stat_fields(), 23); });  // vsize
    metrics.gauge("process_open_fds", "Number of open file descriptors.", {}, [] {
        std::error_code ec;
        double n = 0;
        for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
             !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
            ++n;
        }
        return n > 0 ? n - 1 : 0;  // less the directory iterator's own descriptor
    });
    metrics.gauge("process_max_fds", "Maximum number of open file descriptors.", {}, [] {
        rlimit r{};
        return ::getrlimit(RLIMIT_NOFILE, &r) == 0 ? static_cast<double>(r.rlim_cur) : 0.0;
    });
    static const double start = boot_time() + field(stat_fields(), 22) / ticks;  // starttime
    metrics.gauge("process_start_time_seconds",
                  "Start time of the process since unix epoch in seconds.", {},
                  [] { return start; });
}

}  // namespace gridbot::app
