#include "bot/core/data_files.h"

#include <filesystem>

namespace gridbot {

std::string find_data_file(const std::string& path) {
    std::error_code ec;
    if (path.empty() || path.front() == '/' || std::filesystem::exists(path, ec)) return path;
    const std::string in_source = std::string(GRIDBOT_SOURCE_DIR) + "/" + path;
    if (std::filesystem::exists(in_source, ec)) return in_source;
    const std::string prefix = "config/";
    std::string rest = path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path;
    const std::string installed = std::string(GRIDBOT_DATA_DIR) + "/" + rest;
    if (std::filesystem::exists(installed, ec)) return installed;
    return path;  // the caller's error names the path as configured
}

}  // namespace gridbot
