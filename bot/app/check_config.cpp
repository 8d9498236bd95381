#include "bot/app/check_config.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

#include "bot/compose/templates.h"
#include "bot/config/config.h"
#include "bot/store/store.h"

namespace gridbot::app {
namespace {

std::string hhmm(int m) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 24, m % 60);
    return buf;
}

std::string times(const std::vector<int>& v) {
    std::string s;
    for (int t : v) {
        if (!s.empty()) s += ' ';
        s += hhmm(t);
    }
    return s;
}

// Sample data for every message kind: check-config renders each template with
// it, so a template naming a variable the code does not provide fails here
// rather than in a group at 08:00.
nlohmann::json sample_data(const std::string& kind) {
    using nlohmann::json;
    json anomaly = {{"room", "3-2-502"},
                    {"categories", "发热、咳嗽"},
                    {"temperature", "38.5℃"},
                    {"contact", "王某"},
                    {"phone", "13800000000"}};
    json call = {
        {"room", "1-1-201"}, {"contact", "何某"}, {"phone", "13900000000"}, {"no_chat", true}};
    json row = {{"name", "第一网格"}, {"households", 30},       {"reported", 28}, {"percent", 93.3},
                {"anomalies", 1},     {"categories", "发热 1"}, {"missing", 2}};
    json incident = {{"id", 17},
                     {"category", "发热"},
                     {"urgent", true},
                     {"green", true},
                     {"node_name", "第一网格"},
                     {"room", "3-2-502"},
                     {"has_room", true},
                     {"contact", "王*"},
                     {"phone", "138****5678"},
                     {"has_contact", true},
                     {"temperature", "38.6℃"},
                     {"is_cluster", true},
                     {"count", 3},
                     {"rooms", "1-1-101、1-1-102、1-1-201"},
                     {"opened", "2026-11-22 08:30"},
                     {"elapsed", "2小时15分钟"},
                     {"level", "街道"},
                     {"below", "社区"},
                     {"not_acted", "网格长刘某、社区书记张某"},
                     {"has_not_acted", true},
                     {"after_ack", false},
                     {"reopened", true},
                     {"raised", false},
                     {"joined", true},
                     {"attributed", false},
                     {"added", "腹泻"},
                     {"unattributed", true},
                     {"reporter", "赵*"},
                     {"report_text", "3栋2单元502 发烧38.5"},
                     {"stated_room", "3-2-502"}};
    static const std::map<std::string, json> samples = {
        {"incident_new", incident},
        {"incident_escalated", incident},
        {"incident_escalated_note", incident},
        {"incident_acted",
         {{"id", 17},
          {"acknowledged", false},
          {"leader", "刘某"},
          {"remark", "已送医"},
          {"has_remark", true}}},
        {"incident_act_failed",
         {{"id", 17}, {"already_resolved", true}, {"already_acknowledged", false}}},
        {"incident_refused", {{"id", 17}}},
        {"incident_unknown", {{"id", 17}}},
        {"help", {{"group_name", "第一网格居民群"}, {"is_leader", true}, {"is_staff", false}}},
        {"proxy_refused", json::object()},
        {"correct_refused", json::object()},
        {"correct_ok",
         {{"room", "3-2-502"},
          {"is_zero", false},
          {"has_categories", true},
          {"categories", "发热"},
          {"found", true}}},
        {"correct_failed",
         {{"no_room", false}, {"room", "3-2-502"}, {"unknown_room", true}, {"no_label", false}}},
        {"clarify",
         {{"numbered", true},
          {"zero", false},
          {"health", false},
          {"utility", true},
          {"supplies", false},
          {"travel", false},
          {"visitor", false}}},
        {"clarify_settled", {{"recorded", true}, {"is_zero", false}}},
        {"how_to_register", json::object()},
        {"anomaly_unregistered", {{"room", "3-2-502"}, {"has_room", true}}},
        {"summary_refused", json::object()},
        {"register_ok", {{"room", "3-2-502"}}},
        {"register_unknown", {{"room", "3-2-502"}}},
        {"register_moved", {{"room", "3-2-502"}, {"previous", "3-2-501"}}},
        {"register_confirm", {{"room", "3-2-502"}, {"previous", "3-2-501"}}},
        {"report_received", {{"room", "3-2-502"}, {"is_zero", true}}},
        {"report_bound", {{"room", "3-2-502"}}},
        {"proxy_ok", {{"room", "3-2-502"}, {"is_zero", false}}},
        {"proxy_failed",
         {{"room", "3-2-502"},
          {"no_room", false},
          {"unknown_room", true},
          {"not_a_report", false}}},
        {"leader_bound", {{"room", "3-2-502"}, {"count", 2}}},
        {"leader_unbound", {{"count", 1}}},
        {"daily_open",
         {{"group_name", "第一网格居民群"},
          {"grid_name", "第一网格"},
          {"day", "2026-11-22"},
          {"households", 30}}},
        {"digest",
         {{"grid_name", "第一网格"},
          {"time", "09:00"},
          {"reported", 2},
          {"households", 30},
          {"missing", 28},
          {"rooms", "1-1-101、1-1-102"},
          {"has_rooms", true}}},
        {"remind",
         {{"grid_name", "第一网格"},
          {"missing", 2},
          {"households", 30},
          {"missing_rooms", "1-1-201、3-2-502"},
          {"mentioned", 1}}},
        {"cutoff_summary",
         {{"grid_name", "第一网格"},
          {"node", "nangang/a/b/g01"},
          {"day", "2026-11-22"},
          {"leader", "刘某"},
          {"reported", 28},
          {"households", 30},
          {"percent", 93.3},
          {"anomaly_count", 1},
          {"has_anomalies", true},
          {"anomalies", json::array({anomaly})},
          {"missing", 2},
          {"has_missing", true},
          {"missing_rooms", "1-1-201、3-2-502"},
          {"has_unclear", true},
          {"unclear", 1},
          {"unclear_rooms", "3-2-502"},
          {"call_list", json::array({call})},
          {"has_calls", true}}},
        {"rollup",
         {{"node_name", "龙台社区"},
          {"day", "2026-11-22"},
          {"time", "12:30"},
          {"households", 90},
          {"reported", 80},
          {"percent", 88.9},
          {"anomalies", 2},
          {"missing", 10},
          {"categories", "发热 2"},
          {"rows", json::array({row})}}},
    };
    // Notices: one sample per kind with every variable; `exercise` exercises the drill marks.
    json notice = {{"exercise", true},
                   {"number", "第74号"},
                   {"number_digits", "74"},
                   {"title", "关于做好居家防护的通知"},
                   {"body", "**请各户**今日12点前完成零报告。"},
                   {"issuer_name", "南岗区"},
                   {"ack_required", true},
                   {"has_expires", true},
                   {"expires", "2026-11-23T08:00:00+08:00"},
                   {"ref_number", "第73号"},
                   {"ref_number_digits", "73"},
                   {"ref_title", "关于核酸检测的通知"}};
    auto with = [&](json extra) {
        json d = notice;
        for (auto& [k, v] : extra.items()) d[k] = v;
        return d;
    };
    static const std::map<std::string, json> notice_samples = {
        {"notice_alert", notice},
        {"notice_update", notice},
        {"notice_cancel", notice},
        {"notice_remind", notice},
        {"notice_acked", notice},
        {"notice_calls", with({{"grid_name", "第一网格"},
                               {"count", 1},
                               {"first_room", "1-1-201"},
                               {"calls", json::array({call})}})},
        {"notice_call_done", with({{"room", "1-1-201"}, {"left", 3}})},
    };
    if (auto n = notice_samples.find(kind); n != notice_samples.end()) return n->second;
    auto it = samples.find(kind);
    return it == samples.end() ? json(nullptr) : it->second;
}

// Renders every template of every locale folder; returns the number of failures.
int check_templates(const config::Config& c, std::ostream& out, std::ostream& err) {
    int bad = 0, rendered = 0;
    std::error_code ec;
    std::vector<std::string> locales;
    for (const auto& e : std::filesystem::directory_iterator(c.templates_dir, ec)) {
        if (e.is_directory()) locales.push_back(e.path().filename().string());
    }
    std::sort(locales.begin(), locales.end());
    if (std::find(locales.begin(), locales.end(), c.locale) == locales.end()) {
        err << "[templates.missing] " << c.templates_dir << "/" << c.locale
            << ": no such template folder\n";
        return 1;
    }
    for (const auto& locale : locales) {
        auto t = compose::Templates::load(c.templates_dir, locale);
        if (!t) {
            err << t.error().to_string() << "\n";
            ++bad;
            continue;
        }
        for (const auto& kind : t.value()->kinds()) {
            auto data = sample_data(kind);
            if (data.is_null()) {
                out << "note: " << locale << "/" << kind
                    << ".mustache has no sample data; not checked\n";
                continue;
            }
            auto r = t.value()->render(kind, data);
            if (!r) {
                err << r.error().to_string() << "\n";
                ++bad;
            }
            ++rendered;
        }
    }
    if (!bad)
        out << "templates: " << rendered << " rendered with sample data (" << locales.size()
            << " locales)\n";
    return bad;
}

// Groups and leaders sit on nodes that [[nodes]] names or the store holds (the
// ledger's); a typo in a code would otherwise leave a group that never gets a
// prompt. The store is read only when it exists and only if [[nodes]] is not enough.
int check_nodes(const config::Config& c, const std::string& path, std::ostream& err) {
    std::set<std::string> known{c.district_code};
    for (const auto& n : c.nodes) known.insert(n.code);
    bool all_named = std::all_of(c.groups.begin(), c.groups.end(),
                                 [&](const auto& g) { return known.count(g.node) > 0; }) &&
                     std::all_of(c.leaders.begin(), c.leaders.end(),
                                 [&](const auto& l) { return known.count(l.node) > 0; });
    if (all_named) return 0;
    std::error_code ec;
    if (c.store_engine != "postgresql" && std::filesystem::exists(c.store_path, ec)) {
        auto st = store::Store::open(c.store_path, 0);
        if (st) {
            for (const auto& n : st.value()->nodes()) known.insert(n.code);
            st.value()->close();
        }
    }
    int bad = 0;
    auto check = [&](const char* what, size_t i, const std::string& node, int line) {
        if (known.count(node)) return;
        err << "[config.unknown_node] " << path << ":" << line << ": " << what << "[" << i
            << "].node: \"" << node
            << "\" is neither a [[nodes]] entry nor a node of the store (add it to [[nodes]] or "
               "import the ledger first)\n";
        ++bad;
    };
    for (size_t i = 0; i < c.groups.size(); ++i)
        check("groups", i, c.groups[i].node, c.groups[i].line);
    for (size_t i = 0; i < c.leaders.size(); ++i)
        check("leaders", i, c.leaders[i].node, c.leaders[i].line);
    return bad;
}

}  // namespace

int check_config(const std::string& path, const delivery::AdapterRegistry& adapters,
                 bool print_effective, std::ostream& out, std::ostream& err) {
    auto loaded = config::load_file(path);
    if (!loaded) {
        err << loaded.error().to_string() << "\n";
        return 1;
    }
    const config::Config& c = *loaded.value();
    int bad = 0;
    for (const auto& ch : c.channels) {
        if (!adapters.has(ch.platform)) {
            err << "[config.unknown_platform] " << path << ":" << ch.line
                << ": channels.platform: expected one of";
            for (const auto& p : adapters.platforms()) err << " " << p;
            err << ", got \"" << ch.platform << "\"\n";
            ++bad;
        }
    }
    if (bad) return 1;
    if (check_nodes(c, path, err) > 0) return 1;
    if (!print_effective && check_templates(c, out, err) > 0) return 1;
    if (print_effective) {
        out << config::describe(c);
        return 0;
    }
    std::set<std::string> nodes;
    for (const auto& n : c.nodes) nodes.insert(n.code);
    std::map<int, int> by_level;
    for (const auto& n : nodes) {
        by_level[static_cast<int>(std::count(n.begin(), n.end(), '/'))]++;
    }
    out << "config " << path << ": ok\n";
    out << "district " << c.district_code << " (" << c.district_name << "), time zone "
        << c.timezone << ", locale " << c.locale << "\n";
    out << "nodes named: " << nodes.size() << " (streets " << by_level[1] << ", communities "
        << by_level[2] << ", grids " << by_level[3] << ")\n";
    std::map<std::string, std::pair<int, int>> groups;  // channel -> residents, staff
    for (const auto& g : c.groups) {
        auto& p = groups[g.channel];
        (g.audience == config::Audience::Residents ? p.first : p.second)++;
    }
    out << "channels: " << c.channels.size() << "\n";
    for (const auto& ch : c.channels) {
        out << "  " << ch.name << " (" << ch.platform << "): " << groups[ch.name].first
            << " resident groups, " << groups[ch.name].second << " staff groups\n";
    }
    out << "leaders: " << c.leaders.size() << ", API tokens: " << c.tokens.size() << "\n";
    out << "schedule: open " << hhmm(*c.schedule.open) << ", digests " << times(*c.schedule.digests)
        << ", remind " << times(*c.schedule.remind) << ", cutoff " << hhmm(*c.schedule.cutoff)
        << ", rollups " << times(*c.schedule.rollups) << " (" << c.schedule_overrides.size()
        << " overrides)\n";
    out << "http: " << c.server.public_url
        << ", store: " << (c.store_engine == "postgresql" ? "postgresql database" : c.store_path)
        << (c.debug.manual_clock ? ", MANUAL CLOCK (tests only)" : "") << "\n";
    return 0;
}

}  // namespace gridbot::app
