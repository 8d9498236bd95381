#pragma once
// Answers computed at most once per `ttl` of real time per key, however many
// dashboard pages ask: a node's live numbers (1 s), its charts (60 s).
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>

namespace gridbot::app {

class LiveCache {
  public:
    explicit LiveCache(std::chrono::milliseconds ttl) : ttl_(ttl) {}

    template <class Compute>
    nlohmann::json get(const std::string& key, Compute compute) {
        auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(mu_);
            auto it = entries_.find(key);
            if (it != entries_.end() && now - it->second.first < ttl_) return it->second.second;
        }
        nlohmann::json value = compute();
        std::lock_guard lock(mu_);
        if (entries_.size() > 10000) entries_.clear();  // bounded; a page asks again
        entries_[key] = {now, value};
        return value;
    }

  private:
    std::chrono::milliseconds ttl_;
    std::mutex mu_;
    std::unordered_map<std::string,
                       std::pair<std::chrono::steady_clock::time_point, nlohmann::json>>
        entries_;
};

}  // namespace gridbot::app
