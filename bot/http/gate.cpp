#include "bot/http/gate.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bot/http/gate_conn.h"

namespace gridbot::http::detail {

using Clock = GateClock;

namespace {

// Workers run under SCHED_BATCH: see docs/delivery.md (waking a worker must
// not preempt the store's writer).
class BatchWorkers : public httplib::TaskQueue {
  public:
    explicit BatchWorkers(size_t threads) : pool_(threads) {}
    void enqueue(std::function<void()> fn) override {
        pool_.enqueue([fn = std::move(fn)] {
            thread_local bool batched = [] {
                sched_param none{};
                if (int rc = pthread_setschedparam(pthread_self(), SCHED_BATCH, &none); rc != 0) {
                    spdlog::warn("event=http_worker_policy_failed errno={}", rc);
                }
                return true;
            }();
            (void)batched;
            fn();
        });
    }
    void shutdown() override { pool_.shutdown(); }

  private:
    httplib::ThreadPool pool_;
};

// httplib's accept loop enqueues each socket; the gate takes it at once.
class Inline : public httplib::TaskQueue {
  public:
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override {}
};

thread_local Conn* t_serving = nullptr;  // the connection this worker is serving

const char* reason(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 408:
            return "Request Timeout";
        case 414:
            return "URI Too Long";
        case 431:
            return "Request Header Fields Too Large";
        default:
            return "Service Unavailable";
    }
}

}  // namespace

bool claim_for_stream(StreamSpec spec) {
    if (!t_serving) return false;
    t_serving->stream = std::move(spec);
    t_serving->muted = true;
    return true;
}

Gate::Gate(GateOptions options, std::function<void(int)> refused)
    : opt_(options), refused_(std::move(refused)) {
    new_task_queue = [] { return new Inline(); };
}

Gate::~Gate() { stop_loop(); }

void Gate::start_loop() {
    poller_.open();
    workers_ = std::make_unique<BatchWorkers>(opt_.threads);
    thread_ = std::thread([this] { loop(); });
    streams_.start([this](std::unique_ptr<Conn> c) { close_conn(std::move(c)); });
}

void Gate::stop_loop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    poller_.wake();
    thread_.join();
    workers_->shutdown();
    streams_.stop();
    std::lock_guard lock(mu_);
    for (auto& c : incoming_) ::close(c->fd);
    incoming_.clear();
    poller_.close();
}

bool Gate::process_and_close_socket(socket_t sock) {
    auto c = std::make_unique<Conn>();
    c->fd = sock;
    ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK);
    if (!address_of(sock, ::getpeername, c->addr, c->port)) {
        ::close(sock);
        return false;
    }
    // A trusted proxy's connection is counted once its request names the client.
    c->proxied = opt_.trusted_proxies.contains(c->addr);
    if (!c->proxied && !count_under(*c, c->addr)) {
        refuse_crowded(*c);
        ::close(sock);
        return false;
    }
    adopt(std::move(c));
    return true;
}

void Gate::adopt(std::unique_ptr<Conn> c) {
    c->deadline = Clock::now() + opt_.read_deadline;
    c->continued = false;
    {
        std::lock_guard lock(mu_);
        incoming_.push_back(std::move(c));
    }
    poller_.wake();
}

void Gate::refuse(Conn& c, int status, const std::string& id, const std::string& detail) {
    std::string body = R"({"error":")" + id + R"(","detail":")" + detail + "\"}";
    std::string out =
        "HTTP/1.1 " + std::to_string(status) + " " + reason(status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n\r\n" + body;
    send_all(c.fd, out.data(), out.size(), Clock::now() + std::chrono::seconds(1));
    // Closing with unread bytes would reset the connection and lose the answer:
    // the loop reads and drops what still comes for a second, then closes.
    ::shutdown(c.fd, SHUT_WR);
    c.draining = true;
    c.deadline = Clock::now() + std::chrono::seconds(1);
    if (refused_) refused_(status);
}

void Gate::refuse_crowded(Conn& c) {
    refuse(c, 503, "too_many_connections",
           "more than " + std::to_string(opt_.max_conns_per_addr) +
               " open connections from this address");
}

bool Gate::count_under(Conn& c, const std::string& addr) {
    std::lock_guard lock(mu_);
    if (c.counted == addr) return true;
    uncount_locked(c);
    int& open = per_addr_[addr];
    if (open >= opt_.max_conns_per_addr) return false;
    ++open;
    c.counted = addr;
    return true;
}

void Gate::uncount_locked(Conn& c) {
    auto it = per_addr_.find(c.counted);
    if (it != per_addr_.end() && --it->second <= 0) per_addr_.erase(it);
    c.counted.clear();
}

void Gate::close_conn(std::unique_ptr<Conn> c) {
    ::close(c->fd);
    std::lock_guard lock(mu_);
    uncount_locked(*c);
}

void Gate::loop() {
    std::vector<epoll_event> events(256);
    auto last_sweep = Clock::now();
    while (true) {
        int n = ::epoll_wait(poller_.epfd, events.data(), static_cast<int>(events.size()), 100);
        std::vector<std::unique_ptr<Conn>> fresh;
        {
            std::lock_guard lock(mu_);
            if (stopping_) break;
            fresh.swap(incoming_);
        }
        for (int i = 0; i < n; ++i) {
            int fd = events[static_cast<size_t>(i)].data.fd;
            if (poller_.woken_by(fd)) continue;
            auto it = waiting_.find(fd);
            if (it != waiting_.end()) on_readable(*it->second);
        }
        for (auto& c : fresh) {
            int fd = c->fd;
            poller_.watch(fd);
            waiting_[fd] = std::move(c);
            on_readable(*waiting_[fd]);  // bytes may already be buffered or pending
        }
        auto now = Clock::now();
        if (now - last_sweep < std::chrono::milliseconds(100)) continue;
        last_sweep = now;
        for (auto it = waiting_.begin(); it != waiting_.end();) {
            auto cur = it++;
            if (cur->second && cur->second->deadline <= now) {
                Conn& c = *cur->second;
                if (!c.draining && c.buf.size() > c.pos) {
                    refuse(c, 408, "request_timeout", "request not complete in time");
                }
                poller_.forget(c.fd);
                close_conn(std::move(cur->second));
                waiting_.erase(cur);
            }
        }
    }
    for (auto& [fd, c] : waiting_) {
        if (c) close_conn(std::move(c));
    }
    waiting_.clear();
}

void Gate::drop(int fd) {
    poller_.forget(fd);
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    auto owned = std::move(it->second);
    waiting_.erase(it);
    close_conn(std::move(owned));
}

void Gate::on_readable(Conn& c) {
    bool closed = false;
    char chunk[16384];
    if (c.draining) {
        while (true) {
            ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
            if (n > 0) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
            break;
        }
        drop(c.fd);
        return;
    }
    while (true) {
        ssize_t n = ::recv(c.fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            c.buf.append(chunk, static_cast<size_t>(n));
            if (c.buf.size() - c.pos > opt_.max_head &&
                scan_head(c.buf, opt_).verdict != HeadScan::Incomplete)
                break;
            if (c.buf.size() - c.pos > opt_.max_head + opt_.body_limit) break;
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) closed = true;
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    std::string_view pending(c.buf);
    pending.remove_prefix(c.pos);
    HeadScan h = scan_head(pending, opt_);
    bool ready = false;
    if (h.verdict == HeadScan::TooLarge) {
        refuse(c, 431, "header_fields_too_large",
               "at most " + std::to_string(opt_.max_fields) + " header fields of " +
                   std::to_string(opt_.max_line) + " bytes");
        c.buf = std::string();
        return;
    } else if (h.verdict == HeadScan::UriTooLong) {
        refuse(c, 414, "uri_too_long", "request line over " + std::to_string(opt_.max_line));
        c.buf = std::string();
        return;
    } else if (h.verdict == HeadScan::Complete) {
        if (c.proxied &&
            !count_under(c, forwarded_client(opt_.trusted_proxies, c.addr, h.forwarded_for))) {
            refuse_crowded(c);
            c.buf = std::string();
            return;
        }
        size_t have = pending.size() - h.head_len;
        if (h.chunked) {
            ready = pending.find("\r\n0\r\n\r\n", h.head_len - 2) != std::string_view::npos ||
                    have > opt_.body_limit;
            c.must_close = have > opt_.body_limit;
        } else if (h.content_length > opt_.body_limit) {
            ready = c.must_close = true;  // httplib answers 413 without the body
        } else {
            ready = have >= h.content_length;
        }
        if (!ready && h.expect_continue && !c.continued) {
            static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
            send_all(c.fd, kContinue, sizeof kContinue - 1, Clock::now() + std::chrono::seconds(1));
            c.continued = true;
        }
    }
    if (!ready && !closed) return;
    if (!ready) {
        drop(c.fd);
        return;
    }
    int fd = c.fd;
    poller_.forget(fd);
    auto owned = std::move(waiting_[fd]);
    waiting_.erase(fd);
    if (closed) owned->must_close = true;
    auto* raw = owned.release();
    workers_->enqueue([this, raw] { serve(std::unique_ptr<Conn>(raw)); });
}

void Gate::serve(std::unique_ptr<Conn> c) {
    BufferedStream s(*c);
    bool connection_closed = false;
    t_serving = c.get();
    bool ok = process_request(s, c->must_close, connection_closed, nullptr);
    t_serving = nullptr;
    if (c->stream) {
        StreamSpec spec = std::move(*c->stream);
        c->stream.reset();
        c->muted = false;
        if (!ok || c->failed) return close_conn(std::move(c));
        streams_.adopt(std::move(c), std::move(spec));
        return;
    }
    if (!ok || connection_closed || c->must_close || c->failed) {
        close_conn(std::move(c));
        return;
    }
    c->buf.erase(0, c->pos);
    c->pos = 0;
    adopt(std::move(c));
}

}  // namespace gridbot::http::detail
