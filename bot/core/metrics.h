#pragma once
// Prometheus metrics (text exposition format 0.0.4). Counters and histograms
// are created once and then updated lock-free; rendering takes the lock.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gridbot {

class Counter {
  public:
    void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
    uint64_t value() const { return v_.load(std::memory_order_relaxed); }

  private:
    std::atomic<uint64_t> v_{0};
};

class Histogram {
  public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    std::vector<double> bounds() const { return bounds_; }
    std::vector<uint64_t> cumulative() const;
    double sum() const;
    uint64_t count() const { return count_.load(std::memory_order_relaxed); }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
    std::atomic<uint64_t> count_{0};
    std::atomic<uint64_t> sum_micro_{0};  // sum in millionths, so it stays atomic
};

class Metrics {
  public:
    // Same name + labels -> the same counter. Labels: {{"route", "/healthz"}, ...}.
    Counter& counter(const std::string& name, const std::string& help,
                     const std::vector<std::pair<std::string, std::string>>& labels = {});
    Histogram& histogram(const std::string& name, const std::string& help,
                         const std::vector<std::pair<std::string, std::string>>& labels = {},
                         std::vector<double> bounds = default_bounds());
    // A value read when /metrics is rendered (queue depth, ...).
    void gauge(const std::string& name, const std::string& help,
               const std::vector<std::pair<std::string, std::string>>& labels,
               std::function<double()> read);

    // A family whose samples are read when /metrics is rendered, labels and
    // all (one sample per channel, per street ...). `type` is "gauge" or
    // "counter". Registering the same name again replaces the collector.
    struct Sample {
        std::vector<std::pair<std::string, std::string>> labels;
        double value = 0;
    };
    void collect(const std::string& name, const std::string& help, const std::string& type,
                 std::function<std::vector<Sample>()> read);

    std::string render() const;
    static std::vector<double> default_bounds();

  private:
    struct Family {
        std::string help, type;
        std::map<std::string, std::unique_ptr<Counter>> counters;
        std::map<std::string, std::unique_ptr<Histogram>> histograms;
        std::map<std::string, std::function<double()>> gauges;
        std::function<std::vector<Sample>()> collector;
    };
    mutable std::mutex mu_;
    std::map<std::string, Family> families_;
};

}  // namespace gridbot
