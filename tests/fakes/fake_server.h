#pragma once
// The base of the fake platform servers (STYLE.md "fakes over mocks"): a
// cpp-httplib server on 127.0.0.1, port 0 (bind_to_any_port), run on its own
// thread, stopped by the destructor. Each fake records what it received and
// applies the platform's rate limit per target with a sliding window.
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
}

namespace gridbot::fakes {

struct Received {
    std::string method;
    std::string path;
    std::multimap<std::string, std::string> query;
    std::string body;
    bool accepted = false;  // the fake answered success
    std::string verdict;    // what it answered, e.g. "errcode=0"
};

// At most `limit` events per `window` per key; reports the wait until a slot frees.
class SlidingWindow {
  public:
    SlidingWindow(std::size_t limit, std::chrono::milliseconds window)
        : limit_(limit), window_(window) {}
    // True and records the event if under the limit; else false and `wait` set.
    bool admit(const std::string& key, std::chrono::milliseconds& wait);

  private:
    std::size_t limit_;
    std::chrono::milliseconds window_;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> events_;
};

class FakeServer {
  public:
    FakeServer();
    virtual ~FakeServer();
    FakeServer(const FakeServer&) = delete;
    FakeServer& operator=(const FakeServer&) = delete;

    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Received> received() const;
    std::size_t accepted_count() const;

  protected:
    // Subclasses register routes on server() in their constructor, then call start().
    httplib::Server& server() { return *server_; }
    void start();
    void record(Received r);
    void received_unlocked(Received r) { received_.push_back(std::move(r)); }  // mu_ held
    mutable std::mutex mu_;

  private:
    std::unique_ptr<httplib::Server> server_;
    std::thread thread_;
    int port_ = 0;
    std::vector<Received> received_;
};

}  // namespace gridbot::fakes
