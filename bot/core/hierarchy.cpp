#include "bot/core/hierarchy.h"

#include <algorithm>

namespace gridbot {

int level(std::string_view code) {
    return static_cast<int>(std::count(code.begin(), code.end(), '/'));
}

std::string parent(std::string_view code) {
    auto slash = code.rfind('/');
    return slash == std::string_view::npos ? std::string() : std::string(code.substr(0, slash));
}

std::string ancestor_at(std::string_view code, int at_level) {
    size_t pos = 0;
    for (int i = 0; i <= at_level; ++i) {
        pos = code.find('/', pos + (i ? 1 : 0));
        if (pos == std::string_view::npos) return std::string(code);
    }
    return std::string(code.substr(0, pos));
}

}  // namespace gridbot
