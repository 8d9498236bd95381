#include "bot/http/gate_conn.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gridbot::http::detail {

using Clock = GateClock;

void Poller::open() {
    epfd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd;
    ::epoll_ctl(epfd, EPOLL_CTL_ADD, wake_fd, &ev);
}

void Poller::close() {
    ::close(epfd);
    ::close(wake_fd);
    epfd = wake_fd = -1;
}

void Poller::wake() const {
    uint64_t one = 1;
    (void)!::write(wake_fd, &one, sizeof one);
}

bool Poller::woken_by(int fd) const {
    if (fd != wake_fd) return false;
    uint64_t v;
    (void)!::read(wake_fd, &v, sizeof v);
    return true;
}

void Poller::watch(int fd) const {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    ::epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

void Poller::forget(int fd) const { ::epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nullptr); }

bool send_all(int fd, const char* data, size_t size, Clock::time_point deadline) {
    while (size > 0) {
        ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            size -= static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
    }
    return true;
}

bool address_of(int fd, int (*which)(int, sockaddr*, socklen_t*), std::string& ip, int& port) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ip.clear();
    port = 0;
    if (which(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return false;
    char host[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
    } else if (ss.ss_family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
    }
    ip = host;
    return true;
}

ssize_t BufferedStream::read(char* ptr, size_t size) {
    size_t n = std::min(size, c_.buf.size() - c_.pos);
    std::memcpy(ptr, c_.buf.data() + c_.pos, n);
    c_.pos += n;
    return static_cast<ssize_t>(n);
}

ssize_t BufferedStream::write(const char* ptr, size_t size) {
    if (c_.muted) return static_cast<ssize_t>(size);  // the event streams write the head
    if (c_.failed || !send_all(c_.fd, ptr, size, Clock::now() + std::chrono::seconds(5))) {
        c_.failed = true;
        return -1;
    }
    return static_cast<ssize_t>(size);
}

}  // namespace gridbot::http::detail
