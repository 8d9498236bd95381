#include "bot/daily/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bot/core/hierarchy.h"
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
    return {{"households", c.households},
            {"reported", c.reported()},
            {"zero", c.zero},
            {"anomalies", c.anomaly},
            {"missing", c.missing()},
            {"percent", percent(c.reported(), c.households)},
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
    Subtree sums;
    for (const auto& [code, c] : grids) {
        if (within(code, node)) sums.add(node, code, c);
    }
    return node_summary(node, day, sums, names);
}

json node_summary(DayBook& book, const std::string& node, const std::string& day,
                  const std::map<std::string, std::string>& names) {
    if (auto sums = book.subtree(node, day)) return node_summary(node, day, *sums, names);
    return node_summary(node, day, book.grids_within(node, day), names);
}

json node_summary(const std::string& node, const std::string& day, const Subtree& sums,
                  const std::map<std::string, std::string>& names) {
    const int node_depth = level(node);
    const Counts& total = sums.total;
    const auto& children = sums.children;
    json out = counts_json(total);
    out["node"] = node;
    out["name"] = name_of(names, node);
    out["level"] = node_depth;
    out["day"] = day;
    std::vector<std::pair<std::string, Counts>> rows(children.begin(), children.end());
    // Worst first: lowest completion, then most missing, then most anomalies.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        double pa = percent(a.second.reported(), a.second.households);
        double pb = percent(b.second.reported(), b.second.households);
        if (pa != pb) return pa < pb;
        if (a.second.missing() != b.second.missing())
            return a.second.missing() > b.second.missing();
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

json grid_detail(const std::vector<store::HouseholdDay>& households, privacy::Audience audience) {
    using privacy::Field;
    json anomalies = json::array(), missing = json::array(), calls = json::array();
    bool health = privacy::sees(audience, Field::Health),
         phone = privacy::sees(audience, Field::Phone);
    for (const auto& h : households) {
        if (h.status == store::DayStatus::Anomaly) {
            if (!health) continue;
            json row = privacy::contact_fields(audience, h.contact, h.phone);
            row["room"] = h.address;
            row["categories"] = h.categories;
            row["temperature"] = h.temperature ? json(*h.temperature) : json(nullptr);
            anomalies.push_back(std::move(row));
        } else if (h.status == store::DayStatus::Missing) {
            missing.push_back(h.address);
            bool no_chat = (h.tags & static_cast<uint16_t>(ledger::Tag::NoChat)) != 0;
            if (phone && (no_chat || h.bound_members == 0)) {
                json row = privacy::contact_fields(audience, h.contact, h.phone);
                row["room"] = h.address;
                row["no_chat"] = no_chat;
                calls.push_back(std::move(row));
            }
        }
    }
    return {{"anomalies", anomalies}, {"missing", missing}, {"call_list", calls}};
}

json grid_summary_data(const std::string& grid, const std::string& grid_name,
                       const std::string& day, const std::string& leaders,
                       const std::vector<store::HouseholdDay>& households,
                       privacy::Audience audience, const std::string& locale) {
    const char* sep = locale == "en" ? ", " : "、";
    json detail = grid_detail(households, audience);
    json anomalies = json::array();
    for (const auto& a : detail["anomalies"]) {
        std::string temp;
        if (!a["temperature"].is_null()) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%.1f℃", a["temperature"].get<double>());
            temp = buf;
        }
        anomalies.push_back({{"room", a["room"]},
                             {"categories", categories_text(a["categories"], locale)},
                             {"temperature", temp},
                             {"contact", a["contact"]},
                             {"phone", a["phone"]}});
    }
    int64_t total = static_cast<int64_t>(households.size()), anomaly_count = 0;
    std::string missing_rooms;
    for (const auto& h : households) anomaly_count += h.status == store::DayStatus::Anomaly;
    for (const auto& room : detail["missing"]) {
        missing_rooms += (missing_rooms.empty() ? "" : sep) + room.get<std::string>();
    }
    int64_t missing = static_cast<int64_t>(detail["missing"].size());
    int64_t reported = total - missing;
    return {{"grid_name", grid_name},
            {"node", grid},
            {"day", day},
            {"leader", leaders},
            {"reported", reported},
            {"households", total},
            {"percent", percent(reported, total)},
            {"anomaly_count", anomaly_count},
            {"has_anomalies", !anomalies.empty()},
            {"anomalies", anomalies},
            {"missing", missing},
            {"has_missing", missing > 0},
            {"missing_rooms", missing_rooms},
            {"has_unclear", false},  // add_unclear: households asked what they meant
            {"unclear", 0},
            {"unclear_rooms", ""},
            {"call_list", detail["call_list"]},
            {"has_calls", !detail["call_list"].empty()}};
}

json rollup_data(const json& s, const std::string& time, privacy::Audience audience,
                 const std::string& locale) {
    bool health = privacy::sees(audience, privacy::Field::Health);
    auto cats = [&](const json& c) { return health ? categories_text(c, locale) : std::string(); };
    json rows = json::array();
    for (const auto& c : s["children"]) {
        rows.push_back({{"name", c["name"]},
                        {"households", c["households"]},
                        {"reported", c["reported"]},
                        {"percent", c["percent"]},
                        {"anomalies", c["anomalies"]},
                        {"missing", c["missing"]},
                        {"categories", cats(c["categories"])}});
    }
    return {{"node_name", s["name"]},
            {"day", s["day"]},
            {"time", time},
            {"households", s["households"]},
            {"reported", s["reported"]},
            {"percent", s["percent"]},
            {"anomalies", s["anomalies"]},
            {"missing", s["missing"]},
            {"categories", cats(s["categories"])},
            {"rows", rows}};
}

void add_unclear(nlohmann::json& data, const std::vector<std::string>& rooms,
                 const std::string& locale) {
    std::string joined;
    for (const auto& r : rooms) joined += (joined.empty() ? "" : locale == "en" ? ", " : "、") + r;
    data["has_unclear"] = !rooms.empty();
    data["unclear"] = rooms.size();
    data["unclear_rooms"] = joined;
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
