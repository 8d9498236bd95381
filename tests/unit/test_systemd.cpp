// The daemon under systemd (packaging/gridbot.service, Type=notify): the
// sd_notify messages a unit waits for, and journald priority prefixes.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "daemon_process.h"
#include "support.h"
#include "test_config.h"

using namespace gridbot;

namespace {

// A NOTIFY_SOCKET as systemd makes it: a unix datagram socket.
struct NotifySocket {
    int fd = -1;
    std::string path;
    explicit NotifySocket(const std::string& p) : path(p) {
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path.copy(addr.sun_path, sizeof addr.sun_path - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval tv{0, 200 * 1000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~NotifySocket() { ::close(fd); }
    // Every datagram received until one contains `want` (10 s), joined by '|'.
    std::string until(const std::string& want) {
        std::string all;
        for (int i = 0; i < 50 && all.find(want) == std::string::npos; ++i) {
            char buf[512];
            ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) all += std::string(buf, static_cast<size_t>(n)) + "|";
        }
        return all;
    }
};

}  // namespace

TEST_CASE(
    "under systemd the daemon notifies READY once it listens, RELOADING and READY around "
    "a SIGHUP, STOPPING on SIGTERM, and pings the watchdog") {
    test::TempDir dir;
    NotifySocket sock(dir.file("notify"));
    ::setenv("NOTIFY_SOCKET", sock.path.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "1000000", 1);  // 1 s: a ping at least every 0.5 s
    test::DaemonProcess daemon(dir, test::config_head());
    int port = daemon.start();
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    REQUIRE(port > 0);
    CHECK(sock.until("READY=1").find("READY=1") != std::string::npos);
    CHECK(sock.until("WATCHDOG=1").find("WATCHDOG=1") != std::string::npos);
    ::kill(daemon.pid(), SIGHUP);
    std::string reload = sock.until("READY=1");
    CHECK(reload.find("RELOADING=1") != std::string::npos);
    CHECK(reload.find("READY=1") != std::string::npos);
    CHECK(reload.find("RELOADING=1") < reload.rfind("READY=1"));
    CHECK(daemon.stop() == 0);
    CHECK(sock.until("STOPPING=1").find("STOPPING=1") != std::string::npos);
}

TEST_CASE("when stderr is the journal, log lines carry its <N> priority prefix and no time stamp") {
    test::TempDir dir;
    std::string log = dir.file("journal.log");
    test::write_file(log, "");
    auto r =
        test::run_command("(JOURNAL_STREAM=$(stat -c %d:%i " + log + ") " + test::gridbot_binary() +
                          " serve --config " + dir.file("missing.toml") + " 2>>" + log + ")");
    CHECK(r.exit_code == 1);
    std::string text = test::read_file(log);
    CHECK(text.rfind("<3>[config.", 0) == 0);  // an error: priority 3, first on the line
    // Not the journal (another file's inode): the usual time-stamped line.
    std::string other = dir.file("plain.log");
    test::write_file(other, "");
    test::run_command("(JOURNAL_STREAM=$(stat -c %d:%i " + log + ") " + test::gridbot_binary() +
                      " serve --config " + dir.file("missing.toml") + " 2>>" + other + ")");
    std::string plain = test::read_file(other);
    CHECK(plain.find("<3>") == std::string::npos);
    CHECK(plain.find(" error ") != std::string::npos);
}
