#include "bot/ledger/encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

namespace gridbot::ledger {
namespace {

// Length of the well-formed UTF-8 sequence at bytes[i] (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF), or 0 if there is none.
size_t utf8_sequence_length(std::string_view bytes, size_t i) {
    auto byte = [&](size_t k) -> uint8_t {
        return k < bytes.size() ? static_cast<uint8_t>(bytes[k]) : uint8_t{0};
    };
    const uint8_t b0 = byte(i);
    if (b0 < 0x80) return 1;
    auto cont = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const uint8_t b1 = byte(i + 1);
        if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
        if (b0 == 0xED && b1 > 0x9F) return 0;  // surrogate
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const uint8_t b1 = byte(i + 1);
        if (b0 == 0xF0 && b1 < 0x90) return 0;
        if (b0 == 0xF4 && b1 > 0x8F) return 0;
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
size_t first_invalid_utf8(std::string_view bytes) {
    size_t i = 0;
    const size_t n = bytes.size();
    while (i < n) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= n) {
            uint64_t word;
            std::memcpy(&word, bytes.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const size_t len = utf8_sequence_length(bytes, i);
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

int line_of_offset(std::string_view bytes, size_t offset) {
    offset = std::min(offset, bytes.size());
    return 1 + static_cast<int>(
                   std::count(bytes.begin(), bytes.begin() + static_cast<long>(offset), '\n'));
}

// UTF-8 with a few damaged bytes has many well-formed multi-byte sequences
// and few bad bytes; GBK text is the other way round (most GBK pairs are not
// UTF-8, and three-byte UTF-8 shapes are rare in it).
bool looks_like_damaged_utf8(std::string_view bytes) {
    size_t good_multibyte = 0, bad = 0;
    for (size_t i = 0; i < bytes.size();) {
        const size_t len = utf8_sequence_length(bytes, i);
        if (len == 0) {
            ++bad;
            ++i;
        } else {
            if (len >= 3) ++good_multibyte;
            i += len;
        }
    }
    return good_multibyte > 4 * bad;
}

std::string hex_byte(uint8_t b) {
    static const char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[b >> 4] + digits[b & 0xF];
}

// GB18030 -> UTF-8. On failure returns the input offset that could not be decoded.
// Converted through a small buffer, so that only the bytes written are ever
// touched: a district's ledger is tens of MB, and the import's peak memory counts.
std::optional<size_t> convert_gb18030(std::string_view in, std::string& out) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1)) return size_t{0};
    out.clear();
    out.reserve(in.size() + in.size() / 2 + 16);  // two GBK bytes become three UTF-8 bytes
    char buf[64 * 1024];
    char* src = const_cast<char*>(in.data());  // iconv's signature; it does not write
    size_t src_left = in.size();
    std::optional<size_t> failed_at;
    while (src_left > 0) {
        char* dst = buf;
        size_t dst_left = sizeof buf;
        const size_t done = iconv(cd, &src, &src_left, &dst, &dst_left);
        out.append(buf, static_cast<size_t>(dst - buf));
        if (done != static_cast<size_t>(-1) || errno == E2BIG) continue;
        failed_at = in.size() - src_left;  // EILSEQ or EINVAL (truncated at the end)
        break;
    }
    iconv_close(cd);
    return failed_at;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
    return first_invalid_utf8(bytes) == std::string_view::npos;
}

std::optional<Error> decode_ledger_bytes(std::string_view bytes, const std::string& name,
                                         DecodedText& out) {
    out.converted_.clear();
    if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                              (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        return Error{"ledger.bad_encoding",
                     name + ":1: the file is UTF-16; save it as \"CSV UTF-8\" or as GBK CSV"};
    }
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        const std::string_view rest = bytes.substr(3);
        const size_t bad = first_invalid_utf8(rest);
        if (bad != std::string_view::npos) {
            return Error{"ledger.bad_encoding",
                         name + ":" + std::to_string(line_of_offset(rest, bad)) +
                             ": the file starts with a UTF-8 BOM but byte " +
                             hex_byte(static_cast<uint8_t>(rest[bad])) + " is not UTF-8"};
        }
        out.encoding = "utf-8-bom";
        out.text = rest;
        return std::nullopt;
    }
    const size_t bad = first_invalid_utf8(bytes);
    if (bad == std::string_view::npos) {
        out.encoding = "utf-8";
        out.text = bytes;
        return std::nullopt;
    }
    if (looks_like_damaged_utf8(bytes)) {
        return Error{"ledger.bad_encoding", name + ":" +
                                                std::to_string(line_of_offset(bytes, bad)) +
                                                ": the file is UTF-8 but byte " +
                                                hex_byte(static_cast<uint8_t>(bytes[bad])) +
                                                " is not; repair that line (it is not GBK either)"};
    }
    if (auto failed = convert_gb18030(bytes, out.converted_)) {
        out.converted_.clear();
        const size_t at = std::min(*failed, bytes.size() - 1);
        return Error{"ledger.bad_encoding", name + ":" + std::to_string(line_of_offset(bytes, at)) +
                                                ": neither UTF-8 nor GBK (byte " +
                                                hex_byte(static_cast<uint8_t>(bytes[at])) +
                                                " at offset " + std::to_string(at) + ")"};
    }
    out.encoding = "gbk";
    out.text = out.converted_;
    if (out.text.substr(0, 3) == "\xEF\xBB\xBF") out.text.remove_prefix(3);  // GB18030 BOM
    return std::nullopt;
}

}  // namespace gridbot::ledger
