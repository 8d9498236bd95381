#pragma once
// A connection as the gate (bot/http/gate.h) holds it, and the socket I/O the
// gate and httplib's request processing share: the bytes read ahead, the
// deadline, and the address it is counted under for the per-address cap.
#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gridbot::http::detail {

using GateClock = std::chrono::steady_clock;

// A request answered with an event stream (bot/http/event_streams.h).
struct StreamSpec {
    std::string topic;  // what the source is asked for
    std::string owner;  // the session it belongs to ("" none): end_owner() ends it
    GateClock::time_point until;
    std::vector<std::pair<std::string, std::string>>
        headers;  // the handler's own, added to the head
};

struct Conn {
    int fd = -1;
    std::string addr;  // the peer
    int port = 0;
    std::string counted;   // the address its slot in the cap is under; "" none
    bool proxied = false;  // the peer is a trusted proxy: counted under X-Forwarded-For's client
    std::string buf;       // bytes read and not yet consumed by a request
    size_t pos = 0;        // read position of the worker
    GateClock::time_point deadline;
    bool continued = false;   // 100 Continue sent for this request
    bool must_close = false;  // the request was handed over incomplete (413)
    bool failed = false;      // a write failed
    bool draining = false;    // refused: reading what the client still sends, then close
    // Claimed by its handler for an event stream: httplib's answer is not
    // written (muted), and the gate hands the socket to the streams.
    std::optional<StreamSpec> stream;
    bool muted = false;
};

// An epoll set and an eventfd in it that any thread writes to wake the one
// thread waiting on the set: the gate's loop and the event streams' each own one.
struct Poller {
    int epfd = -1;
    int wake_fd = -1;
    void open();
    void close();
    void wake() const;
    // True (and the wake-up read) when `fd`, an event's descriptor, is the wake fd.
    bool woken_by(int fd) const;
    void watch(int fd) const;  // readable or hung up
    void forget(int fd) const;
};

// Writes all of `data` within `deadline`; false when the peer is gone or slow.
bool send_all(int fd, const char* data, size_t size, GateClock::time_point deadline);

// The numeric address and port of a socket's end, as getpeername or getsockname says.
bool address_of(int fd, int (*which)(int, sockaddr*, socklen_t*), std::string& ip, int& port);

// httplib's request processing reads the request from the gate's buffer and
// writes its answer straight to the socket.
class BufferedStream : public httplib::Stream {
  public:
    explicit BufferedStream(Conn& c) : c_(c) {}
    bool is_readable() const override { return c_.pos < c_.buf.size(); }
    bool is_writable() const override { return !c_.failed; }
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.addr;
        port = c_.port;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        address_of(c_.fd, ::getsockname, ip, port);
    }
    socket_t socket() const override { return c_.fd; }

  private:
    Conn& c_;
};

}  // namespace gridbot::http::detail
