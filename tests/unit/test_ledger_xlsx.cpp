// Ledgers from Excel: `gridbot import` reads .xlsx workbooks written by an
// independent library (openpyxl, Debian's python3-openpyxl) and by hand (raw
// Office Open XML zipped), with the CSV ledger's names, rules and errors.
#include <doctest/doctest.h>

#include <string>

#include "bot/ledger/ledger.h"
#include "import_fixture.h"
#include "support.h"

using namespace gridbot;
using test::ImportFixture;

namespace {

// Writes `csv` (UTF-8) as an .xlsx with openpyxl; `flags` as csv_to_xlsx.py takes them.
std::string to_xlsx(const test::TempDir& dir, const std::string& csv, const std::string& name,
                    const std::string& flags = "") {
    std::string out = dir.file(name);
    auto r = test::run_command("/usr/bin/python3 tests/data/ledger/csv_to_xlsx.py " + csv + " " +
                               out + " " + flags);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return out;
}

// A minimal workbook written by hand: one sheet "台账" with `sheet_rows` (the
// <row> elements) and the shared strings `shared` (the <si> elements).
std::string handmade_xlsx(const test::TempDir& dir, const std::string& name,
                          const std::string& sheet_rows, const std::string& shared) {
    std::string py = R"PY(
import sys, zipfile
out, rows, shared = sys.argv[1], sys.argv[2], sys.argv[3]
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook %s xmlns:r="%s"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rel))
    z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (rel, rel))
    z.writestr('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst %s>%s</sst>' % (ns, shared))
    z.writestr('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, rows))
)PY";
    std::string script = dir.file("make.py");
    test::write_file(script, py);
    std::string rows_file = dir.file(name + ".rows"), shared_file = dir.file(name + ".shared");
    test::write_file(rows_file, sheet_rows);
    test::write_file(shared_file, shared);
    std::string out = dir.file(name);
    auto r = test::run_command("/usr/bin/python3 " + script + " " + out + " \"$(cat " + rows_file +
                               ")\" \"$(cat " + shared_file + ")\"");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return out;
}

}  // namespace

TEST_CASE(
    "import: an .xlsx ledger written by openpyxl imports exactly like its UTF-8 and GBK "
    "CSV twins, phones and rooms Excel made numbers included") {
    ImportFixture utf8, gbk, xlsx, floats;
    REQUIRE(utf8.import("tests/data/ledger/sample-utf8.csv").exit_code == 0);
    REQUIRE(gbk.import("tests/data/ledger/sample-gbk.csv").exit_code == 0);
    auto book = to_xlsx(xlsx.dir, "tests/data/ledger/sample-utf8.csv", "ledger.xlsx", "--numbers");
    auto r = xlsx.import(book);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    auto book2 = to_xlsx(floats.dir, "tests/data/ledger/sample-utf8.csv", "floats.xlsx",
                         "--numbers --float-phones");
    auto r2 = floats.import(book2);
    REQUIRE_MESSAGE(r2.exit_code == 0, r2.out);
    std::string a = utf8.dump();
    CHECK(a.size() > 1000);
    CHECK(a == gbk.dump());
    CHECK(a == xlsx.dump());
    CHECK(a == floats.dump());
}

TEST_CASE(
    "import: a bad row in an .xlsx names the file, the sheet, the row and the column, and "
    "writes nothing") {
    ImportFixture f;
    // The third data row (sheet row 4) has a phone of 5 digits.
    test::write_file(f.dir.file("bad.csv"),
                     "区,街道,社区,网格,门牌,人数,联系人,电话\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-1-101,3,卢洋,13975722846\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-1-102,2,何刚,15079955606\n"
                     "南岗区,先锋街道,龙台社区,第一网格,1-1-201,1,江娟,12345\n");
    auto book = to_xlsx(f.dir, f.dir.file("bad.csv"), "bad.xlsx", "--sheet 住户 --numbers");
    auto r = f.import(book);
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(r.out.find("bad.xlsx[住户]:4: 电话:") != std::string::npos, r.out);
    CHECK(r.out.find("12345") != std::string::npos);
    CHECK(f.counts().households == 0);
}

TEST_CASE(
    "import: --sheet picks a workbook's sheet by name, an unknown sheet lists the sheets, "
    "--sheet on a CSV is refused") {
    ImportFixture f;
    auto book = to_xlsx(f.dir, "tests/data/ledger/sample-utf8.csv", "two.xlsx",
                        "--sheet 台账 --before 说明");
    auto first = f.import(book);  // the first sheet is the note, which has no ledger header
    CHECK(first.exit_code == 1);
    CHECK(first.out.find("[说明]") != std::string::npos);
    CHECK(f.counts().households == 0);
    auto named = f.import(book, "--sheet 台账");
    REQUIRE_MESSAGE(named.exit_code == 0, named.out);
    CHECK(f.counts().households > 100);
    auto unknown = f.import(book, "--sheet 第三页");
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.find("ledger.no_sheet") != std::string::npos);
    CHECK(unknown.out.find("说明, 台账") != std::string::npos);
    auto csv = f.import("tests/data/ledger/sample-utf8.csv", "--sheet 台账");
    CHECK(csv.exit_code == 1);
    CHECK(csv.out.find("ledger.no_sheet") != std::string::npos);
}

TEST_CASE(
    "xlsx: shared, inline and rich-text strings, numbers in exponent form, gaps between "
    "cells and rows read as typed") {
    test::TempDir dir;
    const std::string shared =
        "<si><t>区</t></si><si><t>街道</t></si><si><t>社区</t></si><si><t>网格</t></si>"
        "<si><t>门牌</t></si><si><t>电话</t></si><si><t>南岗区</t></si><si><t>先锋街道</t></si>"
        "<si><r><t>龙台</t></r><r><t>社区</t></r><rPh><t>ロンタイ</t></rPh></si>"
        "<si><t>第一网格</t></si><si><t>联系人</t></si>";
    const std::string rows =
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>10</v></c></row>)"
        R"(<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c><c r="C3" t="s"><v>8</v></c><c r="D3" t="s"><v>9</v></c><c r="E3"><v>502</v></c><c r="F3"><v>1.3912345678E10</v></c><c r="G3" t="inlineStr"><is><t>卢洋</t></is></c></row>)"
        R"(<row r="7"><c r="A7" t="s"><v>6</v></c><c r="B7" t="s"><v>7</v></c><c r="C7" t="s"><v>8</v></c><c r="D7" t="s"><v>9</v></c><c r="E7" t="str"><v>3-2-601</v></c></row>)";
    auto book = handmade_xlsx(dir, "hand.xlsx", rows, shared);
    auto file = ledger::read_ledger(book);
    REQUIRE_MESSAGE(file.ok(), (file.ok() ? "" : file.error().to_string()));
    REQUIRE(file.value().households.size() == 2);
    const auto& h = file.value().households[0];
    CHECK(h.line == 3);                // the sheet's row number, not a count of rows
    CHECK(h.community == "龙台社区");  // rich text runs joined, the phonetic run left out
    CHECK(h.address == "502");
    CHECK(h.phone == "13912345678");
    CHECK(h.contact == "卢洋");
    CHECK(file.value().households[1].line == 7);
    CHECK(file.value().households[1].address == "3-2-601");
    CHECK(file.value().households[1].phone.empty());
    CHECK(file.value().encoding == "xlsx");
}

TEST_CASE("xlsx: a zip that is not a workbook, and a broken sheet, are named errors") {
    test::TempDir dir;
    std::string zip = dir.file("photos.xlsx");
    auto r = test::run_command("cd " + dir.path().string() +
                               " && echo hi > a.txt && /usr/bin/python3 -c \"import zipfile; "
                               "zipfile.ZipFile('photos.xlsx','w').write('a.txt')\"");
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    auto notbook = ledger::read_ledger(zip);
    REQUIRE(!notbook.ok());
    CHECK(notbook.error().id == "ledger.bad_xlsx");
    CHECK(notbook.error().message.find("xl/workbook.xml") != std::string::npos);

    auto broken = handmade_xlsx(dir, "broken.xlsx", "<row r=\"1\"><c r=\"A1\"><v>1</v></row>", "");
    auto bad = ledger::read_ledger(broken);
    REQUIRE(!bad.ok());
    CHECK(bad.error().id == "ledger.bad_xlsx");
    CHECK(bad.error().message.find("sheet1.xml") != std::string::npos);
}
