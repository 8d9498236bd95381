#include "bot/ledger/xlsx.h"

#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>

namespace gridbot::ledger {

namespace {

constexpr size_t kChunk = 64 * 1024;
constexpr int kMaxColumn = 16384;  // XFD, Excel's last column

// "x:sheet" → "sheet": some writers prefix the spreadsheet namespace.
std::string_view local_name(const XML_Char* name) {
    std::string_view n(name);
    auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const XML_Char** attrs, std::string_view local, bool want_prefix = false) {
    for (int i = 0; attrs[i] != nullptr; i += 2) {
        std::string_view n(attrs[i]);
        bool prefixed = n.find(':') != std::string_view::npos;
        if (local_name(attrs[i]) == local && prefixed == want_prefix) return attrs[i + 1];
    }
    return nullptr;
}

// "B12" → 1 (0-based column); -1 when malformed.
int column_of(const char* ref) {
    int col = 0;
    const char* p = ref;
    for (; *p >= 'A' && *p <= 'Z'; ++p) {
        col = col * 26 + (*p - 'A' + 1);
        if (col > kMaxColumn) return -1;
    }
    return p == ref ? -1 : col - 1;
}

// A number cell's text: integral values without fraction or exponent.
std::string number_text(const std::string& raw) {
    char* end = nullptr;
    double v = std::strtod(raw.c_str(), &end);
    if (end == raw.c_str() || *end != '\0' || !std::isfinite(v)) return raw;
    if (v == std::floor(v) && std::fabs(v) < 1e16) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    return raw;
}

// One zip entry fed to an expat parser in chunks.
class EntryStream {
  public:
    EntryStream(zip_t* zip, std::string name) : name_(std::move(name)) {
        file_ = zip_fopen(zip, name_.c_str(), 0);
    }
    ~EntryStream() {
        if (file_ != nullptr) zip_fclose(file_);
    }
    bool ok() const { return file_ != nullptr; }
    const std::string& name() const { return name_; }
    // Feeds one chunk; false at the end or on an error (then `error` is set).
    bool feed(XML_Parser parser, std::string& error) {
        char buf[kChunk];
        zip_int64_t n = zip_fread(file_, buf, sizeof buf);
        if (n < 0) {
            error = name_ + ": cannot read from the workbook";
            return false;
        }
        if (XML_Parse(parser, buf, static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
            error = name_ + ": line " + std::to_string(XML_GetCurrentLineNumber(parser)) + ": " +
                    XML_ErrorString(XML_GetErrorCode(parser));
            return false;
        }
        return n > 0;
    }

  private:
    std::string name_;
    zip_file_t* file_ = nullptr;
};

// Parses a whole (small) entry with SAX callbacks; returns the error or "".
struct Sax {
    std::function<void(std::string_view, const XML_Char**)> start;
    std::function<void(std::string_view)> end;
    std::function<void(std::string_view)> text;
};

void XMLCALL on_start(void* ud, const XML_Char* name, const XML_Char** attrs) {
    auto* s = static_cast<Sax*>(ud);
    if (s->start) s->start(local_name(name), attrs);
}
void XMLCALL on_end(void* ud, const XML_Char* name) {
    auto* s = static_cast<Sax*>(ud);
    if (s->end) s->end(local_name(name));
}
void XMLCALL on_text(void* ud, const XML_Char* t, int len) {
    auto* s = static_cast<Sax*>(ud);
    if (s->text) s->text(std::string_view(t, static_cast<size_t>(len)));
}

XML_Parser make_parser(Sax& sax) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &sax);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    return p;
}

std::string parse_entry(zip_t* zip, const std::string& name, Sax& sax, bool required) {
    EntryStream in(zip, name);
    if (!in.ok()) return required ? name + ": missing from the workbook" : "";
    XML_Parser p = make_parser(sax);
    std::string error;
    while (in.feed(p, error)) {
    }
    XML_ParserFree(p);
    return error;
}

// "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml".
std::string part_path(const std::string& target) {
    if (!target.empty() && target[0] == '/') return target.substr(1);
    return "xl/" + target;
}

// ledger.io when the file cannot be read, ledger.bad_xlsx when it is not a zip archive.
Result<zip_t*> open_zip(const std::string& path) {
    int zerr = 0;
    zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY, &zerr);
    if (zip != nullptr) return zip;
    zip_error_t e;
    zip_error_init_with_code(&e, zerr);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    const char* id = zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ
                         ? "ledger.io"
                         : "ledger.bad_xlsx";
    return Error{id, path + ": cannot open as an .xlsx workbook: " + why};
}

using Sheet = std::pair<std::string, std::string>;  // name, r:id

// The workbook: sheet names in order, and their relationship ids. Returns the error or "".
std::string read_sheets(zip_t* zip, std::vector<Sheet>& sheets) {
    Sax wb;
    wb.start = [&](std::string_view name, const XML_Char** attrs) {
        if (name != "sheet") return;
        const char* n = attribute(attrs, "name");
        const char* id = attribute(attrs, "id", true);
        if (n && id) sheets.emplace_back(n, id);
    };
    return parse_entry(zip, "xl/workbook.xml", wb, true);
}

// The workbook's parts by relationship id (r:id → part), and the part of the
// shared strings when the relationships name one. Returns the error or "".
std::string read_relationships(zip_t* zip, std::map<std::string, std::string>& targets,
                               std::string& shared_part) {
    Sax rels;
    rels.start = [&](std::string_view name, const XML_Char** attrs) {
        if (name != "Relationship") return;
        const char* id = attribute(attrs, "Id");
        const char* target = attribute(attrs, "Target");
        const char* type = attribute(attrs, "Type");
        if (!id || !target) return;
        targets[id] = part_path(target);
        if (type && std::string_view(type).ends_with("/sharedStrings")) {
            shared_part = part_path(target);
        }
    };
    return parse_entry(zip, "xl/_rels/workbook.xml.rels", rels, true);
}

// The sheet named `sheet`; the first sheet when no name is given.
Result<const Sheet*> choose_sheet(const std::vector<Sheet>& sheets, const std::string& sheet,
                                  const std::string& path) {
    if (sheet.empty()) return &sheets.front();
    const Sheet* chosen = nullptr;
    std::string names;
    for (const auto& s : sheets) {
        if (s.first == sheet) chosen = &s;
        names += (names.empty() ? "" : ", ") + s.first;
    }
    if (chosen == nullptr) {
        return Error{"ledger.no_sheet",
                     path + ": no sheet named \"" + sheet + "\"; the sheets are: " + names};
    }
    return chosen;
}

}  // namespace

struct XlsxRows::Impl {
    std::string path, sheet, error;
    zip_t* zip = nullptr;
    // Shared strings back to back in one arena: a district's workbook holds
    // hundreds of thousands, and a std::string each would cost 32 bytes more.
    std::string shared_text;
    std::vector<size_t> shared_start;  // where each begins; one past the last ends the arena
    std::unique_ptr<EntryStream> stream;
    XML_Parser parser = nullptr;
    Sax sax;
    bool done = false;

    struct Row {
        int line = 0;
        std::vector<std::string> cells;
    };
    std::deque<Row> ready;
    Row building, current;
    // The cell being read.
    int col = -1;
    std::string type, value;
    bool in_value = false, in_inline = false;

    ~Impl() {
        if (parser != nullptr) XML_ParserFree(parser);
        stream.reset();
        if (zip != nullptr) zip_discard(zip);
    }

    std::string cell_text() {
        if (type == "s") {
            char* end = nullptr;
            long i = std::strtol(value.c_str(), &end, 10);
            if (end == value.c_str() || i < 0 ||
                static_cast<size_t>(i) + 1 >= shared_start.size()) {
                error = "shared string " + value + " does not exist";
                return "";
            }
            const size_t at = shared_start[static_cast<size_t>(i)];
            return shared_text.substr(at, shared_start[static_cast<size_t>(i) + 1] - at);
        }
        if (type == "b") return value == "1" ? "TRUE" : "FALSE";
        if (type.empty() || type == "n") return number_text(value);
        return value;  // str, inlineStr, e
    }

    void start(std::string_view name, const XML_Char** attrs) {
        if (name == "row") {
            building = Row{};
            const char* r = attribute(attrs, "r");
            building.line =
                r ? std::atoi(r) : (ready.empty() ? current.line : ready.back().line) + 1;
        } else if (name == "c") {
            const char* r = attribute(attrs, "r");
            col = r ? column_of(r) : static_cast<int>(building.cells.size());
            const char* t = attribute(attrs, "t");
            type = t ? t : "";
            value.clear();
        } else if (name == "v") {
            in_value = true;
        } else if (name == "is") {
            in_inline = true;
        }
    }
    void end(std::string_view name) {
        if (name == "v") {
            in_value = false;
        } else if (name == "is") {
            in_inline = false;
        } else if (name == "c") {
            if (col < 0) {
                error = "row " + std::to_string(building.line) + ": a cell with a bad reference";
                return;
            }
            std::string text = cell_text();
            if (!text.empty()) {
                if (building.cells.size() <= static_cast<size_t>(col)) {
                    building.cells.resize(static_cast<size_t>(col) + 1);
                }
                building.cells[static_cast<size_t>(col)] = std::move(text);
            }
        } else if (name == "row") {
            ready.push_back(std::move(building));
        }
    }
    void text(std::string_view t) {
        if (in_value || in_inline) value.append(t);
    }

    // Shared strings: <si> holds <t> runs (rich text) and <rPh> phonetic runs
    // (furigana), which are not part of the text. Returns the error or "".
    std::string read_shared_strings(const std::string& part) {
        Sax ss;
        bool in_si = false, in_t = false;
        int in_rph = 0;
        ss.start = [&](std::string_view name, const XML_Char**) {
            if (name == "si") {
                in_si = true;
                shared_start.push_back(shared_text.size());
            } else if (name == "rPh") {
                ++in_rph;
            } else if (name == "t") {
                in_t = true;
            }
        };
        ss.end = [&](std::string_view name) {
            if (name == "si") {
                in_si = false;
            } else if (name == "rPh") {
                --in_rph;
            } else if (name == "t") {
                in_t = false;
            }
        };
        ss.text = [&](std::string_view t) {
            if (in_si && in_t && in_rph == 0) shared_text.append(t);
        };
        if (auto e = parse_entry(zip, part, ss, false); !e.empty()) return e;
        shared_start.push_back(shared_text.size());
        return "";
    }

    // Opens the sheet's part for next() to stream. Returns the error or "".
    std::string open_sheet(const std::string& part) {
        stream = std::make_unique<EntryStream>(zip, part);
        if (!stream->ok()) return part + ": missing from the workbook";
        sax.start = [this](std::string_view n, const XML_Char** a) { start(n, a); };
        sax.end = [this](std::string_view n) { end(n); };
        sax.text = [this](std::string_view t) { text(t); };
        parser = make_parser(sax);
        return "";
    }
};

XlsxRows::XlsxRows(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxRows::~XlsxRows() = default;

Result<std::unique_ptr<XlsxRows>> XlsxRows::open(const std::string& path,
                                                 const std::string& sheet) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    auto zip = open_zip(path);
    if (!zip) return zip.error();
    impl->zip = zip.value();
    auto bad = [&](const std::string& why) { return Error{"ledger.bad_xlsx", path + ": " + why}; };

    std::vector<Sheet> sheets;
    if (auto e = read_sheets(impl->zip, sheets); !e.empty()) return bad(e);
    if (sheets.empty()) return bad("the workbook has no sheets");
    std::map<std::string, std::string> targets;  // r:id → part
    std::string shared_part = "xl/sharedStrings.xml";
    if (auto e = read_relationships(impl->zip, targets, shared_part); !e.empty()) return bad(e);

    auto chosen = choose_sheet(sheets, sheet, path);
    if (!chosen) return chosen.error();
    impl->sheet = chosen.value()->first;
    auto target = targets.find(chosen.value()->second);
    if (target == targets.end()) return bad("sheet \"" + impl->sheet + "\" has no part");

    if (auto e = impl->read_shared_strings(shared_part); !e.empty()) return bad(e);
    if (auto e = impl->open_sheet(target->second); !e.empty()) return bad(e);
    return std::unique_ptr<XlsxRows>(new XlsxRows(std::move(impl)));
}

XlsxRows::Status XlsxRows::next(std::vector<std::string_view>& cells) {
    Impl& m = *impl_;
    while (m.ready.empty() && !m.done && m.error.empty()) {
        std::string error;
        if (!m.stream->feed(m.parser, error)) {
            m.done = true;
            if (!error.empty()) m.error = error;
        }
    }
    if (!m.error.empty()) return Status::Error;
    if (m.ready.empty()) return Status::End;
    m.current = std::move(m.ready.front());
    m.ready.pop_front();
    cells.clear();
    for (const auto& c : m.current.cells) cells.emplace_back(c);
    if (cells.empty()) cells.emplace_back();
    return Status::Record;
}

int XlsxRows::line() const { return impl_->current.line; }
const std::string& XlsxRows::error_message() const { return impl_->error; }
const std::string& XlsxRows::sheet_name() const { return impl_->sheet; }

bool looks_like_xlsx(std::string_view first_bytes) {
    return first_bytes.size() >= 4 && first_bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

}  // namespace gridbot::ledger
