#include "bot/http/head.h"

#include <cctype>

namespace gridbot::http::detail {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

void note_field(std::string_view line, HeadScan& h) {
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return;
    auto name = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
        size_t n = 0;
        for (char ch : value) {
            if (ch < '0' || ch > '9' || n > (size_t{1} << 40)) return;
            n = n * 10 + static_cast<size_t>(ch - '0');
        }
        h.content_length = n;
    } else if (iequals(name, "transfer-encoding")) {
        h.chunked = value.find("chunked") != std::string_view::npos;
    } else if (iequals(name, "expect")) {
        h.expect_continue = iequals(value, "100-continue");
    } else if (iequals(name, "x-forwarded-for")) {
        if (!h.forwarded_for.empty()) h.forwarded_for += ',';
        h.forwarded_for += value;
    }
}

}  // namespace

HeadScan scan_head(std::string_view buf, const GateOptions& o) {
    HeadScan h;
    size_t start = 0;
    size_t fields = 0;
    bool seen_request_line = false;
    while (true) {
        size_t eol = buf.find('\n', start);
        size_t len = (eol == std::string_view::npos ? buf.size() : eol) - start;
        if (len > o.max_line) {
            h.verdict = seen_request_line ? HeadScan::TooLarge : HeadScan::UriTooLong;
            return h;
        }
        if (eol == std::string_view::npos) {
            if (buf.size() > o.max_head) h.verdict = HeadScan::TooLarge;
            return h;
        }
        std::string_view line = buf.substr(start, len);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        start = eol + 1;
        if (!seen_request_line) {
            seen_request_line = !line.empty();  // stray CRLFs before a request are skipped
            continue;
        }
        if (line.empty()) {
            h.verdict = HeadScan::Complete;
            h.head_len = start;
            return h;
        }
        if (++fields > o.max_fields || start > o.max_head) {
            h.verdict = HeadScan::TooLarge;
            return h;
        }
        note_field(line, h);
    }
}

}  // namespace gridbot::http::detail
