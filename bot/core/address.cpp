#include "bot/core/address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <optional>

namespace gridbot {

namespace {

struct Parsed {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<Parsed> parse_ip(std::string_view text) {
    std::string s(trim(text));
    Parsed p;
    if (::inet_pton(AF_INET, s.c_str(), p.bytes.data()) == 1) return p;
    if (::inet_pton(AF_INET6, s.c_str(), p.bytes.data()) != 1) return std::nullopt;
    static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, p.bytes.begin())) {
        std::copy(p.bytes.begin() + 12, p.bytes.end(), p.bytes.begin());
        std::fill(p.bytes.begin() + 4, p.bytes.end(), uint8_t{0});
        return p;
    }
    p.v6 = true;
    return p;
}

}  // namespace

Result<AddressSet> AddressSet::parse(const std::vector<std::string>& entries) {
    AddressSet set;
    for (const auto& entry : entries) {
        std::string_view e = entry;
        size_t slash = e.find('/');
        auto ip = parse_ip(e.substr(0, slash));
        Range r;
        bool ok = ip.has_value();
        if (ok) {
            r.v6 = ip->v6;
            r.bytes = ip->bytes;
            r.prefix = r.v6 ? 128 : 32;
        }
        if (ok && slash != std::string_view::npos) {
            std::string_view bits = e.substr(slash + 1);
            int n = -1;
            auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), n);
            ok = ec == std::errc() && end == bits.data() + bits.size() && n >= 0 && n <= r.prefix;
            r.prefix = n;
        }
        if (!ok) {
            return Error{"config.bad_address",
                         "\"" + entry + "\": expected an address or CIDR range (10.0.0.0/8, ::1)"};
        }
        set.ranges_.push_back(r);
    }
    return set;
}

bool AddressSet::contains(std::string_view ip) const {
    auto p = parse_ip(ip);
    if (!p) return false;
    for (const auto& r : ranges_) {
        if (r.v6 != p->v6) continue;
        int full = r.prefix / 8, rest = r.prefix % 8;
        bool match = std::equal(r.bytes.begin(), r.bytes.begin() + full, p->bytes.begin());
        if (match && rest > 0) {
            auto mask = static_cast<uint8_t>(0xff << (8 - rest));
            match = (r.bytes[static_cast<size_t>(full)] & mask) ==
                    (p->bytes[static_cast<size_t>(full)] & mask);
        }
        if (match) return true;
    }
    return false;
}

std::string forwarded_client(const AddressSet& proxies, std::string_view peer,
                             std::string_view forwarded_for) {
    std::string client(peer);
    if (proxies.empty() || !proxies.contains(peer)) return client;
    while (!forwarded_for.empty()) {
        size_t comma = forwarded_for.rfind(',');
        std::string_view hop =
            trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for =
            comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        if (hop.empty()) continue;
        if (!parse_ip(hop)) break;
        client = std::string(hop);
        if (!proxies.contains(hop)) break;
    }
    return client;
}

}  // namespace gridbot
