#include "bot/daily/summary.h"

#include <algorithm>
#include <cmath>

#include "bot/daily/schedule.h"
#include "bot/ledger/ledger.h"

namespace gridbot::daily {

using nlohmann::json;

namespace {

struct Label {
    const char* code;
    const char* zh;
    const char* en;
};

constexpr Label kLabels[] = {
    {"cough", "咳嗽", "cough"},
    {"diarrhea", "腹泻", "diarrhoea"},
    {"emergency", "紧急情况", "emergency"},
    {"fatigue", "乏力", "fatigue"},
    {"fever", "发热", "fever"},
    {"positive_test", "抗原阳性", "positive test"},
    {"smell_taste", "嗅觉味觉减退", "loss of smell or taste"},
    {"sore_throat", "咽痛", "sore throat"},
    {"supplies", "物资需求", "supplies"},
    {"travel", "外地返回", "travel"},
    {"utility", "水电气暖", "utilities"},
    {"visitor", "访客", "visitors"},
};

double percent(int64_t part, int64_t whole) {
    if (whole <= 0) return 100.0;
    return std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
}

json counts_json(const Counts& c) {
    json cats = json::object();
    for (const auto& [k, v] : c.categories) cats[k] = v;
    return {{"households", c.households}, {"reported", c.reported()}, {"zero", c.zero},
            {"anomalies", c.anomaly},     {"missing", c.missing()},   {"percent", percent(c.reported(), c.households)},
            {"categories", cats}};
}

std::string name_of(const std::map<std::string, std::string>& names, const std::string& code) {
    auto it = names.find(code);
    return it == names.end() ? code : it->second;
}

}  // namespace

json node_summary(const std::string& node, const std::string& day,
                  const std::map<std::string, Counts>& grids,
                  const std::map<std::string, std::string>& names) {
    int level = node_level(node);
    Counts total;
    std::map<std::string, Counts> children;
    for (const auto& [code, c] : grids) {
        if (!within(code, node)) continue;
        total.add(c);
        if (code == node) continue;
        // The child of `node` on the way to this grid.
        auto end = code.find('/', node.size() + 1);
        children[code.substr(0, end)].add(c);
    }
    json out = counts_json(total);
    out["node"] = node;
    out["name"] = name_of(names, node);
    out["level"] = level;
    out["day"] = day;
    std::vector<std::pair<std::string, Counts>> rows(children.begin(), children.end());
    // Worst first: lowest completion, then most missing, then most anomalies.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        double pa = percent(a.second.reported(), a.second.households);
        double pb = percent(b.second.reported(), b.second.households);
        if (pa != pb) return pa < pb;
        if (a.second.missing() != b.second.missing()) return a.second.missing() > b.second.missing();
        return a.second.anomaly > b.second.anomaly;
    });
    json list = json::array();
    for (const auto& [code, c] : rows) {
        json row = counts_json(c);
        row["code"] = code;
        row["name"] = name_of(names, code);
        list.push_back(std::move(row));
    }
    out["children"] = std::move(list);
    return out;
}

json grid_detail(const std::vector<store::HouseholdDay>& households) {
    json anomalies = json::array(), missing = json::array(), calls = json::array();
    for (const auto& h : households) {
        if (h.status == store::DayStatus::Anomaly) {
            anomalies.push_back({{"room", h.address}, {"categories", h.categories},
                                 {"temperature", h.temperature ? json(*h.temperature) : json(nullptr)},
                                 {"contact", h.contact}, {"phone", h.phone}});
        } else if (h.status == store::DayStatus::Missing) {
            missing.push_back(h.address);
            bool no_chat = (h.tags & static_cast<uint16_t>(ledger::Tag::NoChat)) != 0;
            if (no_chat || h.bound_members == 0) {
                calls.push_back({{"room", h.address}, {"contact", h.contact}, {"phone", h.phone},
                                 {"no_chat", no_chat}});
            }
        }
    }
    return {{"anomalies", anomalies}, {"missing", missing}, {"call_list", calls}};
}

std::string category_label(const std::string& category, const std::string& locale) {
    for (const auto& l : kLabels) {
        if (category == l.code) return locale == "en" ? l.en : l.zh;
    }
    return category;
}

std::string categories_text(const json& categories, const std::string& locale) {
    std::string out;
    const char* sep = locale == "en" ? ", " : "、";
    if (categories.is_object()) {
        for (const auto& [k, v] : categories.items()) {
            if (!out.empty()) out += sep;
            out += category_label(k, locale) + " " + v.dump();
        }
    } else if (categories.is_array()) {
        for (const auto& v : categories) {
            if (!out.empty()) out += sep;
            out += category_label(v.get<std::string>(), locale);
        }
    }
    return out;
}

}  // namespace gridbot::daily
