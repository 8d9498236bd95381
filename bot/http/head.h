#pragma once
// The gate's reading of a request head (bot/http/gate.h): where it ends, the
// limits on its fields, and the body length it announces.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "bot/core/address.h"

namespace gridbot::http::detail {

struct GateOptions {
    std::chrono::milliseconds read_deadline{10000};  // head and body of one request
    int max_conns_per_addr = 256;
    size_t body_limit = 1 << 20;
    size_t max_fields = 100;
    size_t max_line = 8192;  // request line or one header field
    size_t max_head = 100 * 1024;
    size_t threads = 64;
    // A connection from one of these is counted under the client its request's
    // X-Forwarded-For names, not under the proxy (core/address.h).
    AddressSet trusted_proxies{};
};

// What the buffered start of a request says.
struct HeadScan {
    enum Verdict { Incomplete, Complete, TooLarge, UriTooLong, Bad } verdict = Incomplete;
    size_t head_len = 0;  // through the blank line
    size_t content_length = 0;
    bool chunked = false;
    bool expect_continue = false;
    std::string forwarded_for;  // every X-Forwarded-For field's value, joined with ','
};
HeadScan scan_head(std::string_view buf, const GateOptions& o);

}  // namespace gridbot::http::detail
