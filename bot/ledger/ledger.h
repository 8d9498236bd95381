#pragma once
// The household ledger (工作台账, DESIGN.md §3): a CSV file kept by community
// workers in spreadsheets, read into validated rows. Pure: no database, no
// config. The importer resolves the hierarchy names to node codes and writes
// the rows in one transaction.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/error.h"
#include "bot/ledger/columns.h"

namespace gridbot::ledger {

enum class Tag : uint16_t {
    ElderlyAlone = 1 << 0,
    NoChat = 1 << 1,  // phone only: every notice goes by phone call
    Vulnerable = 1 << 2,
    Isolation = 1 << 3,   // carries an end date (isolation_until)
    Monitoring = 1 << 4,  // may carry an end date (monitoring_until)
    Returnee = 1 << 5,
    Positive = 1 << 6,
    KeyGroup = 1 << 7,
    Pregnant = 1 << 8,
    Dialysis = 1 << 9,
};

inline constexpr Tag kAllTags[] = {
    Tag::ElderlyAlone, Tag::NoChat,   Tag::Vulnerable, Tag::Isolation, Tag::Monitoring,
    Tag::Returnee,     Tag::Positive, Tag::KeyGroup,   Tag::Pregnant,  Tag::Dialysis};

// The stable English name: "elderly_alone", "no_chat", ...
std::string_view tag_name(Tag tag);

// An English name (case-insensitive, '-' or ' ' accepted for '_') or a
// Chinese synonym as written in ledgers (独居老人, 无微信, 居家隔离, 返哈 ...).
// The text must already be trimmed; nullopt when it names no tag.
std::optional<Tag> tag_from_text(std::string_view text);

// "elderly_alone, no_chat, ..." for error messages.
std::string accepted_tag_names();

inline bool has_tag(uint16_t tags, Tag tag) { return (tags & static_cast<uint16_t>(tag)) != 0; }

struct Household {
    int line = 0;  // 1-based line in the file where the row starts (header is line 1)
    std::string district, street, community, grid;  // cell text as written, trimmed
    std::string building, unit,
        room;             // normalised parts: "3", "2", "502"; building/unit may be empty
    std::string address;  // "3-2-502", "3-502" or "502"
    int members = 1;      // 1..30; 1 when the column is absent or the cell empty
    std::string contact;
    std::string phone;  // "13800138000" or "0451-86123456"; empty allowed unless no_chat
    uint16_t tags = 0;  // bitmask of Tag
    std::string isolation_until, monitoring_until;  // "YYYY-MM-DD" or empty

    bool operator==(const Household&) const = default;
};

struct LedgerFile {
    std::string name;
    std::string encoding;  // "utf-8" | "utf-8-bom" | "gbk" | "xlsx"
    std::vector<Household> households;
    // Which columns the header names. A column the file lacks says nothing about
    // the values a store already holds for it (the importer keeps them).
    std::array<bool, kColumnCount> has_column{};
    bool has(Column c) const { return has_column[static_cast<size_t>(c)]; }
};

// At most this many problems are reported before parsing stops.
inline constexpr int kMaxReportedErrors = 20;

// A ledger read one validated row at a time, so that a district's 640,000
// rows never sit in memory together: a CSV's bytes are read whole (and GBK
// decoded), an .xlsx streams from its zip; what is kept per row is only a
// compact key for the "listed twice" check. The same names, validation and
// messages as read_ledger.
class LedgerReader {
  public:
    // Opens a ledger file as read_ledger does and reads up to its header.
    // Errors: ledger.io, ledger.no_sheet, ledger.bad_xlsx, ledger.bad_encoding,
    // and what is wrong with the header (ledger.missing_column ...).
    static Result<std::unique_ptr<LedgerReader>> open(const std::string& path,
                                                      const std::string& sheet = "");
    // CSV bytes in memory (which must outlive the reader), named `name`.
    static Result<std::unique_ptr<LedgerReader>> over_csv(std::string_view bytes,
                                                          const std::string& name);
    ~LedgerReader();
    LedgerReader(const LedgerReader&) = delete;
    LedgerReader& operator=(const LedgerReader&) = delete;

    // "path" for CSV, "path[sheet]" for .xlsx: how problems name the file.
    const std::string& name() const;
    const std::string& encoding() const;  // as LedgerFile::encoding
    bool has(Column c) const;

    // The next row without problems, in file order. Rows with problems are
    // recorded and skipped; good rows still come after a problem, so that a
    // caller can go on checking them. False at the end of the file, after an
    // unreadable record, or once kMaxReportedErrors problems are recorded.
    bool next(Household& h);
    // A problem the caller found in a row that next() gave (e.g. a hierarchy
    // cell that names no node): "<name>:<line>: <column>: <what>".
    void add_problem(int line, std::string_view column, std::string id, std::string_view what);
    bool failed() const;
    // Every problem recorded, as parse_ledger reports them. Only when failed().
    Error error();

    struct Impl;

  private:
    explicit LedgerReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Reads a whole ledger file into memory (LedgerReader's rows collected): an
// .xlsx workbook (recognised by its zip signature, whatever its name; the
// sheet `sheet`, empty: the first; problems named "<path>[<sheet>]:<row>:
// <column>: ..." with the sheet's row number, encoding "xlsx"), anything else
// as CSV with the path as the name (a CSV with a sheet is ledger.no_sheet).
// ledger.io when the file cannot be read.
Result<LedgerFile> read_ledger(const std::string& path, const std::string& sheet = "");

// Decodes (UTF-8, UTF-8 with BOM or GBK/GB18030), splits the CSV, maps the
// header and validates every row. All or nothing: on any bad row the result
// is an Error whose id is the first problem's id and whose message lists up to
// kMaxReportedErrors problems, one per line, each as
//   <name>:<line>: <column header as written>: <what is wrong, with the value>
// A valid header with no rows gives an empty LedgerFile.
Result<LedgerFile> parse_ledger(std::string_view bytes, const std::string& name);

}  // namespace gridbot::ledger
