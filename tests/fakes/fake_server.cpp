#include "tests/fakes/fake_server.h"

#include <httplib.h>

#include <stdexcept>

namespace gridbot::fakes {

bool SlidingWindow::admit(const std::string& key, std::chrono::milliseconds& wait) {
    auto now = std::chrono::steady_clock::now();
    auto& q = events_[key];
    while (!q.empty() && now - q.front() >= window_) q.pop_front();
    if (q.size() >= limit_) {
        wait = std::chrono::duration_cast<std::chrono::milliseconds>(window_ - (now - q.front()));
        return false;
    }
    q.push_back(now);
    wait = std::chrono::milliseconds(0);
    return true;
}

FakeServer::FakeServer() : server_(std::make_unique<httplib::Server>()) {}

FakeServer::~FakeServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
}

void FakeServer::start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("fake server: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void FakeServer::record(Received r) {
    std::lock_guard lock(mu_);
    received_.push_back(std::move(r));
}

std::vector<Received> FakeServer::received() const {
    std::lock_guard lock(mu_);
    return received_;
}

std::size_t FakeServer::accepted_count() const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const auto& r : received_) n += r.accepted ? 1 : 0;
    return n;
}

}  // namespace gridbot::fakes
