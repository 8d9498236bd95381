#include "adapters/common/adapter_base.h"

#include <algorithm>
#include <charconv>
#include <exception>

namespace gridbot::adapters::common {

using namespace delivery;

AdapterBase::AdapterBase(ChannelSettings settings) : settings_(std::move(settings)) {
    // Robot URLs carry their key in the query or the path: the key alone is a
    // secret too, since a platform may echo it without the URL around it.
    for (const auto& [k, v] : settings_.settings) {
        if (k.size() < 11 || k.compare(k.size() - 11, 11, "webhook_url") != 0) continue;
        std::string redacted = redact_url_parts(v);
        // Every run the redaction replaced is a secret: diff v against redacted.
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < v.size() && j < redacted.size()) {
            if (v[i] == redacted[j]) {
                ++i;
                ++j;
                continue;
            }
            // redacted[j..j+8) is "REDACTED"; the original run ends where the rest matches.
            std::size_t rest = j + 8;
            std::size_t end = rest < redacted.size() ? v.find(redacted[rest], i) : v.size();
            if (end == std::string::npos) end = v.size();
            add_secret(v.substr(i, end - i));
            i = end;
            j = rest;
        }
    }
}

InboundResult AdapterBase::inbound(const InboundRequest& req) {
    InboundResult r;
    try {
        r = handle_inbound(req);
    } catch (const std::exception&) {
        r = malformed("internal error while decoding");  // never echo e.what()
    } catch (...) {
        r = malformed("internal error while decoding");
    }
    r.reason = redact(r.reason);
    for (auto& m : r.messages) m.channel = settings_.name;
    return r;
}

std::vector<HttpRequest> AdapterBase::outbound(const OutboundMessage& msg, int64_t now) {
    auto reqs = build_outbound(msg, now);
    for (auto& q : reqs) q.redacted_url = redact(q.url);
    return reqs;
}

SendResult AdapterBase::classify(const HttpResponse& resp) const {
    SendResult r = classify_answer(read_answer(resp), rules());
    r.reason = redact(r.reason);
    return r;
}

std::string AdapterBase::redact(std::string_view text) const {
    std::string out = redact_url_parts(text);
    for (const auto& s : secrets_) {
        for (std::size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos)) {
            out.replace(pos, s.size(), "REDACTED");
            pos += 8;
        }
    }
    return out;
}

std::string AdapterBase::setting(std::string_view key, std::string_view fallback) const {
    auto it = settings_.settings.find(std::string(key));
    return it == settings_.settings.end() ? std::string(fallback) : it->second;
}

std::string AdapterBase::group_setting(std::string_view group, std::string_view key,
                                       std::string_view fallback) const {
    auto it = settings_.settings.find("group." + std::string(group) + "." + std::string(key));
    if (it != settings_.settings.end()) return it->second;
    return setting(key, fallback);
}

void AdapterBase::add_secret(std::string value) {
    if (value.size() < 4) return;
    if (std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end()) return;
    secrets_.push_back(std::move(value));
    // Longest first, so a secret containing another is replaced whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

InboundResult AdapterBase::refused(std::string reason, int status) {
    InboundResult r;
    r.verdict = InboundVerdict::Refused;
    r.response.status = status;
    r.response.body = "refused";
    r.reason = std::move(reason);
    return r;
}

InboundResult AdapterBase::malformed(std::string reason) {
    InboundResult r;
    r.verdict = InboundVerdict::Malformed;
    r.response.status = 400;
    r.response.body = "malformed";
    r.reason = std::move(reason);
    return r;
}

InboundResult AdapterBase::ignored(std::string reason, std::string body) {
    InboundResult r;
    r.verdict = InboundVerdict::Ignored;
    r.response.status = 200;
    r.response.body = std::move(body);
    r.reason = std::move(reason);
    return r;
}

std::string header(const InboundRequest& req, std::string_view name) {
    auto it = req.headers.find(std::string(name));
    return it == req.headers.end() ? std::string() : it->second;
}

std::string query(const InboundRequest& req, std::string_view name) {
    auto it = req.query.find(std::string(name));
    return it == req.query.end() ? std::string() : it->second;
}

bool within(long long a, long long b, long long max_diff) {
    if (max_diff < 0) return false;
    auto ua = static_cast<unsigned long long>(a);
    auto ub = static_cast<unsigned long long>(b);
    unsigned long long diff = a >= b ? ua - ub : ub - ua;  // exact in unsigned arithmetic
    return diff <= static_cast<unsigned long long>(max_diff);
}

std::optional<long long> parse_int(std::string_view s) {
    long long v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace gridbot::adapters::common
