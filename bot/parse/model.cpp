#include "bot/parse/model.h"

#include <cmath>

#include "bot/parse/lexicon.h"
#include "bot/parse/model_features.h"

namespace gridbot::parse::model {
namespace {
#include "model.inc"
}  // namespace

Opinion opinion(std::string_view text) {
    int sums[kOutputs] = {};
    for_each_feature(text, [&sums](std::uint32_t b) {
        const signed char* w = &kWeights[static_cast<std::size_t>(b) * kOutputs];
        for (int o = 0; o < kOutputs; ++o) sums[o] += w[o];
    });
    float z[kOutputs];
    for (int o = 0; o < kOutputs; ++o) z[o] = static_cast<float>(sums[o]) * kScale[o];
    int best = 0;
    for (int k = 1; k < kKinds; ++k)
        if (z[k] > z[best]) best = k;
    double sum = 0;
    for (int k = 0; k < kKinds; ++k) sum += std::exp(static_cast<double>(z[k] - z[best]));
    static constexpr Kind kKindOf[kKinds] = {Kind::Zero, Kind::Anomaly, Kind::Chatter};
    Opinion o{kKindOf[best], 1.0 / sum, {}};
    if (best != 1) return o;
    int likeliest = 0;
    for (int c = 0; c < kCategories; ++c) {
        if (z[kKinds + c] > z[kKinds + likeliest]) likeliest = c;
        if (z[kKinds + c] > 0) o.categories.emplace_back(kCategoryNames[c]);  // p > 0.5
    }
    if (o.categories.empty()) o.categories.emplace_back(kCategoryNames[likeliest]);
    return o;
}

int trained_on() { return kTrainedOn; }
std::size_t size_bytes() { return sizeof kWeights; }

}  // namespace gridbot::parse::model
