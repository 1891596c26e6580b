// The .xlsx writer, read back as the ZIP of XML parts it is (libzip) and, when openpyxl is
// installed, by another program.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "formats/xlsx_writer.hpp"
#include "formats/zip_archive.hpp"
#include "support/process.hpp"
#include "support/read_eml.hpp"
#include "support/temp_dir.hpp"

using namespace fitkit;
using namespace fitkit::formats;

namespace {

using Rows = std::vector<std::vector<XlsxCell>>;

// The parts of the workbook by name.
std::map<std::string, std::string> parts_of(const std::string& xlsx) {
  ZipArchive zip(xlsx, "xlsx");
  std::map<std::string, std::string> parts;
  for (const auto& entry : zip.entries()) parts[entry.name] = zip.read(entry, 10 * 1024 * 1024);
  return parts;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The cells openpyxl reads, row by row (null for an empty cell), and the sheet's title and frozen
// cell; nullopt when openpyxl is not installed.
std::optional<nlohmann::json> read_with_openpyxl(const std::string& xlsx) {
  if (test::run_command({"/usr/bin/python3", "-c", "import openpyxl"}) != 0) {
    MESSAGE("python3-openpyxl is not installed: the workbook is not read by another program");
    return std::nullopt;
  }
  const test::TempDir dir("fitkit-xlsx-test");
  std::ofstream(dir / "t.xlsx", std::ios::binary) << xlsx;
  const std::string script =
      "import json, sys, openpyxl\n"
      "wb = openpyxl.load_workbook(sys.argv[1])\n"
      "ws = wb.active\n"
      "rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]\n"
      "print(json.dumps({'title': ws.title, 'freeze': ws.freeze_panes, 'rows': rows,\n"
      "                  'sheets': wb.sheetnames, 'bold': [c.font.b for c in next(ws.iter_rows(), [])]}))\n";
  const int code = test::run_command({"/usr/bin/python3", "-c", script, (dir / "t.xlsx").string()},
                                     std::chrono::seconds(60),
                                     {.env = {}, .stdout_path = (dir / "out.json").string(), .stderr_path = {}});
  REQUIRE(code == 0);
  return nlohmann::json::parse(test::read_text_file(dir / "out.json"));
}

// Points $TMPDIR at a fresh folder for the scope, to see what the writer leaves behind.
class TmpdirScope {
 public:
  TmpdirScope() {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    ::setenv("TMPDIR", dir_.path().c_str(), 1);
  }
  ~TmpdirScope() {
    if (old_) ::setenv("TMPDIR", old_->c_str(), 1);
    else ::unsetenv("TMPDIR");
  }
  bool empty() const { return std::filesystem::is_empty(dir_.path()); }

 private:
  test::TempDir dir_{"fitkit-xlsx-tmp"};
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("xlsx table: the sheet and shared strings hold the header and the values") {
  const Rows rows = {
      {XlsxCell::text("Anna Berg"), XlsxCell::number(42.5), XlsxCell::text("paid")},
      {XlsxCell::text("Jürgen Öz"), XlsxCell::number(std::nullopt), XlsxCell::empty(), XlsxCell::number(7)},
  };
  const auto xlsx = xlsx_table("Participants", {"Name", "Time (min)", "Status"}, rows);
  CHECK(looks_zipped(xlsx));
  const auto parts = parts_of(xlsx);
  REQUIRE(parts.count("xl/worksheets/sheet1.xml"));
  REQUIRE(parts.count("xl/sharedStrings.xml"));
  const auto& sheet = parts.at("xl/worksheets/sheet1.xml");
  const auto& strings = parts.at("xl/sharedStrings.xml");
  for (const char* text : {"Name", "Time (min)", "Status", "Anna Berg", "Jürgen Öz", "paid"}) {
    CAPTURE(text);
    CHECK(has(strings, std::string("<t>") + text + "</t>"));
  }
  CHECK(has(sheet, "<v>42.5</v>"));
  CHECK(has(sheet, "<v>7</v>"));
  CHECK(!has(sheet, "<f>"));
  CHECK(has(parts.at("xl/workbook.xml"), "name=\"Participants\""));
  // The header stays in view, has filters, and the columns are widened to their text.
  CHECK(has(sheet, "ySplit=\"1\""));
  CHECK(has(sheet, "state=\"frozen\""));
  CHECK(has(sheet, "<autoFilter ref=\"A1:C3\"/>"));
  CHECK(has(sheet, "<cols>"));
  CHECK(has(parts.at("xl/styles.xml"), "<b/>"));

  if (const auto read = read_with_openpyxl(xlsx)) {
    CAPTURE(read->dump());
    CHECK((*read)["title"] == "Participants");
    CHECK((*read)["freeze"] == "A2");
    CHECK((*read)["bold"] == nlohmann::json::array({true, true, true, false}));
    const auto expected = nlohmann::json::parse(
        R"json([["Name","Time (min)","Status",null],["Anna Berg",42.5,"paid",null],["Jürgen Öz",null,null,7]])json");
    CHECK((*read)["rows"] == expected);
  }
}

TEST_CASE("xlsx table: text that looks like a formula is stored as neutralised text") {
  const std::vector<std::string> risky = {"=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tx", "\rx",
                                          "=HYPERLINK(\"http://evil.example\",\"x\")"};
  Rows rows;
  for (const auto& text : risky) rows.push_back({XlsxCell::text(text)});
  rows.push_back({XlsxCell::number(-5)});  // a number stays a number
  const auto xlsx = xlsx_table("Sheet", {"=header"}, rows);
  const auto parts = parts_of(xlsx);
  const auto& sheet = parts.at("xl/worksheets/sheet1.xml");
  CHECK(!has(sheet, "<f>"));
  CHECK(has(sheet, "<v>-5</v>"));
  CHECK(has(sheet, "t=\"s\""));
  CHECK(has(parts.at("xl/sharedStrings.xml"), "<t>'=1+1</t>"));
  CHECK(has(parts.at("xl/sharedStrings.xml"), "'_x000D_x</t>"));
  if (const auto read = read_with_openpyxl(xlsx)) {
    const auto& got = (*read)["rows"];
    CHECK(got[0][0] == "'=header");
    for (std::size_t i = 0; i < risky.size(); ++i) {
      // A carriage return is stored as OOXML's escape _x000D_, which Excel reads back and
      // openpyxl 3.0 leaves as it is.
      const std::string stored = risky[i] == "\rx" ? "_x000D_x" : risky[i];
      CHECK(got[i + 1][0] == "'" + stored);
    }
    CHECK(got[risky.size() + 1][0] == -5);
  }
}

TEST_CASE("xlsx table: an empty table, or a header alone, is a valid workbook") {
  for (const auto& header : {std::vector<std::string>{}, std::vector<std::string>{"Name", "Club"}}) {
    CAPTURE(header.size());
    const auto xlsx = xlsx_table("Empty", header, {});
    const auto parts = parts_of(xlsx);
    CHECK(parts.count("xl/worksheets/sheet1.xml"));
    CHECK(!has(parts.at("xl/worksheets/sheet1.xml"), "<f>"));
    if (const auto read = read_with_openpyxl(xlsx)) {
      CHECK((*read)["title"] == "Empty");
      if (header.empty()) CHECK((*read)["rows"].size() <= 1);
      else CHECK((*read)["rows"] == nlohmann::json::array({{"Name", "Club"}}));
    }
  }
}

TEST_CASE("xlsx table: unicode text, XML specials and bad bytes come back as text") {
  const std::string bad = std::string("ok\xff") + "\xc3";  // an invalid byte, a truncated sequence
  const Rows rows = {{XlsxCell::text("Забег 10 км 🏃‍♀️"), XlsxCell::text("<b>&amp;\"'</b>")},
                     {XlsxCell::text("日本語のテキスト"), XlsxCell::text(bad)}};
  const auto xlsx = xlsx_table("Забег: [итоги]/2026?", {"Участник", "Заметка"}, rows);
  const auto parts = parts_of(xlsx);
  CHECK(has(parts.at("xl/sharedStrings.xml"), "Забег 10 км 🏃‍♀️"));
  CHECK(has(parts.at("xl/sharedStrings.xml"), "&lt;b&gt;&amp;amp;"));
  CHECK(has(parts.at("xl/sharedStrings.xml"), "ok\xEF\xBF\xBD\xEF\xBF\xBD"));
  CHECK(has(parts.at("xl/workbook.xml"), "name=\"Забег   итоги  2026\""));
  if (const auto read = read_with_openpyxl(xlsx)) {
    CHECK((*read)["title"] == "Забег   итоги  2026");
    CHECK((*read)["rows"][1] == nlohmann::json::array({"Забег 10 км 🏃‍♀️", "<b>&amp;\"'</b>"}));
    CHECK((*read)["rows"][2][0] == "日本語のテキスト");
    CHECK((*read)["rows"][2][1] == "ok\uFFFD\uFFFD");
  }
}

TEST_CASE("xlsx table: sheet names are made fit for Excel") {
  const auto name_of = [](std::string_view wanted) {
    const auto workbook = parts_of(xlsx_table(wanted, {"a"}, {})).at("xl/workbook.xml");
    const auto at = workbook.find("<sheet name=\"");
    REQUIRE(at != std::string::npos);
    const auto start = at + 13;
    return workbook.substr(start, workbook.find('"', start) - start);
  };
  CHECK(name_of("") == "Sheet1");
  CHECK(name_of("'quoted'") == "quoted");
  CHECK(name_of("***") == "Sheet1");
  CHECK(name_of(std::string(40, 'x')) == std::string(31, 'x'));
  std::string cyrillic_40, cyrillic_31;  // two bytes a character: cut at a character's start
  for (int i = 0; i < 40; ++i) cyrillic_40 += "ж";
  for (int i = 0; i < 31; ++i) cyrillic_31 += "ж";
  CHECK(name_of(cyrillic_40) == cyrillic_31);
}

TEST_CASE("xlsx table: past Excel's limits is invalid, and no temporary file is left either way") {
  TmpdirScope tmp;
  const Rows too_long = {{XlsxCell::text(std::string(32768, 'x'))}};
  try {
    xlsx_table("Sheet", {"Note"}, too_long);
    FAIL("expected invalid_argument");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::invalid_argument);
    CHECK(e.field() == "rows");
  }
  CHECK(tmp.empty());
  const Rows longest = {{XlsxCell::text(std::string(32767, 'x'))}};
  CHECK(parts_of(xlsx_table("Sheet", {"Note"}, longest)).size() > 3);
  CHECK(tmp.empty());

  const std::vector<std::string> too_wide(16385, "c");
  CHECK_THROWS_AS(xlsx_table("Sheet", too_wide, {}), Error);
}
