#include "bot/http/event_streams.h"

#include <spdlog/spdlog.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace gridbot::http::detail {

using Clock = GateClock;

namespace {

// An event's frame: each line of the data after "data: ", a blank line to end it.
std::string frame(const std::string& data) {
    std::string out = "data: ";
    for (char ch : data) {
        if (ch == '\r') continue;
        out += ch;
        if (ch == '\n') out += "data: ";
    }
    out += "\n\n";
    return out;
}

bool is_one_of(const std::string& name, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        if (::strcasecmp(name.c_str(), n) == 0) return true;
    }
    return false;
}

std::string head(const StreamSpec& spec) {
    std::string out =
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "X-Accel-Buffering: no\r\n"
        "Connection: close\r\n";
    for (const auto& [k, v] : spec.headers) {
        if (is_one_of(k, {"Content-Type", "Cache-Control", "Content-Length", "Connection",
                          "Transfer-Encoding", "X-Accel-Buffering", "X-Content-Type-Options"}))
            continue;
        out += k + ": " + v + "\r\n";
    }
    // The page reconnects 3 s after a stream ends, and is authorized again.
    out += "\r\nretry: 3000\n\n";
    return out;
}

}  // namespace

EventStreams::EventStreams(std::chrono::milliseconds period, std::chrono::milliseconds heartbeat)
    : period_(period), heartbeat_(heartbeat) {}

EventStreams::~EventStreams() { stop(); }

void EventStreams::set_source(Source source) {
    std::lock_guard lock(mu_);
    source_ = std::move(source);
}

void EventStreams::start(Closer closer) {
    closer_ = std::move(closer);
    poller_.open();
    thread_ = std::thread([this] { loop(); });
}

void EventStreams::stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    poller_.wake();
    thread_.join();
    for (auto& [fd, s] : subs_) closer_(std::move(s.conn));
    subs_.clear();
    std::lock_guard lock(mu_);
    for (auto& [c, spec] : incoming_) closer_(std::move(c));
    incoming_.clear();
    open_ = 0;
    poller_.close();
}

void EventStreams::adopt(std::unique_ptr<Conn> c, StreamSpec spec) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || !thread_.joinable()) {
            closer_ ? closer_(std::move(c)) : (void)::close(c->fd);
            return;
        }
        incoming_.emplace_back(std::move(c), std::move(spec));
        ++open_;
    }
    poller_.wake();
}

void EventStreams::end_owner(const std::string& owner) {
    {
        std::lock_guard lock(mu_);
        ending_.push_back(owner);
    }
    poller_.wake();
}

size_t EventStreams::open() const {
    std::lock_guard lock(mu_);
    return open_;
}

bool EventStreams::write_now(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n =
            ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return false;  // would block (the page is not reading) or gone
    }
    return true;
}

void EventStreams::close_sub(int fd) {
    auto it = subs_.find(fd);
    if (it == subs_.end()) return;
    poller_.forget(fd);
    auto conn = std::move(it->second.conn);
    subs_.erase(it);
    {
        std::lock_guard lock(mu_);
        --open_;
    }
    closer_(std::move(conn));
}

void EventStreams::tick(Clock::time_point now, bool fresh_only) {
    Source source;
    {
        std::lock_guard lock(mu_);
        source = source_;
    }
    // Each watched topic's data, computed once however many streams watch it.
    std::map<std::string, std::optional<std::string>> data;
    std::vector<int> gone;
    for (auto& [fd, s] : subs_) {
        if (fresh_only && !s.fresh) continue;
        if (s.spec.until <= now) {
            gone.push_back(fd);
            continue;
        }
        auto it = data.find(s.spec.topic);
        if (it == data.end()) {
            std::optional<std::string> d;
            try {
                if (source) d = source(s.spec.topic);
            } catch (const std::exception& e) {
                spdlog::error("event=event_stream_source_failed what=\"{}\"", e.what());
            }
            it = data.emplace(s.spec.topic, std::move(d)).first;
        }
        const auto& d = it->second;
        if (!d) {
            gone.push_back(fd);
            continue;
        }
        std::string out;
        if (s.fresh) out = head(s.spec);
        if (*d != s.sent) {
            out += frame(*d);
        } else if (!s.fresh && now - s.last_write < heartbeat_) {
            continue;
        } else if (out.empty()) {
            out = ":\n\n";  // a comment: keeps the connection alive through proxies
        }
        if (!write_now(fd, out)) {
            gone.push_back(fd);
            continue;
        }
        s.fresh = false;
        s.sent = *d;
        s.last_write = now;
    }
    for (int fd : gone) close_sub(fd);
}

void EventStreams::loop() {
    std::vector<epoll_event> events(64);
    auto next = Clock::now() + period_;
    while (true) {
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
        int n = ::epoll_wait(poller_.epfd, events.data(), static_cast<int>(events.size()),
                             static_cast<int>(std::max<int64_t>(0, wait.count())));
        std::vector<std::pair<std::unique_ptr<Conn>, StreamSpec>> fresh;
        std::vector<std::string> ending;
        {
            std::lock_guard lock(mu_);
            if (stopping_) break;
            fresh.swap(incoming_);
            ending.swap(ending_);
        }
        for (int i = 0; i < n; ++i) {
            int fd = events[static_cast<size_t>(i)].data.fd;
            if (poller_.woken_by(fd)) continue;
            // A page sends nothing after its request: readable means gone.
            char chunk[512];
            ssize_t got;
            while ((got = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT)) > 0) {
            }
            if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) ||
                (events[static_cast<size_t>(i)].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
                close_sub(fd);
        }
        for (const auto& owner : ending) {
            std::vector<int> gone;
            for (const auto& [fd, s] : subs_) {
                if (owner.empty() || s.spec.owner == owner) gone.push_back(fd);
            }
            for (int fd : gone) close_sub(fd);
        }
        auto now = Clock::now();
        for (auto& [c, spec] : fresh) {
            int fd = c->fd;
            poller_.watch(fd);
            Sub& s = subs_[fd];
            s.conn = std::move(c);
            s.spec = std::move(spec);
            s.last_write = now;
        }
        // New streams get their head and data at once; the rest once a period.
        if (now >= next) {
            tick(now, false);
            next = now + period_;
        } else if (!fresh.empty()) {
            tick(now, true);
        }
    }
}

}  // namespace gridbot::http::detail
