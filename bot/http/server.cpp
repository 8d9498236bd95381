#include "bot/http/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "bot/core/error.h"
#include "bot/http/forwarded.h"
#include "bot/http/gate.h"

namespace gridbot::http {

std::string Request::header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

std::string Request::param(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
}

void Response::json(const nlohmann::json& j, int code) {
    status = code;
    content_type = "application/json";
    body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void Response::error(int code, const std::string& id, const std::string& detail) {
    json({{"error", id}, {"detail", detail}}, code);
}

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string status_error_id(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 401:
            return "unauthorized";
        case 403:
            return "forbidden";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 413:
            return "payload_too_large";
        case 414:
            return "uri_too_long";
        case 429:
            return "too_many_requests";
        default:
            return status >= 500 ? "internal" : "error";
    }
}

}  // namespace

struct Server::Impl {
    explicit Impl(detail::GateOptions o, std::function<void(int)> refused)
        : svr(o, std::move(refused)) {}
    detail::Gate svr;
    std::thread thread;
    int listen_fd = -1;
};

Server::Server(ServerOptions options, Metrics& metrics)
    : options_(std::move(options)), metrics_(metrics) {
    detail::GateOptions gate;
    gate.read_deadline = options_.read_deadline;
    gate.max_conns_per_addr = options_.max_conns_per_addr;
    gate.body_limit = options_.body_limit;
    gate.threads = static_cast<size_t>(options_.threads);
    gate.trusted_proxies = options_.trusted_proxies;
    impl_ = std::make_unique<Impl>(gate, [this](int status) {
        metrics_
            .counter("gridbot_http_requests_total", "HTTP requests by route and status",
                     {{"route", "gate"}, {"status", std::to_string(status)}})
            .inc();
    });
    auto& svr = impl_->svr;
    // Debian's build has Nagle on and closes after 5 requests (PERFORMANCE.md).
    svr.set_tcp_nodelay(true);
    svr.set_keep_alive_max_count(1000);
    svr.set_keep_alive_timeout(10);
    svr.set_payload_max_length(options_.body_limit);
    svr.set_socket_options([this](socket_t fd) {
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        impl_->listen_fd = fd;
    });
    // Errors that never reached a handler (404, 413, ...) still answer JSON.
    svr.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                      httplib::Response& res) {
        // A handler's own answer stays: a JSON error, or a page (the dashboard's 403 page).
        std::string type = res.get_header_value("Content-Type");
        if (!res.body.empty() && (type == "application/json" || type.rfind("text/html", 0) == 0)) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        nlohmann::json j = {
            {"error", status_error_id(res.status)},
            {"detail", res.status == 413
                           ? "body larger than " + std::to_string(options_.body_limit) + " bytes"
                           : req.method + " " + req.path}};
        res.set_content(j.dump(), "application/json");
        metrics_
            .counter("gridbot_http_requests_total", "HTTP requests by route and status",
                     {{"route", "unmatched"}, {"status", std::to_string(res.status)}})
            .inc();
        return httplib::Server::HandlerResponse::Handled;
    }));
    svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                 std::exception_ptr) {
        spdlog::error("event=http_exception method={} path={}", req.method, req.path);
        res.status = 500;
        res.set_content(R"({"error":"internal","detail":"internal error"})", "application/json");
    });
}

Server::~Server() { stop(); }

void Server::route(const std::string& method, const std::string& pattern, const std::string& name,
                   Handler handler) {
    auto& requests_ok = metrics_;
    Histogram& duration = metrics_.histogram("gridbot_http_request_duration_seconds",
                                             "HTTP request duration by route", {{"route", name}});
    // The common answer's counter, found once: a lookup takes the registry's lock.
    Counter& answered_200 =
        metrics_.counter("gridbot_http_requests_total", "HTTP requests by route and status",
                         {{"route", name}, {"status", "200"}});
    auto wrapped = [this, name, handler = std::move(handler), &duration, &requests_ok,
                    &answered_200](const httplib::Request& hreq, httplib::Response& hres) {
        // Durations are measured on the monotonic clock; domain time comes from Clock.
        auto started = std::chrono::steady_clock::now();
        Request req;
        req.method = hreq.method;
        req.path = hreq.path;
        for (size_t i = 1; i < hreq.matches.size(); ++i) req.captures.push_back(hreq.matches[i]);
        for (const auto& [k, v] : hreq.params) req.query.emplace(k, v);
        for (const auto& [k, v] : hreq.headers) req.headers.emplace(lower(k), v);
        req.body = hreq.body;
        req.from_trusted_proxy = options_.trusted_proxies.contains(hreq.remote_addr);
        req.remote_addr =
            forwarded_client(options_.trusted_proxies, hreq.remote_addr, forwarded_for(req));
        Response res;
        try {
            handler(req, res);
        } catch (const std::exception& e) {
            res = Response{};
            if (dynamic_cast<const Unavailable*>(&e)) {
                spdlog::warn("event=handler_unavailable route={} what=\"{}\"", name, e.what());
                res.error(503, "unavailable", "the store is unreachable; retry later");
                res.headers.emplace_back("Retry-After", "5");
            } else {
                spdlog::error("event=handler_exception route={} what=\"{}\"", name, e.what());
                res.error(500, "internal", "internal error");
            }
        } catch (...) {
            spdlog::error("event=handler_exception route={}", name);
            res = Response{};
            res.error(500, "internal", "internal error");
        }
        if (res.stream && res.status == 200) {
            detail::StreamSpec spec{res.stream->topic, res.stream->owner,
                                    std::chrono::steady_clock::now() + res.stream->max_age,
                                    res.headers};
            if (!detail::claim_for_stream(std::move(spec))) {
                res = Response{};
                res.error(500, "internal", "event streams need the gate");
            }
        }
        hres.status = res.status;
        for (const auto& [k, v] : res.headers) hres.set_header(k, v);
        hres.set_content(std::move(res.body), res.content_type);
        if (res.status == 200) {
            answered_200.inc();
        } else {
            requests_ok
                .counter("gridbot_http_requests_total", "HTTP requests by route and status",
                         {{"route", name}, {"status", std::to_string(res.status)}})
                .inc();
        }
        duration.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    };
    if (method == "GET") {
        impl_->svr.Get(pattern, wrapped);
    } else if (method == "POST") {
        impl_->svr.Post(pattern, wrapped);
    } else if (method == "PUT") {
        impl_->svr.Put(pattern, wrapped);
    } else if (method == "DELETE") {
        impl_->svr.Delete(pattern, wrapped);
    }
}

Result<int> Server::start() {
    auto& svr = impl_->svr;
    int port = options_.port == 0
                   ? svr.bind_to_any_port(options_.bind)
                   : (svr.bind_to_port(options_.bind, options_.port) ? options_.port : -1);
    if (port < 0) {
        return Error{"http.bind",
                     "cannot listen on " + options_.bind + ":" + std::to_string(options_.port)};
    }
    // httplib listens with a backlog of 5; a morning burst needs more.
    if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, 4096);
    port_ = port;
    svr.start_loop();
    impl_->thread = std::thread([&svr] { svr.listen_after_bind(); });
    while (!svr.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port;
}

void Server::set_event_source(
    std::function<std::optional<std::string>(const std::string& topic)> f) {
    impl_->svr.streams().set_source(std::move(f));
}

void Server::end_streams(const std::string& owner) { impl_->svr.streams().end_owner(owner); }

size_t Server::open_streams() const { return impl_->svr.streams().open(); }

void Server::stop() {
    if (impl_->thread.joinable()) {
        impl_->svr.stop();
        impl_->thread.join();
        impl_->svr.stop_loop();
    }
}

}  // namespace gridbot::http
