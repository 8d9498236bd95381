#include "bot/cli/notice_command.h"

#include <curl/curl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "bot/config/config.h"

namespace gridbot::cli {

using nlohmann::json;

namespace {

struct Reply {
    long status = 0;
    std::string body;
    std::string error;  // transport
};

size_t collect(char* p, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(p, size * n);
    return size * n;
}

Reply call(const std::string& method, const std::string& url, const std::string& token,
           const std::string& body) {
    Reply r;
    CURL* c = curl_easy_init();
    if (!c) return {0, "", "curl_easy_init failed"};
    curl_slist* h = curl_slist_append(nullptr, ("Authorization: Bearer " + token).c_str());
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) r.error = curl_easy_strerror(rc);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

constexpr const char* kDefaultConfig = "config/example.toml";

// Base URL and token; prints the problem and returns false when either is missing.
bool endpoint(const NoticeRequest& r, std::string& base, std::string& token, std::ostream& err) {
    base = r.url;
    if (base.empty()) {
        // As docs/notices.md writes it: the daemon `make run` starts, unless told otherwise.
        auto cfg = config::load_file(r.config_path.empty() ? kDefaultConfig : r.config_path);
        if (!cfg) {
            err << cfg.error().to_string() << "\n";
            return false;
        }
        base = cfg.value()->server.public_url;
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    token = r.token;
    if (token.empty()) {
        if (const char* t = std::getenv("GRIDBOT_TOKEN")) token = t;
    }
    if (token.empty()) {
        err << "notice: give --token or set GRIDBOT_TOKEN (a street or district token)\n";
        return false;
    }
    return true;
}

// Prints the daemon's error and returns the exit code for it.
int failed(const Reply& rep, std::ostream& err) {
    if (!rep.error.empty()) {
        err << "notice: cannot reach the daemon: " << rep.error << "\n";
        return 1;
    }
    json e = json::parse(rep.body, nullptr, false);
    if (e.is_object() && e.contains("error")) {
        err << "[" << e.value("error", "") << "] " << e.value("detail", "") << " (HTTP "
            << rep.status << ")\n";
    } else {
        err << "notice: HTTP " << rep.status << "\n";
    }
    return 1;
}

std::string bar(double fraction, int width) {
    int full = static_cast<int>(fraction * width + 0.5);
    std::string s;
    for (int i = 0; i < width; ++i) s += i < full ? "#" : "-";
    return s;
}

// Follows the progress until every group is delivered or failed.
int follow(const std::string& url, const std::string& token, int timeout_seconds, std::ostream& out,
           std::ostream& err) {
    bool tty = isatty(STDOUT_FILENO) != 0;
    auto start = std::chrono::steady_clock::now();
    auto last_line = start - std::chrono::seconds(10);
    std::string last_text;
    for (;;) {
        Reply rep = call("GET", url, token, "");
        if (rep.status != 200) return failed(rep, err);
        json p = json::parse(rep.body, nullptr, false);
        const json& t = p["totals"];
        int64_t total = t.value("groups", 0), delivered = t.value("delivered", 0),
                bad = t.value("failed", 0);
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double rate = secs > 0 ? static_cast<double>(delivered + bad) / secs : 0;
        int64_t left = total - delivered - bad;
        char eta[32];
        if (rate > 0) {
            std::snprintf(eta, sizeof eta, "%.0fs", static_cast<double>(left) / rate);
        } else {
            std::snprintf(eta, sizeof eta, "?");
        }
        char line[256];
        bool done = left <= 0;
        if (tty) {
            std::snprintf(
                line, sizeof line, "\r[%s] %lld/%lld delivered, %lld failed, %.0f/s, ETA %s   ",
                bar(total ? static_cast<double>(delivered + bad) / static_cast<double>(total) : 1,
                    30)
                    .c_str(),
                static_cast<long long>(delivered), static_cast<long long>(total),
                static_cast<long long>(bad), rate, done ? "0s" : eta);
            out << line << std::flush;
        } else {
            std::snprintf(line, sizeof line,
                          "progress delivered=%lld failed=%lld total=%lld rate=%.0f/s eta=%s",
                          static_cast<long long>(delivered), static_cast<long long>(bad),
                          static_cast<long long>(total), rate, done ? "0s" : eta);
            // Plain lines: when something changed, at most one a second (and the last one).
            auto now = std::chrono::steady_clock::now();
            if (done || (line != last_text && now - last_line >= std::chrono::seconds(1))) {
                out << line << "\n" << std::flush;
                last_line = now;
                last_text = line;
            }
        }
        if (done) {
            if (tty) out << "\n";
            out << "done: " << delivered << " of " << total << " groups delivered, " << bad
                << " failed\n";
            return bad > 0 ? 3 : 0;
        }
        if (secs > timeout_seconds) {
            if (tty) out << "\n";
            err << "notice: still " << left << " groups pending after " << timeout_seconds
                << " s; `gridbot notice status` follows it later\n";
            return 4;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

}  // namespace

int notice_send(const NoticeRequest& r, std::ostream& out, std::ostream& err) {
    std::string base, token;
    if (!endpoint(r, base, token, err)) return 2;
    json body = {{"title", r.title},
                 {"audience", r.audience},
                 {"kind", r.kind},
                 {"status", r.exercise ? "exercise" : "actual"},
                 {"ack", r.ack}};
    if (!r.node.empty()) body["node"] = r.node;
    if (r.reference) body["reference"] = r.reference;
    if (r.number) body["number"] = r.number;
    if (!r.expires_in.empty()) body["expires_in"] = r.expires_in;
    if (!r.body_file.empty()) {
        std::ifstream in(r.body_file, std::ios::binary);
        if (!in) {
            err << "notice send: --body-file: cannot open " << r.body_file << "\n";
            return 2;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        body["body"] = ss.str();
    }
    Reply rep = call("POST", base + "/api/v1/notices", token, body.dump());
    if (rep.status != 201) return failed(rep, err);
    json made = json::parse(rep.body, nullptr, false);
    int64_t id = made.value("id", int64_t{0});
    out << "notice " << made.value("label", "") << " (id " << id << ") queued to "
        << made.value("groups", 0) << " groups; " << made.value("calls", 0)
        << " households to phone\n"
        << std::flush;
    if (r.no_wait) return 0;
    return follow(base + "/api/v1/notices/" + std::to_string(id), token, r.timeout_seconds, out,
                  err);
}

int notice_status(const NoticeRequest& r, int64_t id, bool as_json, std::ostream& out,
                  std::ostream& err) {
    std::string base, token;
    if (!endpoint(r, base, token, err)) return 2;
    Reply rep = call("GET", base + "/api/v1/notices/" + std::to_string(id), token, "");
    if (rep.status != 200) return failed(rep, err);
    json p = json::parse(rep.body, nullptr, false);
    if (as_json) {
        out << p.dump(2) << "\n";
        return 0;
    }
    auto line = [&](const std::string& label, const json& t) {
        out << label << ": " << t.value("delivered", 0) << "/" << t.value("groups", 0)
            << " delivered, " << t.value("failed", 0) << " failed, " << t.value("pending", 0)
            << " pending, " << t.value("acked", 0) << " acknowledged\n";
    };
    out << p.value("label", "") << " " << p.value("title", "") << " [" << p.value("kind", "")
        << ", " << p.value("status", "") << "] to " << p.value("target", "") << " ("
        << p.value("audience", "") << ")\n";
    line("total", p["totals"]);
    for (const auto& s : p["by_street"]) line("  " + s.value("name", s.value("node", "")), s);
    const json& c = p["calls"];
    out << "calls: " << c.value("done", 0) << "/" << c.value("total", 0) << " done, "
        << c.value("left", 0) << " left\n";
    if (!p["unacked_groups"].empty())
        out << "not acknowledged: " << p["unacked_groups"].size() << " groups\n";
    return 0;
}

int notice_speak(const NoticeRequest& r, int64_t id, const std::string& wav_path, std::ostream& out,
                 std::ostream& err) {
    std::string base, token;
    if (!endpoint(r, base, token, err)) return 2;
    Reply rep =
        call("GET", base + "/api/v1/notices/" + std::to_string(id) + "/speech.wav", token, "");
    if (rep.status != 200) return failed(rep, err);
    std::ofstream file(wav_path, std::ios::binary);
    file << rep.body;
    if (!file.good()) {
        err << "notice speak: cannot write " << wav_path << "\n";
        return 1;
    }
    out << wav_path << ": " << rep.body.size() << " bytes\n";
    return 0;
}

}  // namespace gridbot::cli
