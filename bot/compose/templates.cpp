#include "bot/compose/templates.h"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <set>
#include <sstream>

namespace gridbot::compose {

namespace mustache = kainjow::mustache;

namespace {

mustache::data to_data(const nlohmann::json& j) {
    if (j.is_object()) {
        mustache::data d{mustache::data::type::object};
        for (auto& [k, v] : j.items()) d.set(k, to_data(v));
        return d;
    }
    if (j.is_array()) {
        mustache::data list{mustache::data::type::list};
        for (const auto& v : j) list.push_back(to_data(v));
        return list;
    }
    if (j.is_boolean())
        return j.get<bool>() ? mustache::data::type::bool_true : mustache::data::type::bool_false;
    if (j.is_string()) return mustache::data(j.get<std::string>());
    if (j.is_null()) return mustache::data::type::bool_false;
    return mustache::data(j.dump());
}

// Names of the variables a template uses ({{x}}, {{{x}}}, {{#x}}, {{^x}}).
std::set<std::string> variables(const std::string& src) {
    std::set<std::string> out;
    size_t pos = 0;
    while ((pos = src.find("{{", pos)) != std::string::npos) {
        size_t end = src.find("}}", pos);
        if (end == std::string::npos) break;
        std::string tag = src.substr(pos + 2, end - pos - 2);
        pos = end + 2;
        if (!tag.empty() && (tag[0] == '{' || tag[0] == '#' || tag[0] == '^' || tag[0] == '&'))
            tag.erase(0, 1);
        if (tag.empty() || tag[0] == '/' || tag[0] == '!' || tag[0] == '>' || tag[0] == '=')
            continue;
        while (!tag.empty() && (tag.back() == '}' || tag.back() == ' ')) tag.pop_back();
        while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
        if (!tag.empty() && tag != ".") out.insert(tag.substr(0, tag.find('.')));
    }
    return out;
}

}  // namespace

Result<std::shared_ptr<const Templates>> Templates::load(const std::string& dir,
                                                         const std::string& locale) {
    auto t = std::make_shared<Templates>();
    t->locale_ = locale;
    std::filesystem::path folder = std::filesystem::path(dir) / locale;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return Error{"templates.missing", folder.string() + ": no such template folder"};
    }
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
        if (e.path().extension() != ".mustache") continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        mustache::mustache m(ss.str());
        if (!m.is_valid()) {
            return Error{"templates.bad_syntax", e.path().string() + ": " + m.error_message()};
        }
        t->sources_[e.path().stem().string()] = ss.str();
    }
    return std::shared_ptr<const Templates>(std::move(t));
}

Result<std::string> Templates::render(const std::string& kind, const nlohmann::json& data) const {
    auto it = sources_.find(kind);
    if (it == sources_.end()) {
        return Error{"templates.unknown_kind",
                     locale_ + "/" + kind + ".mustache: no such template"};
    }
    // Sections may refer to fields of list items; only top-level names must be present.
    for (const auto& v : variables(it->second)) {
        if (!data.contains(v)) {
            bool inside_section = false;
            for (auto& [k, val] : data.items()) {
                // An empty list cannot show which fields its items have; check-config
                // renders with non-empty sample lists and catches those.
                if (val.is_array() && (val.empty() || (val[0].is_object() && val[0].contains(v)))) {
                    inside_section = true;
                }
            }
            if (!inside_section) {
                return Error{
                    "templates.missing_variable",
                    locale_ + "/" + kind + ".mustache: variable \"" + v + "\" not provided"};
            }
        }
    }
    mustache::mustache m(it->second);
    std::string out = m.render(to_data(data));
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

std::vector<std::string> Templates::kinds() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : sources_) out.push_back(k);
    return out;
}

}  // namespace gridbot::compose
