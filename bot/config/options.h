#pragma once
// The option table (STYLE.md: Redis' standardConfig). Internal to bot/config.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bot/config/config.h"

namespace gridbot::config::detail {

enum class Kind {
    String,      // "text"
    Secret,      // "text" or "env:NAME"
    Int,         // 42
    Fraction,    // 0.6: a number from 0 to 1
    Bool,        // true
    Duration,    // "15m"
    TimeOfDay,   // "08:30"
    TimeList,    // ["09:00", "12:30"]
    StringList,  // ["a", "b"]
    StringMap,   // { key = "value" }, values may be env:NAME
    TableArray,  // [[name]]: each element a table of "name[].field" options
};

using Value =
    std::variant<std::monostate, std::string, int64_t, bool, int /*minutes*/, std::vector<int>,
                 std::vector<std::string>, std::map<std::string, std::string>, double>;

struct Option {
    std::string_view key;  // "server.port", "channels[].name"
    Kind kind;
    std::string_view default_text;  // for the reference; "" = none
    bool required;                  // within its table
    bool reloadable;
    std::string_view help;
    // Returns what was expected when the value is out of range, else nullopt.
    std::function<std::optional<std::string>(const Value&)> validate;
    // Stores the value; `index` is the element of the enclosing [[array]], 0 otherwise.
    std::function<void(Config&, size_t index, const Value&)> apply;
};

const std::vector<Option>& options();
// [privacy]: privacy_options.cpp.
void add_privacy_options(std::vector<Option>& t);
const Option* find_option(std::string_view key);

}  // namespace gridbot::config::detail
