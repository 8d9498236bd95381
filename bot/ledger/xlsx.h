#pragma once
// The rows of one worksheet of an .xlsx workbook (Office Open XML, as Excel
// and WPS save it), streamed: the sheet's XML is read from the zip container
// in chunks and parsed as it comes (expat), so a district's 640,000 rows never
// sit in memory as a document. Shared strings are loaded first (cells refer
// to them by index). Each row comes out as text cells, as a CSV row would:
//   - shared, inline and formula-result strings as written;
//   - numbers as Excel stores them, with integral values written without a
//     fraction or exponent ("1.3912345678E10" → "13912345678", "502.0" →
//     "502"), so phones and rooms Excel turned into numbers read back as
//     typed; other numbers as stored ("37.5");
//   - booleans as TRUE/FALSE, error cells as their code ("#N/A").
// Dates are numbers to Excel: a date typed into a cell comes out as its
// serial number, and the ledger's validation names it as a bad value.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"

namespace gridbot::ledger {

class XlsxRows {
  public:
    // Opens `path` and finds the sheet: `sheet` by name, or the first one when
    // empty. Errors: ledger.io (cannot open), ledger.bad_xlsx (not a workbook,
    // a part missing or malformed), ledger.no_sheet (no sheet of that name;
    // the message lists the sheets).
    static Result<std::unique_ptr<XlsxRows>> open(const std::string& path,
                                                  const std::string& sheet);
    ~XlsxRows();
    XlsxRows(const XlsxRows&) = delete;
    XlsxRows& operator=(const XlsxRows&) = delete;

    enum class Status { Record, End, Error };
    // The next row that has a cell (Excel leaves out empty rows), its cells
    // from column A to its last non-empty one, gaps as empty cells. Views are
    // valid until the next call.
    Status next(std::vector<std::string_view>& cells);
    // The sheet's row number of the last row (1-based, as Excel shows it).
    int line() const;
    const std::string& error_message() const;
    const std::string& sheet_name() const;

    struct Impl;

  private:
    explicit XlsxRows(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// True when the file starts like a zip container ("PK\3\4"): an .xlsx.
bool looks_like_xlsx(std::string_view first_bytes);

}  // namespace gridbot::ledger
