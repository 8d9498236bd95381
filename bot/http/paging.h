#pragma once
// Paged list routes (issue 14, item 2): `limit` (default 100, at most 1000)
// and an opaque `cursor` naming the last row of the previous page; the answer
// carries `next_cursor` (null on the last page). A cursor names a row, not an
// offset, so rows added or removed between pages shift nothing. The store reads
// a page itself (keyset: the rows after the cursor's, `limit + 1` of them, the
// extra one only telling that another page follows).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/http/server.h"

namespace gridbot::http {

struct Page {
    size_t limit = 100;
    std::optional<int64_t> after;  // the last row id of the previous page
};

inline constexpr size_t kDefaultPageLimit = 100;
inline constexpr size_t kMaxPageLimit = 1000;

// Reads `limit` and `cursor`; on a bad value answers 400 (`bad_limit`,
// `bad_cursor`) and returns nullopt.
std::optional<Page> read_page(const Request& req, Response& res);
std::string page_cursor(int64_t last_id);

// Cuts rows read with `limit + 1` back to `limit` and returns the answer's
// `next_cursor`: the last kept row's, or null when nothing was cut.
template <class Row, class IdOf>
nlohmann::json next_cursor(std::vector<Row>& rows, size_t limit, IdOf id_of) {
    if (rows.size() <= limit) return nullptr;
    rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(limit), rows.end());
    return page_cursor(id_of(rows.back()));
}

}  // namespace gridbot::http
