// Build step (issue 19 item 2): trains the parser's learned second opinion, a
// linear model over hashed character n-grams (bot/parse/model_features.h),
// from the labelled replies, and writes its weights as a C++ table for
// bot/parse/model.cpp. Deterministic: the files in the order given, a fixed
// shuffle per epoch, single-threaded float arithmetic — the same files give
// the same table.
//   gridbot_train_model OUT/model.inc FILE.jsonl...
// Kind: softmax over zero / anomaly / chatter (commands are the rules' alone);
// categories: one logistic output each.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/parse/model_features.h"

namespace m = gridbot::parse::model;

namespace {

constexpr const char* kCategoryNames[m::kCategories] = {
    "cough",       "diarrhea",    "emergency", "fatigue", "fever",   "positive_test",
    "smell_taste", "sore_throat", "supplies",  "travel",  "utility", "visitor"};
constexpr int kEpochs = 12;
constexpr float kRate = 0.2f;

struct Example {
    std::vector<std::uint32_t> features;
    int kind = 2;  // 0 zero, 1 anomaly, 2 chatter
    std::uint16_t categories = 0;
};

int category_index(const std::string& name) {
    for (int i = 0; i < m::kCategories; ++i)
        if (name == kCategoryNames[i]) return i;
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: gridbot_train_model OUT.inc FILE.jsonl...\n";
        return 2;
    }
    const auto started = std::chrono::steady_clock::now();
    std::vector<Example> data;
    for (int a = 2; a < argc; ++a) {
        std::ifstream in(argv[a]);
        if (!in) {
            std::cerr << argv[a] << ": cannot read\n";
            return 1;
        }
        int line_no = 0;
        for (std::string line; std::getline(in, line);) {
            ++line_no;
            if (line.empty() || line[0] == '#') continue;
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string() ||
                !j.contains("kind") || !j["kind"].is_string()) {
                std::cerr << argv[a] << ":" << line_no << ": expected {\"text\", \"kind\", ...}\n";
                return 1;
            }
            const std::string kind = j["kind"];
            if (kind == "command") continue;
            Example e;
            e.kind = kind == "zero" ? 0 : kind == "anomaly" ? 1 : 2;
            if (j.contains("categories") && j["categories"].is_array()) {
                for (const auto& c : j["categories"]) {
                    int i = c.is_string() ? category_index(c.get<std::string>()) : -1;
                    if (i >= 0) e.categories |= static_cast<std::uint16_t>(1u << i);
                }
            }
            m::for_each_feature(j["text"].get<std::string>(),
                                [&](std::uint32_t b) { e.features.push_back(b); });
            data.push_back(std::move(e));
        }
    }
    std::vector<float> w(static_cast<std::size_t>(m::kBuckets) * m::kOutputs, 0.0f);
    std::vector<std::size_t> order(data.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::uint64_t seed = 20261205;
    for (int epoch = 0; epoch < kEpochs; ++epoch) {
        for (std::size_t i = order.size(); i > 1; --i) {  // Fisher-Yates, a fixed LCG
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            std::swap(order[i - 1], order[(seed >> 33) % i]);
        }
        const float rate = kRate / (1.0f + static_cast<float>(epoch));
        for (std::size_t idx : order) {
            const Example& e = data[idx];
            float z[m::kOutputs] = {};
            for (auto b : e.features)
                for (int o = 0; o < m::kOutputs; ++o) z[o] += w[b * m::kOutputs + o];
            float g[m::kOutputs];
            float top = std::max(z[0], std::max(z[1], z[2]));
            float sum = 0;
            for (int k = 0; k < m::kKinds; ++k) sum += std::exp(z[k] - top);
            for (int k = 0; k < m::kKinds; ++k)
                g[k] = std::exp(z[k] - top) / sum - (k == e.kind ? 1.0f : 0.0f);
            for (int c = 0; c < m::kCategories; ++c) {
                const float p = 1.0f / (1.0f + std::exp(-z[m::kKinds + c]));
                g[m::kKinds + c] = p - ((e.categories >> c) & 1 ? 1.0f : 0.0f);
            }
            const float step = rate / static_cast<float>(e.features.size());
            for (auto b : e.features)
                for (int o = 0; o < m::kOutputs; ++o) w[b * m::kOutputs + o] -= step * 10.0f * g[o];
        }
    }
    // Training accuracy of the kind, for the build log.
    std::size_t right = 0;
    for (const auto& e : data) {
        float z[m::kKinds] = {};
        for (auto b : e.features)
            for (int k = 0; k < m::kKinds; ++k) z[k] += w[b * m::kOutputs + k];
        int best = 0;
        for (int k = 1; k < m::kKinds; ++k)
            if (z[k] > z[best]) best = k;
        right += best == e.kind;
    }
    // One byte a weight (a scale per output): 120 KB, which stays in a core's
    // cache where 480 KB of floats did not; the build log gives the kind's
    // accuracy on the training replies before and after.
    float scale[m::kOutputs] = {};
    for (std::size_t b = 0; b < m::kBuckets; ++b)
        for (int o = 0; o < m::kOutputs; ++o)
            scale[o] = std::max(scale[o], std::fabs(w[b * m::kOutputs + o]) / 127.0f);
    std::vector<signed char> q(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        const float s = scale[i % m::kOutputs];
        q[i] = static_cast<signed char>(s > 0 ? std::lround(w[i] / s) : 0);
    }
    std::size_t right_q = 0;
    for (const auto& e : data) {
        float z[m::kKinds] = {};
        for (auto b : e.features)
            for (int k = 0; k < m::kKinds; ++k)
                z[k] += static_cast<float>(q[b * m::kOutputs + k]) * scale[k];
        int best = 0;
        for (int k = 1; k < m::kKinds; ++k)
            if (z[k] > z[best]) best = k;
        right_q += best == e.kind;
    }
    std::ofstream out(argv[1]);
    out << "// Generated by tools/train_model.cpp from " << data.size() << " labelled replies in "
        << argc - 2 << " files; do not edit.\n";
    out << "inline constexpr int kTrainedOn = " << data.size() << ";\n";
    out << "static const float kScale[" << m::kOutputs << "] = {";
    char buf[32];
    for (int o = 0; o < m::kOutputs; ++o) {
        std::snprintf(buf, sizeof buf, "%.8ef", static_cast<double>(scale[o]));
        out << buf << ",";
    }
    out << "};\nstatic const signed char kWeights[" << q.size() << "] = {\n";
    for (std::size_t i = 0; i < q.size(); ++i) {
        out << static_cast<int>(q[i]) << ",";
        if ((i + 1) % 32 == 0) out << "\n";
    }
    out << "};\n";
    if (!out) {
        std::cerr << argv[1] << ": cannot write\n";
        return 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "model: %zu replies, %d epochs, kind right on %.2f%% of them (%.2f%% with one byte a "
        "weight), %.2f s, %zu weights\n",
        data.size(), kEpochs, 100.0 * static_cast<double>(right) / data.size(),
        100.0 * static_cast<double>(right_q) / data.size(), seconds, w.size());
    return 0;
}
