#include "bot/http/paging.h"

#include <charconv>

#include "bot/core/crypto.h"

namespace gridbot::http {

namespace {

std::optional<int64_t> whole(std::string_view s) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

}  // namespace

std::string page_cursor(int64_t last_id) { return crypto::hex("p1:" + std::to_string(last_id)); }

std::optional<Page> read_page(const Request& req, Response& res) {
    Page page;
    if (std::string l = req.param("limit"); !l.empty()) {
        auto v = whole(l);
        if (!v || *v < 1 || *v > static_cast<int64_t>(kMaxPageLimit)) {
            res.error(
                400, "bad_limit",
                "limit: expected 1 to " + std::to_string(kMaxPageLimit) + ", got \"" + l + "\"");
            return std::nullopt;
        }
        page.limit = static_cast<size_t>(*v);
    }
    if (std::string c = req.param("cursor"); !c.empty()) {
        auto raw = crypto::from_hex(c);
        std::optional<int64_t> id;
        if (raw && raw->rfind("p1:", 0) == 0) id = whole(std::string_view(*raw).substr(3));
        if (!id) {
            res.error(400, "bad_cursor", "cursor: not a cursor this route gave out");
            return std::nullopt;
        }
        page.after = id;
    }
    return page;
}

}  // namespace gridbot::http
