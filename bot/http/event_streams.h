#pragma once
// Server-Sent Events (issue 15): a dashboard page keeps one connection open
// and the daemon pushes its numbers when they change, instead of the page
// asking every few seconds. A handler that answers with Response::stream
// gives its connection up: the gate (bot/http/gate.h) hands the socket here
// instead of back to its keep-alive loop, and one thread serves every open
// stream. Once a `period` it asks the source for each watched topic's data
// (once per topic, however many pages watch it) and writes it, without
// blocking, to each stream that has not had that data yet; a stream that
// cannot take it (the page's machine is not reading) is closed and the page
// reconnects. A comment line every `heartbeat` keeps proxies from closing an
// idle stream. A stream ends at its `until` (the page reconnects, and is
// authorized again), when its owner signs out, or when the page goes away.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bot/http/gate_conn.h"

namespace gridbot::http::detail {

class EventStreams {
  public:
    // The data of an event on `topic` now, one line (JSON); nullopt: the topic
    // is gone and its streams end. Called on the streams' thread.
    using Source = std::function<std::optional<std::string>(const std::string& topic)>;
    // Closes a stream's connection (the gate's: the per-address count too).
    using Closer = std::function<void(std::unique_ptr<Conn>)>;

    EventStreams(std::chrono::milliseconds period, std::chrono::milliseconds heartbeat);
    ~EventStreams();

    void set_source(Source source);
    void start(Closer closer);
    void stop();

    // Takes a connection whose request was answered with `spec`; the streams'
    // thread writes the head and the topic's data at once.
    void adopt(std::unique_ptr<Conn> c, StreamSpec spec);
    // Ends the streams of `owner` (a signed-out session); "" ends every stream.
    void end_owner(const std::string& owner);
    size_t open() const;

  private:
    struct Sub {
        std::unique_ptr<Conn> conn;
        StreamSpec spec;
        std::string sent;  // the data written last
        GateClock::time_point last_write;
        bool fresh = true;  // the head is not written yet
    };
    void loop();
    // Writes what each stream lacks; `fresh_only`: only streams just adopted.
    void tick(GateClock::time_point now, bool fresh_only);
    void close_sub(int fd);
    // Writes `bytes` whole or not at all as far as the caller cares: false
    // when the socket would block or is gone (the stream is then closed).
    static bool write_now(int fd, const std::string& bytes);

    std::chrono::milliseconds period_, heartbeat_;
    Source source_;
    Closer closer_;
    Poller poller_;
    std::thread thread_;
    mutable std::mutex mu_;
    bool stopping_ = false;
    std::vector<std::pair<std::unique_ptr<Conn>, StreamSpec>> incoming_;  // under mu_
    std::vector<std::string> ending_;                                     // owners, under mu_
    size_t open_ = 0;                                                     // under mu_
    std::map<int, Sub> subs_;                                             // the thread's
};

}  // namespace gridbot::http::detail
