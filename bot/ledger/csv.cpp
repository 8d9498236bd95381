#include "bot/ledger/csv.h"

#include <algorithm>
#include <cstring>

namespace gridbot::ledger {

size_t CsvReader::count_lines(std::string_view text) {
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
}

CsvReader::Status CsvReader::next(std::vector<std::string_view>& cells) {
    cells.clear();
    spans_.clear();
    const size_t n = text_.size();
    if (pos_ >= n) return Status::End;
    record_line_ = next_line_;

    // Consumes one line break at pos_ if there is one; true if it did.
    auto take_line_break = [&]() {
        if (pos_ < n && text_[pos_] == '\r') {
            ++pos_;
            if (pos_ < n && text_[pos_] == '\n') ++pos_;
            ++next_line_;
            return true;
        }
        if (pos_ < n && text_[pos_] == '\n') {
            ++pos_;
            ++next_line_;
            return true;
        }
        return false;
    };

    while (true) {
        if (pos_ < n && text_[pos_] == '"') {
            const int quote_line = next_line_;
            ++pos_;
            const size_t begin = pos_;
            bool doubled = false;
            while (true) {
                const void* hit =
                    pos_ < n ? std::memchr(text_.data() + pos_, '"', n - pos_) : nullptr;
                if (hit == nullptr) {
                    record_line_ = quote_line;
                    error_ = "a quoted cell is never closed (the quote opens on this line)";
                    pos_ = n;
                    return Status::Error;
                }
                const size_t q = static_cast<size_t>(static_cast<const char*>(hit) - text_.data());
                next_line_ +=
                    static_cast<int>(std::count(text_.begin() + static_cast<long>(pos_),
                                                text_.begin() + static_cast<long>(q), '\n'));
                if (q + 1 < n && text_[q + 1] == '"') {
                    doubled = true;
                    pos_ = q + 2;
                    continue;
                }
                spans_.push_back({begin, q, doubled});
                pos_ = q + 1;
                break;
            }
            // Spaces may follow the closing quote; anything else is a broken cell.
            while (pos_ < n && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
            if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
                error_ =
                    "text after the closing quote of a quoted cell (write a quote inside a "
                    "quoted cell as \"\")";
                // Resynchronise at the next line so a caller could go on.
                while (pos_ < n && text_[pos_] != '\n') ++pos_;
                if (pos_ < n) ++pos_, ++next_line_;
                return Status::Error;
            }
        } else {
            const size_t begin = pos_;
            while (pos_ < n) {
                const char c = text_[pos_];
                if (c == ',' || c == '\n' || c == '\r') break;
                ++pos_;
            }
            spans_.push_back({begin, pos_, false});
        }
        if (pos_ < n && text_[pos_] == ',') {
            ++pos_;
            continue;
        }
        take_line_break();
        break;
    }

    size_t unescaped_size = 0;
    for (const Span& s : spans_) {
        if (s.unescape) unescaped_size += s.end - s.begin;
    }
    scratch_.clear();
    scratch_.reserve(unescaped_size);  // no reallocation below: views into scratch_ stay valid
    cells.reserve(spans_.size());
    for (const Span& s : spans_) {
        const std::string_view raw = text_.substr(s.begin, s.end - s.begin);
        if (!s.unescape) {
            cells.push_back(raw);
            continue;
        }
        const size_t start = scratch_.size();
        for (size_t i = 0; i < raw.size(); ++i) {
            scratch_.push_back(raw[i]);
            if (raw[i] == '"') ++i;  // the second of a doubled pair
        }
        cells.push_back(std::string_view(scratch_).substr(start));
    }
    return Status::Record;
}

}  // namespace gridbot::ledger
