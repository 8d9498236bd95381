// Downloads for the spreadsheets community workers keep (issue 16): a node's
// completion table, its missing households, its incidents, a notice's
// progress by grid, as .xlsx or CSV. Each is built from what the matching JSON
// route answers, scoped and masked the same way, and audited.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bot/app/daemon.h"
#include "bot/app/exports.h"
#include "bot/core/hierarchy.h"
#include "bot/core/notice.h"
#include "bot/daily/summary.h"
#include "bot/privacy/audience.h"
#include "bot/speech/synth.h"

namespace gridbot::app {

using nlohmann::json;

namespace {

std::atomic<uint64_t> next_file{0};  // temporary workbook files of concurrent downloads

// Writes the table as the request asks (`format` csv or xlsx, default xlsx)
// into the response; false after answering 400 or 500.
bool send_table(const exports::Table& t, const std::string& stem, const http::Request& req,
                http::Response& res) {
    std::string format = req.param("format").empty() ? "xlsx" : req.param("format");
    if (format == "csv") {
        std::ostringstream out;
        exports::write_csv(t, out);
        res.body = out.str();
        res.content_type = "text/csv; charset=utf-8";
    } else if (format == "xlsx") {
        auto path = std::filesystem::temp_directory_path() /
                    ("gridbot-export-" + std::to_string(::getpid()) + "-" +
                     std::to_string(next_file.fetch_add(1)) + ".xlsx");
        auto written = exports::write_xlsx(t, path.string());
        if (!written) {
            res.error(500, written.error().id, "the workbook could not be written");
            return false;
        }
        std::ifstream in(path, std::ios::binary);
        res.body.assign(std::istreambuf_iterator<char>(in), {});
        std::filesystem::remove(path);
        res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    } else {
        res.error(400, "bad_format", "format: expected xlsx or csv, got \"" + format + "\"");
        return false;
    }
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + stem + "." + format + "\"");
    res.headers.emplace_back("Cache-Control", "no-store");
    return true;
}

std::string locale_of(const http::Request& req) { return req.param("lang") == "en" ? "en" : "zh"; }

// "nangang/xianfeng" -> "nangang-xianfeng", for a file name.
std::string file_stem(std::string s) {
    for (char& c : s)
        if (c == '/') c = '-';
    return s;
}

}  // namespace

void Daemon::add_export_routes() {
    server_->route(
        "GET", R"(/api/v1/nodes/([a-z0-9_/-]+)/export/(summary|missing|incidents))",
        "/api/v1/nodes/:code/export/:kind",
        [this](const http::Request& req, http::Response& res) { serve_node_export(req, res); });

    // The notice of `req`'s first capture, when the token's subtree holds its
    // target or its issuer; otherwise after answering 404 or 403.
    auto visible_notice = [this](const http::Request& req, http::Response& res,
                                 const http::Principal& who) -> std::optional<store::NoticeRecord> {
        auto n = notice_store_->get(std::stoll(req.captures.at(0)));
        if (!n) {
            res.error(404, "not_found", "no notice " + req.captures.at(0));
        } else if (!within(n->draft.target, who.node) && !within(n->draft.issuer, who.node)) {
            res.error(403, "forbidden", "the notice's target is outside the token's subtree");
            n.reset();
        }
        return n;
    };

    // A notice's progress by grid (…/export and …/export/progress) and its call list.
    auto notice_export = [this, visible_notice](const http::Request& req, http::Response& res) {
        auto who = authenticate(req, res);
        if (!who) return;
        auto n = visible_notice(req, res, *who);
        if (!n) return;
        bool calls = req.captures.size() > 1 && req.captures.at(1) == "calls";
        auto cfg = cfg_.load();
        exports::Table t =
            calls ? calls_table(
                        notice_store_->calls(n->id),
                        [&](const store::NoticeCall& c) {
                            return privacy::of_token(*cfg, who->role, who->node, c.grid);
                        },
                        locale_of(req))
                  : notice_progress_table(
                        notices::progress_of(*store_, *notice_store_, *cfg, n->id), locale_of(req));
        const std::string id = std::to_string(n->id);
        record(req, n->draft.target,
               std::string("export:") + (calls ? "calls:" : "notice-progress:") + id,
               static_cast<int64_t>(t.rows.size()));
        send_table(t, "notice-" + id + (calls ? "-calls" : "-progress"), req, res);
    };
    server_->route("GET", R"(/api/v1/notices/([0-9]{1,18})/export)", "/api/v1/notices/:id/export",
                   notice_export);
    server_->route("GET", R"(/api/v1/notices/([0-9]{1,18})/export/(progress|calls))",
                   "/api/v1/notices/:id/export/:kind", notice_export);

    // The notice read aloud (issue 16 item 5): for the 喊楼 loudspeaker rounds and
    // for phoning elderly people without chat.
    server_->route(
        "GET", R"(/api/v1/notices/([0-9]{1,18})/speech\.wav)", "/api/v1/notices/:id/speech.wav",
        [this, visible_notice](const http::Request& req, http::Response& res) {
            auto who = authenticate(req, res);
            if (!who) return;
            auto n = visible_notice(req, res, *who);
            if (!n) return;
            auto wav = speech::speak_wav("通知 " + notices::number_label(n->number) + "。" +
                                         n->draft.title + "。" + n->draft.body);
            if (!wav) return res.error(503, wav.error().id, wav.error().message);
            res.content_type = "audio/wav";
            res.body = std::move(wav.value());
            res.headers.emplace_back("Content-Disposition", "attachment; filename=\"notice-" +
                                                                req.captures.at(0) + ".wav\"");
        });
}

void Daemon::serve_node_export(const http::Request& req, http::Response& res) {
    const std::string& code = req.captures.at(0);
    if (!authorize_node(req, res, code)) return;
    std::string day = req.param("day");
    if (day.empty()) day = days_->day_of(clock_->now());
    if (!LocalTime::valid_day(day))
        return res.error(400, "bad_day", "day: expected YYYY-MM-DD, got \"" + day + "\"");
    auto kind = export_kind(req.captures.at(1));
    std::string locale = locale_of(req);
    exports::Table t;
    if (kind == ExportKind::Summary) {
        std::map<std::string, std::string> names;
        for (const auto& n : store_->nodes()) names[n.code] = n.name;
        t = summary_table(daily::node_summary(code, day, days_->grids_within(code, day), names),
                          locale);
    } else if (kind == ExportKind::Missing) {
        auto who = principal_of(req);
        auto cfg = cfg_.load();
        t = missing_table(
            reports_->households(code, day),
            [&](const store::HouseholdDay& h) {
                return who ? privacy::of_token(*cfg, who->role, who->node, h.grid_code)
                           : privacy::Audience::Above;
            },
            locale);
    } else {
        auto period = opened_between(days_->zone(), req.param("from"), req.param("to"), "");
        if (!period) return res.error(400, "bad_day", period.error().message);
        t = incidents_table(
            incidents_->incidents().list(code, -1, 100000, std::nullopt, period.value()), locale);
    }
    record(req, code, "export:" + req.captures.at(1), static_cast<int64_t>(t.rows.size()));
    send_table(t, req.captures.at(1) + "-" + file_stem(code) + "-" + day, req, res);
}

}  // namespace gridbot::app
