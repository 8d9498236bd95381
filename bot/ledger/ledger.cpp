// From ledger bytes to validated households, one row at a time: decode, split,
// map the header, normalise each row, and look for households listed twice.
#include "bot/ledger/ledger.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <unordered_map>

#include "bot/ledger/csv.h"
#include "bot/ledger/encoding.h"
#include "bot/ledger/rows.h"
#include "bot/ledger/xlsx.h"

namespace gridbot::ledger {
namespace {

using detail::Header;
using detail::Problems;

// The households seen so far, for "listed twice", without keeping the rows:
// each as a compact key (its hierarchy cells interned to a number, then its
// normalised address) in one arena, found through an open-addressing table.
// Households are the same when district, street, community, grid and address match.
class HouseholdKeys {
  public:
    // The line where this household was first seen, or 0 (and it is
    // remembered as seen on `line`).
    int first_line(const Household& h, int line) {
        std::string tuple = h.district;
        for (const std::string* s : {&h.street, &h.community, &h.grid}) {
            tuple.append(1, '\x1f').append(*s);
        }
        const uint32_t grid =
            grids_.emplace(std::move(tuple), static_cast<uint32_t>(grids_.size())).first->second;
        key_.assign(reinterpret_cast<const char*>(&grid), sizeof grid).append(h.address);
        const size_t hash = std::hash<std::string_view>{}(key_);
        if ((entries_.size() + 1) * 2 > slots_.size()) grow();
        for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
            if (slots_[i] == 0) {
                slots_[i] = static_cast<uint32_t>(entries_.size() + 1);
                entries_.push_back({static_cast<uint32_t>(arena_.size()),
                                    static_cast<uint32_t>(key_.size()), line});
                arena_.append(key_);
                return 0;
            }
            const Entry& e = entries_[slots_[i] - 1];
            if (key_of(e) == key_) return e.line;
        }
    }

  private:
    struct Entry {
        uint32_t offset, size;
        int line;
    };
    std::string_view key_of(const Entry& e) const {
        return std::string_view(arena_).substr(e.offset, e.size);
    }
    void grow() {
        slots_.assign(std::max<size_t>(1024, slots_.size() * 2), 0);
        for (size_t k = 0; k < entries_.size(); ++k) {
            size_t i = std::hash<std::string_view>{}(key_of(entries_[k])) & (slots_.size() - 1);
            while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = static_cast<uint32_t>(k + 1);
        }
    }

    std::unordered_map<std::string, uint32_t> grids_;
    std::string arena_, key_;
    std::vector<Entry> entries_;
    std::vector<uint32_t> slots_;  // 1 + index into entries_; 0 is empty
};

}  // namespace

struct LedgerReader::Impl {
    std::string name, encoding;
    std::string bytes;  // a CSV file's content
    DecodedText decoded;
    std::optional<CsvReader> csv;
    std::unique_ptr<XlsxRows> xlsx;
    Problems problems;
    Header header;
    std::array<bool, kColumnCount> has_column{};
    HouseholdKeys seen;
    std::vector<std::string_view> cells;

    explicit Impl(const std::string& file) : name(file), problems(file) {}

    // Decodes CSV bytes (which outlive this) and reads up to the header.
    std::optional<Error> start_csv(std::string_view text) {
        if (auto e = decode_ledger_bytes(text, name, decoded)) return e;
        // GBK text was decoded into a copy; the file's own bytes are no longer needed.
        if (decoded.encoding == "gbk") std::string().swap(bytes);
        encoding = decoded.encoding;
        csv.emplace(decoded.text);
        if (!read_header()) return problems.to_error();
        return std::nullopt;
    }

    enum class Got { Record, End, Error };
    Got read_record() {
        if (xlsx) {
            const auto s = xlsx->next(cells);
            return s == XlsxRows::Status::Record ? Got::Record
                   : s == XlsxRows::Status::End  ? Got::End
                                                 : Got::Error;
        }
        const auto s = csv->next(cells);
        return s == CsvReader::Status::Record ? Got::Record
               : s == CsvReader::Status::End  ? Got::End
                                              : Got::Error;
    }
    int record_line() const { return xlsx ? xlsx->line() : csv->line(); }
    void add_unreadable() {
        problems.add(record_line(), "", xlsx ? "ledger.bad_xlsx" : "ledger.bad_csv",
                     xlsx ? xlsx->error_message() : csv->error_message());
    }

    // Reads up to the header and maps it; false when the header is unusable.
    bool read_header() {
        while (!problems.full()) {
            const Got got = read_record();
            if (got == Got::End) break;
            if (got == Got::Error) {
                add_unreadable();
                return false;
            }
            if (detail::is_blank(cells)) continue;
            if (!detail::read_header(cells, record_line(), encoding == "gbk", header, problems)) {
                return false;
            }
            for (size_t c = 0; c < kColumnCount; ++c) has_column[c] = header.index[c] >= 0;
            return true;
        }
        if (problems.empty()) {
            problems.add(
                1, "", "ledger.missing_column",
                "the file has no header line; expected columns " + accepted_column_names());
        }
        return false;
    }

    void check_duplicate(const Household& h) {
        if (h.address.empty() || problems.full()) return;  // a bad address is reported already
        const int first = seen.first_line(h, h.line);
        if (first == 0) return;
        problems.add(h.line, header.text[static_cast<size_t>(Column::Room)],
                     "ledger.duplicate_household",
                     "household " + h.address + " in " + h.district + "/" + h.street + "/" +
                         h.community + "/" + h.grid + " is listed twice, on line " +
                         std::to_string(first) + " and line " + std::to_string(h.line));
    }
};

LedgerReader::LedgerReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LedgerReader::~LedgerReader() = default;

Result<std::unique_ptr<LedgerReader>> LedgerReader::over_csv(std::string_view bytes,
                                                             const std::string& name) {
    auto impl = std::make_unique<Impl>(name);
    if (auto e = impl->start_csv(bytes)) return *e;
    return std::unique_ptr<LedgerReader>(new LedgerReader(std::move(impl)));
}

Result<std::unique_ptr<LedgerReader>> LedgerReader::open(const std::string& path,
                                                         const std::string& sheet) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"ledger.io", path + ": cannot open: " + std::strerror(errno)};
    char magic[4] = {};
    in.read(magic, sizeof magic);
    if (looks_like_xlsx(std::string_view(magic, static_cast<size_t>(in.gcount())))) {
        auto rows = XlsxRows::open(path, sheet);
        if (!rows) return rows.error();
        // Problems read "<file>[<sheet>]:<row>: <column>: ...".
        auto impl = std::make_unique<Impl>(path + "[" + rows.value()->sheet_name() + "]");
        impl->encoding = "xlsx";
        impl->xlsx = std::move(rows.value());
        if (!impl->read_header()) return impl->problems.to_error();
        return std::unique_ptr<LedgerReader>(new LedgerReader(std::move(impl)));
    }
    if (!sheet.empty()) {
        return Error{"ledger.no_sheet", path + ": --sheet " + sheet +
                                            ": only an .xlsx workbook has sheets; this is CSV"};
    }
    in.clear();
    std::string bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0) {
        bytes.resize(static_cast<size_t>(size));
        in.seekg(0, std::ios::beg);
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    if (!in) return Error{"ledger.io", path + ": cannot read: " + std::strerror(errno)};
    auto impl = std::make_unique<Impl>(path);
    impl->bytes = std::move(bytes);
    if (auto e = impl->start_csv(impl->bytes)) return *e;
    return std::unique_ptr<LedgerReader>(new LedgerReader(std::move(impl)));
}

const std::string& LedgerReader::name() const { return impl_->name; }
const std::string& LedgerReader::encoding() const { return impl_->encoding; }
bool LedgerReader::has(Column c) const { return impl_->has_column[static_cast<size_t>(c)]; }
bool LedgerReader::failed() const { return !impl_->problems.empty(); }
Error LedgerReader::error() { return impl_->problems.to_error(); }

void LedgerReader::add_problem(int line, std::string_view column, std::string id,
                               std::string_view what) {
    impl_->problems.add(line, column, std::move(id), what);
}

bool LedgerReader::next(Household& h) {
    Impl& m = *impl_;
    while (!m.problems.full()) {
        const auto got = m.read_record();
        if (got == Impl::Got::End) return false;
        if (got == Impl::Got::Error) {
            m.add_unreadable();
            return false;
        }
        if (detail::is_blank(m.cells)) continue;
        const size_t before = m.problems.size();
        h = Household{};
        h.line = m.record_line();
        detail::read_row(m.cells, m.header, h, m.problems);
        m.check_duplicate(h);
        if (m.problems.size() == before) return true;
    }
    return false;
}

namespace {

// Every row of an opened ledger, or all its problems.
Result<LedgerFile> collect(Result<std::unique_ptr<LedgerReader>> opened, size_t expected_rows) {
    if (!opened) return opened.error();
    LedgerReader& reader = *opened.value();
    LedgerFile file;
    file.name = reader.name();
    file.encoding = reader.encoding();
    for (size_t c = 0; c < kColumnCount; ++c) file.has_column[c] = reader.has(Column(c));
    file.households.reserve(expected_rows);
    Household h;
    while (reader.next(h)) file.households.push_back(std::move(h));
    if (reader.failed()) return reader.error();
    return file;
}

}  // namespace

Result<LedgerFile> parse_ledger(std::string_view bytes, const std::string& name) {
    return collect(LedgerReader::over_csv(bytes, name), CsvReader::count_lines(bytes));
}

Result<LedgerFile> read_ledger(const std::string& path, const std::string& sheet) {
    return collect(LedgerReader::open(path, sheet), 0);
}

}  // namespace gridbot::ledger
