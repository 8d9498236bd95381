#pragma once
// The front of the HTTP server (issue 14, item 7). cpp-httplib hands every
// accepted socket to a worker that then blocks reading it, so 32 slow clients
// hold 32 workers. The gate takes the socket instead: one event-loop thread
// reads each request's head and body with poll and a whole-request deadline,
// refuses heads past the limits (431/414/400), and only a complete request
// takes a worker, which runs httplib's own request processing over the bytes
// already read. Between requests a keep-alive connection goes back to the
// loop, so idle connections cost a file descriptor, not a thread.
#include <httplib.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bot/http/event_streams.h"
#include "bot/http/head.h"

namespace gridbot::http::detail {

struct Conn;

// Called by a handler on a gate's worker: the connection being served becomes
// an event stream once the handler returns. False off a gate's worker.
bool claim_for_stream(StreamSpec spec);

class Gate : public httplib::Server {
  public:
    // `refused` is told the status of every answer the gate gives itself.
    Gate(GateOptions options, std::function<void(int status)> refused);
    ~Gate() override;
    void start_loop();
    void stop_loop();
    EventStreams& streams() { return streams_; }

  private:
    // Called on httplib's accept thread (the task queue runs it inline).
    bool process_and_close_socket(socket_t sock) override;
    void loop();
    void on_readable(Conn& c);
    void drop(int fd);  // loop thread: stop watching and close
    void adopt(std::unique_ptr<Conn> c);
    void serve(std::unique_ptr<Conn> c);
    void hand_back(std::unique_ptr<Conn> c);
    void refuse(Conn& c, int status, const std::string& id, const std::string& detail);
    void close_conn(std::unique_ptr<Conn> c);
    // The per-address cap: counts `c` under `addr` (giving up the slot it held
    // under another); false when `addr` already has max_conns_per_addr.
    bool count_under(Conn& c, const std::string& addr);
    void uncount_locked(Conn& c);  // under mu_
    void refuse_crowded(Conn& c);  // 503 too_many_connections

    GateOptions opt_;
    std::function<void(int)> refused_;
    Poller poller_;
    std::thread thread_;
    std::unique_ptr<httplib::TaskQueue> workers_;
    std::mutex mu_;
    bool stopping_ = false;
    std::vector<std::unique_ptr<Conn>> incoming_;   // to the loop, under mu_
    std::map<std::string, int> per_addr_;           // open connections, under mu_
    std::map<int, std::unique_ptr<Conn>> waiting_;  // loop thread only
    EventStreams streams_{std::chrono::seconds(1), std::chrono::seconds(15)};
};

}  // namespace gridbot::http::detail
