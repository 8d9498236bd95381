#pragma once
// Paged list routes (issue 14, item 2): `limit` (default 500, at most 5000)
// and an opaque `cursor` naming the last row of the previous page; the answer
// carries `next_cursor` (null on the last page). A cursor names a row, not an
// offset, so rows added or removed between pages shift nothing.
#include <cstdint>
#include <optional>
#include <string>

#include "bot/http/server.h"

namespace gridbot::http {

struct Page {
    size_t limit = 500;
    std::optional<int64_t> after;  // the last row id of the previous page
};

inline constexpr size_t kDefaultPageLimit = 500;
inline constexpr size_t kMaxPageLimit = 5000;

// Reads `limit` and `cursor`; on a bad value answers 400 (`bad_limit`,
// `bad_cursor`) and returns nullopt.
std::optional<Page> read_page(const Request& req, Response& res);
std::string page_cursor(int64_t last_id);

}  // namespace gridbot::http
