#pragma once
// A fake receiver for the generic webhook platform (DESIGN.md §9): verifies
// X-Gridbot-Signature and the timestamp window exactly as a real bridge must,
// records every delivery, and answers as a script says (status, Retry-After,
// or a hang past the sender's timeout).
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/webhook/adapter.h"
#include "bot/core/crypto.h"

namespace gridbot::test {

class WebhookReceiver {
  public:
    struct Received {
        std::string key, group, text;
        std::chrono::steady_clock::time_point at;
        int64_t ts = 0;  // X-Gridbot-Timestamp: the sender's clock, unix seconds
        bool signature_ok = false;
    };
    struct Answer {
        int status = 200;
        int retry_after = -1;  // seconds; -1: no header
        int delay_ms = 0;      // sleep before answering (to exceed the sender's timeout)
    };
    using Script = std::function<Answer(const Received&, int nth_for_key)>;

    // A sender on a manual clock set days ahead signs with its time: the
    // receiver then accepts timestamps that far from its own.
    void allow_skew(std::chrono::seconds s) { max_skew_ = s.count(); }

    explicit WebhookReceiver(std::string secret, Script script = nullptr)
        : secret_(std::move(secret)), script_(std::move(script)) {
        svr_.set_tcp_nodelay(true);
        svr_.set_keep_alive_max_count(100000);
        svr_.new_task_queue = [] { return new httplib::ThreadPool(128); };
        svr_.Post(R"(/groups/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
            Received r;
            r.at = std::chrono::steady_clock::now();
            r.key = req.get_header_value("Idempotency-Key");
            r.group = req.matches[1];
            std::string ts = req.get_header_value("X-Gridbot-Timestamp");
            std::string sig = req.get_header_value("X-Gridbot-Signature");
            r.signature_ok =
                !ts.empty() &&
                crypto::constant_time_equal(
                    sig, adapters::webhook::WebhookAdapter::sign(secret_, ts, req.body)) &&
                std::llabs(std::stoll(ts) - std::time(nullptr)) <= max_skew_.load();
            if (r.signature_ok) r.ts = std::stoll(ts);
            auto j = nlohmann::json::parse(req.body, nullptr, false);
            if (j.is_object() && j.contains("text")) r.text = j["text"].get<std::string>();
            int nth;
            {
                std::lock_guard lock(mu_);
                nth = ++count_[r.key];
                log_.push_back(r);
            }
            if (!r.signature_ok) {
                res.status = 401;
                return;
            }
            Answer a = script_ ? script_(r, nth) : Answer{};
            if (a.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(a.delay_ms));
            res.status = a.status;
            if (a.retry_after >= 0) res.set_header("Retry-After", std::to_string(a.retry_after));
            res.set_content(a.status < 300 ? R"({"ok":true})" : R"({"ok":false})",
                            "application/json");
        });
        port_ = svr_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { svr_.listen_after_bind(); });
        while (!svr_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~WebhookReceiver() {
        svr_.stop();
        thread_.join();
    }

    int port() const { return port_; }
    std::string url_template() const {
        return "http://127.0.0.1:" + std::to_string(port_) + "/groups/{group}";
    }
    std::vector<Received> log() const {
        std::lock_guard lock(mu_);
        return log_;
    }
    // Deliveries per idempotency key.
    std::map<std::string, int> counts() const {
        std::lock_guard lock(mu_);
        return count_;
    }

  private:
    std::string secret_;
    std::atomic<int64_t> max_skew_{300};
    Script script_;
    httplib::Server svr_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mu_;
    std::vector<Received> log_;
    std::map<std::string, int> count_;
};

}  // namespace gridbot::test
