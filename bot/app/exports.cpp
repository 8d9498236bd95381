#include "bot/app/exports.h"

#include "bot/config/config.h"
#include "bot/core/clock.h"
#include "bot/daily/summary.h"
#include "bot/incidents/incident.h"

namespace gridbot::app {

using exports::Column;
using exports::ColumnKind;
using exports::Table;
using nlohmann::json;

namespace {

bool zh(const std::string& locale) { return locale != "en"; }

// "发热 2、咳嗽 1" from {"fever": 2, "cough": 1}.
std::string categories_cell(const json& categories, const std::string& locale) {
    return categories.is_object() ? daily::categories_text(categories, locale) : std::string();
}

int64_t num(const json& row, const char* key) {
    return row.contains(key) && row[key].is_number() ? row[key].get<int64_t>() : 0;
}

// Grid, room, contact and phone: the first columns of a list of households to reach.
std::vector<Column> household_columns(bool z) {
    return {{z ? "网格" : "Grid", ColumnKind::Text, 28},
            {z ? "房号" : "Room", ColumnKind::Text, 12},
            {z ? "联系人" : "Contact", ColumnKind::Text, 12},
            {z ? "电话" : "Phone", ColumnKind::Text, 14}};
}

std::string local_time(int64_t unix_seconds_value) {
    return format_rfc3339(from_unix_seconds(unix_seconds_value));
}

}  // namespace

std::optional<ExportKind> export_kind(const std::string& name) {
    if (name == "summary") return ExportKind::Summary;
    if (name == "missing") return ExportKind::Missing;
    if (name == "calls") return ExportKind::Calls;
    if (name == "incidents") return ExportKind::Incidents;
    if (name == "notice-progress") return ExportKind::NoticeProgress;
    return std::nullopt;
}

bool notice_export(ExportKind kind) {
    return kind == ExportKind::Calls || kind == ExportKind::NoticeProgress;
}

Result<store::OpenedBetween> opened_between(const LocalTime& zone, const std::string& from,
                                            const std::string& to, const std::string& flag) {
    for (const auto& [name, day] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
        if (!day->empty() && !LocalTime::valid_day(*day))
            return Error{"export.bad_day",
                         flag + name + ": expected YYYY-MM-DD, got \"" + *day + "\""};
    }
    if (!from.empty() && !to.empty() && to < from)
        return Error{"export.bad_day", flag + "to: " + to + " is before " + flag + "from " + from};
    store::OpenedBetween period;
    if (!from.empty()) period.from = unix_seconds(zone.at(from, 0));
    if (!to.empty()) period.to = unix_seconds(zone.at(LocalTime::next_day(to), 0));
    return period;
}

Table summary_table(const json& summary, const std::string& locale) {
    bool z = zh(locale);
    Table t;
    t.sheet = z ? "完成情况" : "Completion";
    t.columns = {{z ? "节点" : "Node", ColumnKind::Text, 28},
                 {z ? "名称" : "Name", ColumnKind::Text, 16},
                 {z ? "户数" : "Households", ColumnKind::Integer, 10},
                 {z ? "已报" : "Reported", ColumnKind::Integer, 10},
                 {z ? "零报告" : "Zero", ColumnKind::Integer, 10},
                 {z ? "异常" : "Anomalies", ColumnKind::Integer, 10},
                 {z ? "未报" : "Missing", ColumnKind::Integer, 10},
                 {z ? "完成率" : "Complete", ColumnKind::Percent, 10},
                 {z ? "异常类别" : "Categories", ColumnKind::Text, 24}};
    auto row = [&](const json& r, const std::string& code) {
        int64_t households = num(r, "households"), reported = num(r, "reported");
        double share =
            households > 0 ? static_cast<double>(reported) / static_cast<double>(households) : 0.0;
        t.rows.push_back({code, r.value("name", std::string()), households, reported,
                          num(r, "zero"), num(r, "anomalies"), num(r, "missing"), share,
                          categories_cell(r.value("categories", json::object()), locale)});
    };
    for (const auto& c : summary.value("children", json::array()))
        row(c, c.value("code", std::string()));
    row(summary, z ? "合计 " + summary.value("node", std::string())
                   : "Total " + summary.value("node", std::string()));
    return t;
}

Table missing_header(const std::string& locale) {
    bool z = zh(locale);
    Table t;
    t.sheet = z ? "未报住户" : "Not reported";
    t.columns = household_columns(z);
    t.columns.insert(t.columns.end(),
                     {{z ? "人数" : "Members", ColumnKind::Integer, 8},
                      {z ? "已绑定成员" : "Bound members", ColumnKind::Integer, 12}});
    return t;
}

std::vector<exports::Cell> missing_row(const store::HouseholdDay& h, const json& person) {
    return {h.grid_code,
            h.address,
            person.value("contact", std::string()),
            person.value("phone", std::string()),
            static_cast<int64_t>(h.members),
            static_cast<int64_t>(h.bound_members)};
}

Table calls_header(const std::string& locale) {
    bool z = zh(locale);
    Table t;
    t.sheet = z ? "电话通知名单" : "Call list";
    t.columns = household_columns(z);
    t.columns.insert(t.columns.end(),
                     {{z ? "状态" : "State", ColumnKind::Text, 10},
                      {z ? "通知人" : "Done by", ColumnKind::Text, 14},
                      {z ? "通知时间 (UTC)" : "Done at (UTC)", ColumnKind::Text, 22}});
    return t;
}

std::vector<exports::Cell> call_row(const store::NoticeCall& c, const json& person,
                                    const std::string& locale) {
    bool z = zh(locale);
    std::string state = c.done_at ? (z ? "已通知" : "done") : (z ? "待通知" : "to call");
    return {c.grid,
            c.address,
            person.value("contact", std::string()),
            person.value("phone", std::string()),
            state,
            c.done_by,
            c.done_at ? local_time(*c.done_at) : std::string()};
}

Table incidents_table(const std::vector<store::IncidentRow>& rows, const std::string& locale) {
    bool z = zh(locale);
    Table t;
    t.sheet = z ? "事件" : "Incidents";
    t.columns = {{z ? "编号" : "Id", ColumnKind::Integer, 8},
                 {z ? "节点" : "Node", ColumnKind::Text, 28},
                 {z ? "类别" : "Category", ColumnKind::Text, 14},
                 {z ? "严重程度" : "Severity", ColumnKind::Text, 10},
                 {z ? "状态" : "State", ColumnKind::Text, 12},
                 {z ? "当前层级" : "Level", ColumnKind::Text, 10},
                 {z ? "聚集" : "Cluster", ColumnKind::Text, 6},
                 {z ? "发生时间 (UTC)" : "Opened (UTC)", ColumnKind::Text, 22}};
    for (const auto& r : rows) {
        t.rows.push_back(
            {r.id, r.node, daily::category_label(r.category, locale), r.severity,
             std::string(incidents::state_name(static_cast<incidents::State>(r.state))),
             std::string(config::level_name(static_cast<config::Level>(r.level))),
             std::string(r.cluster ? (z ? "是" : "yes") : ""), local_time(r.opened_at)});
    }
    return t;
}

Table notice_progress_table(const json& progress, const std::string& locale) {
    bool z = zh(locale);
    Table t;
    t.sheet = z ? "通知进度" : "Notice progress";
    t.columns = {{z ? "网格" : "Grid", ColumnKind::Text, 28},
                 {z ? "名称" : "Name", ColumnKind::Text, 16},
                 {z ? "群数" : "Groups", ColumnKind::Integer, 8},
                 {z ? "已送达" : "Delivered", ColumnKind::Integer, 10},
                 {z ? "失败" : "Failed", ColumnKind::Integer, 8},
                 {z ? "待发" : "Pending", ColumnKind::Integer, 8},
                 {z ? "已确认" : "Acknowledged", ColumnKind::Integer, 12},
                 {z ? "确认率" : "Acknowledged %", ColumnKind::Percent, 12},
                 {z ? "已提醒" : "Reminded", ColumnKind::Integer, 10}};
    for (const auto& r : progress.value("by_grid", json::array())) {
        int64_t groups = num(r, "groups"), acked = num(r, "acked");
        t.rows.push_back(
            {r.value("node", std::string()), r.value("name", std::string()), groups,
             num(r, "delivered"), num(r, "failed"), num(r, "pending"), acked,
             groups > 0 ? static_cast<double>(acked) / static_cast<double>(groups) : 0.0,
             num(r, "reminded")});
    }
    return t;
}

}  // namespace gridbot::app
