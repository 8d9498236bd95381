#pragma once
// Black-box tests start the real daemon (STYLE.md): a generated config with a
// free port and a temporary database, the gridbot binary as a child process,
// its log in a file, stopped by SIGTERM or killed by SIGKILL.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "support.h"

namespace gridbot::test {

class DaemonProcess {
  public:
    // `config_text` may use {DB} for the database path; port 0 is filled in by the daemon.
    DaemonProcess(const TempDir& dir, std::string config_text) : dir_(dir) {
        for (std::string::size_type at; (at = config_text.find("{DB}")) != std::string::npos;) {
            config_text.replace(at, 4, dir.file("g.db"));
        }
        config_ = dir.file("gridbot.toml");
        write_file(config_, config_text);
    }
    ~DaemonProcess() {
        if (pid_ > 0) kill9();
    }

    const std::string& config() const { return config_; }
    std::string db() const { return dir_.file("g.db"); }

    // Starts and waits for the "running" line; returns the port (0 on failure).
    int start() {
        // A fresh log per start, removed first: a stale "running" line would
        // give the previous daemon's port.
        static std::atomic<int> serial{0};
        log_ = dir_.file("daemon-" + std::to_string(++serial) + ".log");
        std::filesystem::remove(log_);
        pid_ = fork();
        if (pid_ == 0) {
            // If the test process dies (a crash, a failed REQUIRE that aborts),
            // its daemon must not live on holding ports and files.
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            FILE* f = freopen(log_.c_str(), "w", stderr);
            (void)f;
            dup2(fileno(stderr), fileno(stdout));
            execl(gridbot_binary().c_str(), "gridbot", "serve", "--config", config_.c_str(),
                  nullptr);
            _exit(127);
        }
        std::regex running("event=running url=http://[0-9.]+:([0-9]+)");
        for (int i = 0; i < 1000; ++i) {
            std::smatch m;
            std::string text = read_file(log_);
            if (std::regex_search(text, m, running)) {
                port_ = std::stoi(m[1]);
                return port_;
            }
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return 0;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return 0;
    }

    // SIGTERM; returns the exit code (-1 if it had to be killed after 20 s).
    int stop() {
        if (pid_ <= 0) return -1;
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 2000; ++i) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill9();
        return -1;
    }

    void kill9() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    std::string log() const { return read_file(log_); }

  private:
    const TempDir& dir_;
    std::string config_, log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace gridbot::test
