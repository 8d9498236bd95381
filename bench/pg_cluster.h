// A PostgreSQL database for a benchmark (issue 18): the database
// GRIDBOT_PG_URL names, or a private cluster (tests/pg/cluster.sh, fsync off as
// in the tests) started in a folder of the benchmark's, stopped and removed with it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gridbot::bench {

class PgForBench {
  public:
    PgForBench() = default;
    PgForBench(const PgForBench&) = delete;
    PgForBench& operator=(const PgForBench&) = delete;
    ~PgForBench() { stop(); }

    // The database to use; false (the reason on stderr) when the cluster did not start.
    bool start(const std::string& dir) {
        const char* env = std::getenv("GRIDBOT_PG_URL");
        if (env && *env) {
            conninfo_ = env;
            return true;
        }
        dir_ = dir;
        const std::string cmd = script() + " start " + dir + " > " + dir + ".log 2>&1";
        if (std::system(cmd.c_str()) != 0) {
            std::fprintf(stderr, "PostgreSQL did not start: %s\n", read(dir + ".log").c_str());
            dir_.clear();
            return false;
        }
        conninfo_ = read(dir + "/url");
        while (!conninfo_.empty() && conninfo_.back() == '\n') conninfo_.pop_back();
        return true;
    }

    const std::string& conninfo() const { return conninfo_; }

    // Empties the database (schema public dropped and made again) for the next round.
    bool reset() const {
        const std::string cmd = "psql \"" + conninfo_ +
                                "\" -q -v ON_ERROR_STOP=1 -c 'DROP SCHEMA public CASCADE' -c "
                                "'CREATE SCHEMA public' > /dev/null 2>&1";
        return std::system(cmd.c_str()) == 0;
    }

    void stop() {
        if (dir_.empty()) return;
        const std::string cmd = script() + " stop " + dir_ + " > /dev/null 2>&1";
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "stopping PostgreSQL failed\n");
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        std::filesystem::remove(dir_ + ".log", ec);
        dir_.clear();
    }

  private:
    static std::string script() { return std::string(GRIDBOT_SOURCE_DIR) + "/tests/pg/cluster.sh"; }
    static std::string read(const std::string& path) {
        std::ifstream in(path);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::string conninfo_;
    std::string dir_;  // our own cluster's folder, empty when GRIDBOT_PG_URL was given
};

}  // namespace gridbot::bench
