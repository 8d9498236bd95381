#pragma once
// The daemon's side of systemd (packaging/gridbot.service, Type=notify):
// readiness, reloads, stopping and watchdog pings through sd_notify, and
// journald priority prefixes on log lines when stderr is the journal. Outside
// systemd (no NOTIFY_SOCKET, no JOURNAL_STREAM) every call does nothing.
#include <chrono>

namespace gridbot::app::systemd {

void notify_ready();
void notify_reloading();
void notify_stopping();
// Pings the watchdog when WatchdogSec= is set and half its interval has
// passed since the last ping; cheap to call every loop turn.
void watchdog_tick();

// True when stderr is the journal's stream (JOURNAL_STREAM names stderr's
// device and inode), so log lines should carry "<N>" priority prefixes.
bool stderr_is_journal();

}  // namespace gridbot::app::systemd
