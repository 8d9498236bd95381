#include "bot/core/metrics.h"

#include <cmath>
#include <sstream>

namespace gridbot {
namespace {

std::string escape(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string label_text(const std::vector<std::pair<std::string, std::string>>& labels) {
    std::string s;
    for (const auto& [k, v] : labels) {
        s += (s.empty() ? "" : ",") + k + "=\"" + escape(v) + "\"";
    }
    return s;
}

std::string with_labels(const std::string& name, const std::string& labels,
                        const std::string& extra = "") {
    std::string all = labels;
    if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
    return all.empty() ? name : name + "{" + all + "}";
}

std::string number(double v) {
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    std::ostringstream os;
    os.precision(15);
    os << v;
    return os.str();
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
    for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::observe(double v) {
    size_t i = 0;
    while (i < bounds_.size() && v > bounds_[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_micro_.fetch_add(static_cast<uint64_t>(std::llround(std::max(v, 0.0) * 1e6)),
                         std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::cumulative() const {
    std::vector<uint64_t> out;
    uint64_t acc = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
        acc += buckets_[i].load(std::memory_order_relaxed);
        out.push_back(acc);
    }
    return out;
}

double Histogram::sum() const {
    return static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6;
}

std::vector<double> Metrics::default_bounds() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Counter& Metrics::counter(const std::string& name, const std::string& help,
                          const std::vector<std::pair<std::string, std::string>>& labels) {
    std::lock_guard lock(mu_);
    Family& f = families_[name];
    f.help = help;
    f.type = "counter";
    auto& slot = f.counters[label_text(labels)];
    if (!slot) slot = std::make_unique<Counter>();
    return *slot;
}

Histogram& Metrics::histogram(const std::string& name, const std::string& help,
                              const std::vector<std::pair<std::string, std::string>>& labels,
                              std::vector<double> bounds) {
    std::lock_guard lock(mu_);
    Family& f = families_[name];
    f.help = help;
    f.type = "histogram";
    auto& slot = f.histograms[label_text(labels)];
    if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
    return *slot;
}

void Metrics::gauge(const std::string& name, const std::string& help,
                    const std::vector<std::pair<std::string, std::string>>& labels,
                    std::function<double()> read) {
    std::lock_guard lock(mu_);
    Family& f = families_[name];
    f.help = help;
    f.type = "gauge";
    f.gauges[label_text(labels)] = std::move(read);
}

void Metrics::collect(const std::string& name, const std::string& help, const std::string& type,
                      std::function<std::vector<Sample>()> read) {
    std::lock_guard lock(mu_);
    Family& f = families_[name];
    f.help = help;
    f.type = type;
    f.collector = std::move(read);
}

std::string Metrics::render() const {
    std::lock_guard lock(mu_);
    std::ostringstream os;
    for (const auto& [name, f] : families_) {
        os << "# HELP " << name << " " << f.help << "\n# TYPE " << name << " " << f.type << "\n";
        for (const auto& [labels, c] : f.counters) {
            os << with_labels(name, labels) << " " << c->value() << "\n";
        }
        for (const auto& [labels, g] : f.gauges) {
            os << with_labels(name, labels) << " " << number(g()) << "\n";
        }
        if (f.collector) {
            for (const auto& sample : f.collector()) {
                os << with_labels(name, label_text(sample.labels)) << " " << number(sample.value)
                   << "\n";
            }
        }
        for (const auto& [labels, h] : f.histograms) {
            auto cum = h->cumulative();
            auto bounds = h->bounds();
            for (size_t i = 0; i < cum.size(); ++i) {
                std::string le = i < bounds.size() ? number(bounds[i]) : "+Inf";
                os << with_labels(name + "_bucket", labels, "le=\"" + le + "\"") << " " << cum[i]
                   << "\n";
            }
            os << with_labels(name + "_sum", labels) << " " << number(h->sum()) << "\n";
            // The +Inf bucket, read with the others: an observation made while
            // rendering cannot make _count differ from it.
            os << with_labels(name + "_count", labels) << " " << cum.back() << "\n";
        }
    }
    return os.str();
}

}  // namespace gridbot
