#pragma once
// The learned second opinion (issue 19 item 2): a linear model over hashed
// character n-grams, trained at build time from the labelled replies
// (tools/train_model.cpp; features in model_features.h). The rules stay the
// first voice and the explanation; the parser asks the model only where the
// rules read nothing (docs/parser.md, "The model").
#include <string>
#include <string_view>
#include <vector>

#include "bot/parse/parser.h"

namespace gridbot::parse::model {

struct Opinion {
    Kind kind = Kind::Chatter;            // zero, anomaly or chatter
    double p = 0;                         // the kind's probability
    std::vector<std::string> categories;  // anomaly: those over one half, else the likeliest
};

Opinion opinion(std::string_view text);

// The number of labelled replies the model was trained on, and its size in bytes.
int trained_on();
std::size_t size_bytes();

}  // namespace gridbot::parse::model
