#pragma once
// Message templates (Mustache, one file per message kind and locale under
// templates/<locale>/<kind>.mustache). Wording changes need no rebuild: the
// files are read at start-up and on reload.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::compose {

class Templates {
  public:
    // Loads every *.mustache of `dir`/`locale`; fails naming the file that does not compile.
    static Result<std::shared_ptr<const Templates>> load(const std::string& dir,
                                                         const std::string& locale);
    // Renders `kind` with `data`; a missing variable is an error, never an empty gap.
    Result<std::string> render(const std::string& kind, const nlohmann::json& data) const;
    std::vector<std::string> kinds() const;
    const std::string& locale() const { return locale_; }

  private:
    std::string locale_;
    std::map<std::string, std::string> sources_;
};

}  // namespace gridbot::compose
