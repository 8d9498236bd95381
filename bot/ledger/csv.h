#pragma once
// RFC 4180 records from decoded ledger text: quoted cells with doubled
// quotes, commas and line breaks inside quotes, CRLF or LF (a lone CR also
// ends a line). Cells are views, valid until the next call to next().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gridbot::ledger {

class CsvReader {
  public:
    explicit CsvReader(std::string_view text) : text_(text) {}

    enum class Status { Record, End, Error };

    // Reads the next record into cells (untrimmed). A line with nothing on it
    // is still a record of one empty cell; the caller decides what is blank.
    // On Error, error_message() says what is wrong and line() where.
    Status next(std::vector<std::string_view>& cells);

    // 1-based line on which the last record (or error) starts.
    int line() const { return record_line_; }
    const std::string& error_message() const { return error_; }

    // Lines in the text (a rough upper bound on records, for reserving).
    static size_t count_lines(std::string_view text);

  private:
    struct Span {
        size_t begin, end;
        bool unescape;  // quoted cell containing doubled quotes
    };

    std::string_view text_;
    size_t pos_ = 0;
    int next_line_ = 1;
    int record_line_ = 0;
    std::vector<Span> spans_;
    std::string scratch_;  // unescaped quoted cells of the current record
    std::string error_;
};

}  // namespace gridbot::ledger
