#pragma once
// What one load of a configuration found wrong, every problem with its file,
// line and key (config.cpp, checks.cpp).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::config::detail {

// Collects every problem of one load; the first one's id becomes the Error's id.
class Problems {
  public:
    explicit Problems(std::string file) : file_(std::move(file)) {}
    void add(std::string_view id, int line, const std::string& key, const std::string& what) {
        items_.push_back(
            {line, std::string(id), file_ + ":" + std::to_string(line) + ": " + key + ": " + what});
    }
    bool empty() const { return items_.empty(); }
    // In file order; the first problem's id is the Error's id, later lines carry their own.
    Error error() {
        std::stable_sort(items_.begin(), items_.end(),
                         [](const Item& a, const Item& b) { return a.line < b.line; });
        std::string msg;
        for (size_t i = 0; i < items_.size(); ++i) {
            if (i > 0) msg += "\n[" + items_[i].id + "] ";
            msg += items_[i].text;
        }
        return Error{items_[0].id, msg};
    }

  private:
    struct Item {
        int line;
        std::string id, text;
    };
    std::string file_;
    std::vector<Item> items_;
};

}  // namespace gridbot::config::detail
