#pragma once
// Internal to bot/ledger: validating one record of a ledger at a time (the
// header, then each row) and collecting the problems found, for the CSV and
// the .xlsx readers alike.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"
#include "bot/ledger/cells.h"
#include "bot/ledger/columns.h"
#include "bot/ledger/ledger.h"

namespace gridbot::ledger::detail {

// Problems in the order found; readers stop once full(). to_error() lists
// them in file order, at most kMaxReportedErrors, each as
// "<file>:<line>: <column>: <what>".
class Problems {
  public:
    explicit Problems(std::string file) : file_(std::move(file)) {}

    void add(int line, std::string_view column, std::string id, std::string_view what);
    void add(int line, std::string_view column, const CellProblem& p) {
        add(line, column, p.id, p.what);
    }
    bool empty() const { return list_.empty(); }
    size_t size() const { return list_.size(); }
    bool full() const { return list_.size() >= static_cast<size_t>(kMaxReportedErrors); }
    // One Error for all problems; the id is the first one's (in file order).
    Error to_error();

  private:
    struct Problem {
        int line;
        std::string id;
        std::string message;
    };
    std::string file_;
    std::vector<Problem> list_;
};

struct Header {
    // Cell index of each column, or -1 when the file has no such column.
    std::array<int, kColumnCount> index;
    std::array<std::string, kColumnCount> text;  // as written, for messages
    std::vector<bool> unnamed;                   // cell positions with an empty header
    size_t width = 0;
};

// Maps the header record; false (with problems added) if it cannot be used.
bool read_header(const std::vector<std::string_view>& cells, int line, bool gbk, Header& h,
                 Problems& problems);

// True when every cell is empty after trimming.
bool is_blank(const std::vector<std::string_view>& cells);

// Fills h (whose line is set) from one record; adds problems for what is wrong.
void read_row(const std::vector<std::string_view>& cells, const Header& header, Household& h,
              Problems& problems);

std::string quoted(std::string_view v);

}  // namespace gridbot::ledger::detail
