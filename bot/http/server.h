#pragma once
// The HTTP server: cpp-httplib behind our own Request/Response types, tuned
// as PERFORMANCE.md says (TCP_NODELAY, long keep-alive, sized thread pool,
// backlog 4096). Every answer is counted and timed per route; errors are JSON
// {"error","detail"}; no exception escapes a handler (it becomes a 500 with a
// fixed body, the detail goes to the log only).
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/address.h"
#include "bot/core/error.h"
#include "bot/core/metrics.h"

namespace gridbot::http {

struct Request {
    std::string method;
    std::string path;
    std::vector<std::string> captures;                // regex groups of the route pattern
    std::multimap<std::string, std::string> query;    // decoded
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::string remote_addr;          // the client: X-Forwarded-For's, through a trusted proxy
    bool from_trusted_proxy = false;  // the peer is in [http] trusted_proxies

    std::string header(const std::string& lower_name) const;
    std::string param(const std::string& name) const;  // query parameter or ""
};

// An answer that stays open as Server-Sent Events: the server pushes the
// topic's data (Server::set_event_source) whenever it changes, at most once a
// second, until `max_age` has passed or the owner's streams are ended.
struct EventStream {
    std::string topic;
    std::string owner;  // a session's id: Server::end_streams(owner) ends its streams
    std::chrono::seconds max_age{60};
};

struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    std::optional<EventStream> stream;  // with status 200: the connection becomes the stream

    void json(const nlohmann::json& j, int code = 200);
    // {"error": id, "detail": detail}
    void error(int code, const std::string& id, const std::string& detail);
};

using Handler = std::function<void(const Request&, Response&)>;

struct ServerOptions {
    std::string bind = "127.0.0.1";
    int port = 0;  // 0: any free port
    int threads = 64;
    size_t body_limit = 1 << 20;
    std::chrono::milliseconds read_deadline{10000};  // a request's head and body; then 408
    int max_conns_per_addr = 256;                    // beyond: 503 and close
    AddressSet trusted_proxies{};                    // peers whose X-Forwarded-For names the client
};

class Server {
  public:
    Server(ServerOptions options, Metrics& metrics);
    ~Server();

    // `pattern` is an ECMAScript regex over the whole path; `name` labels metrics.
    void route(const std::string& method, const std::string& pattern, const std::string& name,
               Handler handler);

    // Binds and starts serving on a background thread; returns the bound port.
    Result<int> start();
    void stop();
    int port() const { return port_; }

    // What an event stream's topic holds now (one line; nullopt: the topic is
    // gone and its streams end). Asked once a second per watched topic, on the
    // streams' own thread, and once for each new stream.
    void set_event_source(std::function<std::optional<std::string>(const std::string& topic)> f);
    // Ends the open event streams of `owner`; "" ends them all (their pages
    // reconnect and are authorized again).
    void end_streams(const std::string& owner);
    size_t open_streams() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ServerOptions options_;
    Metrics& metrics_;
    int port_ = 0;
};

}  // namespace gridbot::http
