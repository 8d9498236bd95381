#pragma once
// Where gridbot finds a data file named by a path relative to the
// repository ("config/calendar/cn.toml", "config/lexicon/zh-CN.toml"):
// as given (relative to the working directory, as `make run` uses it), else
// in the source tree it was built from (tests, a build folder), else where
// the Debian package installs it (/usr/share/gridbot/calendar/cn.toml: the
// leading "config/" dropped). Absolute paths are returned as they are.
#include <string>

namespace gridbot {

std::string find_data_file(const std::string& path);

}  // namespace gridbot
