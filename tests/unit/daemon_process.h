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

#include "store_engines.h"
#include "support.h"

namespace gridbot::test {

class DaemonProcess {
  public:
    // `config_text` may use {DB} for the database path; port 0 is filled in by the daemon.
    DaemonProcess(const TempDir& dir, std::string config_text)
        : dir_(dir), db_(dir.file("g.db")), config_(dir.file("gridbot.toml")) {
        // A configuration a test means to be refused is refused by serve, which the test checks.
        if (write_config(std::move(config_text))) {
            run_command(gridbot_binary() + " migrate --config " + config_);
        }
    }
    // Writes the configuration file (anew, for a reload), {DB} filled in. When the
    // suite runs on PostgreSQL, `path = "{DB}"` becomes the folder's database there,
    // which the constructor migrates as an operator would (`gridbot migrate`); returns
    // whether it did.
    bool write_config(std::string text) {
        const std::string sqlite_store = "path = \"{DB}\"";
        bool on_postgresql = suite_on_postgresql() && text.find(sqlite_store) != std::string::npos;
        if (on_postgresql) {
            std::string conninfo = pg_database_of(dir_);
            text.replace(text.find(sqlite_store), sqlite_store.size(),
                         "engine = \"postgresql\"\nurl = \"" + conninfo + "\"");
            db_ = "postgresql:" + conninfo;
        }
        for (std::string::size_type at; (at = text.find("{DB}")) != std::string::npos;) {
            text.replace(at, 4, dir_.file("g.db"));
        }
        write_file(config_, text);
        return on_postgresql;
    }
    ~DaemonProcess() {
        if (pid_ > 0) kill9();
    }

    const std::string& config() const { return config_; }
    // The SQLite file, or "postgresql:CONNINFO" when the suite runs on PostgreSQL.
    const std::string& db() const { return db_; }

    // Starts and waits for the "running" line; returns the port (0 on failure).
    int start() {
        // A fresh log per start, removed first: a stale "running" line would
        // give the previous daemon's port.
        static std::atomic<int> serial{0};
        // GRIDBOT_TEST_LOG_DIR keeps every daemon's log past its test, for debugging.
        std::string name = "daemon-" + std::to_string(++serial) + ".log";
        const char* keep = std::getenv("GRIDBOT_TEST_LOG_DIR");
        log_ = keep && *keep ? std::string(keep) + "/" + std::to_string(getpid()) + "-" + name
                             : dir_.file(name);
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
    std::string db_, config_, log_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace gridbot::test
