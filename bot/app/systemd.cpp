#include "bot/app/systemd.h"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace gridbot::app::systemd {

namespace {

using Clock = std::chrono::steady_clock;

// The watchdog interval (0: no watchdog), read once.
std::chrono::microseconds watchdog_interval() {
    static const std::chrono::microseconds interval = [] {
        uint64_t usec = 0;
        return sd_watchdog_enabled(0, &usec) > 0 ? std::chrono::microseconds(usec)
                                                 : std::chrono::microseconds(0);
    }();
    return interval;
}

}  // namespace

void notify_ready() { sd_notify(0, "READY=1\nSTATUS=running"); }

void notify_reloading() {
    // RELOADING=1 wants the monotonic time of the reload since systemd 253;
    // older ones ignore the extra field.
    std::string msg = "RELOADING=1\nMONOTONIC_USEC=" +
                      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                         Clock::now().time_since_epoch())
                                         .count());
    sd_notify(0, msg.c_str());
}

void notify_stopping() { sd_notify(0, "STOPPING=1"); }

void watchdog_tick() {
    const auto interval = watchdog_interval();
    if (interval.count() == 0) return;
    static Clock::time_point last{};
    const auto now = Clock::now();
    if (now - last < interval / 2) return;
    last = now;
    sd_notify(0, "WATCHDOG=1");
}

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) return false;
    struct stat st {};
    if (::fstat(STDERR_FILENO, &st) != 0) return false;
    return std::string(stream) == std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

}  // namespace gridbot::app::systemd
