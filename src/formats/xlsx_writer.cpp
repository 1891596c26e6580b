#include "formats/xlsx_writer.hpp"

#include <stdlib.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>

#include "fitkit/error.hpp"
#include "formats/csv_writer.hpp"

namespace fitkit::formats {
namespace {

constexpr std::size_t kMaxCellChars = 32767;  // Excel's limit
constexpr double kMinWidth = 8, kMaxWidth = 60;  // in characters of the default font

// A folder only this process can read (mkdtemp makes it 0700), removed with what it holds
// however the writing ends: libxlsxwriter writes to a file and keeps its scratch files there.
class PrivateDir {
 public:
  PrivateDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "fitkit-xlsx-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw Error::internal("cannot create a temporary folder for the workbook");
    path_ = pattern;
  }
  ~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct WorkbookDeleter {
  void operator()(lxw_workbook* w) const noexcept { lxw_workbook_free(w); }
};

// Well-formed UTF-8 with every bad byte (and NUL, which XML cannot hold) as U+FFFD; `chars`
// counts the characters.
std::string clean_utf8(std::string_view in, std::size_t& chars) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(in.size());
  chars = 0;
  for (std::size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    std::size_t n = 0;
    char32_t cp = 0, min = 0;
    if (b < 0x80) n = 1, cp = b;
    else if (b >= 0xC2 && b < 0xE0) n = 2, cp = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b < 0xF0) n = 3, cp = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b < 0xF5) n = 4, cp = b & 0x07, min = 0x10000;
    bool ok = n > 0 && i + n <= in.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0;
    if (ok) out.append(in.substr(i, n)), i += n;
    else out.append(kReplacement), i += 1;
    ++chars;
  }
  return out;
}

std::string sheet_name_for_excel(std::string_view wanted) {
  std::size_t chars = 0;
  std::string name = clean_utf8(wanted, chars);
  for (char& c : name)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos || static_cast<unsigned char>(c) < 0x20)
      c = ' ';
  // At most 31 characters, cut at a character's start.
  std::size_t end = 0;
  for (std::size_t count = 0; end < name.size() && count < LXW_SHEETNAME_MAX; ++count) {
    ++end;
    while (end < name.size() && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) ++end;
  }
  name.resize(end);
  // Excel refuses a name that starts or ends with an apostrophe, and blank names.
  while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) name.erase(0, 1);
  while (!name.empty() && (name.back() == '\'' || name.back() == ' ')) name.pop_back();
  return name.empty() ? "Sheet1" : name;
}

class SheetWriter {
 public:
  explicit SheetWriter(lxw_worksheet* sheet) : sheet_(sheet) {}

  void text(lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    std::size_t chars = 0;
    const std::string cell = clean_utf8(neutralise_formula(text), chars);
    if (chars > kMaxCellChars)
      throw Error::invalid("rows", "a cell holds more than 32767 characters, Excel's limit");
    check(worksheet_write_string(sheet_, row, col, cell.c_str(), format));
    widen(col, static_cast<double>(chars));
  }

  void number(lxw_row_t row, lxw_col_t col, double value) {
    if (!std::isfinite(value)) return;
    check(worksheet_write_number(sheet_, row, col, value, nullptr));
    char shown[32];
    widen(col, std::snprintf(shown, sizeof shown, "%.10g", value));
  }

  // Sets the column widths; with a header, keeps it in view and puts filters on it.
  void finish(std::size_t header_columns, lxw_row_t last_row) {
    for (std::size_t col = 0; col < widths_.size(); ++col)
      check(worksheet_set_column(sheet_, static_cast<lxw_col_t>(col), static_cast<lxw_col_t>(col),
                                 std::clamp(widths_[col] + 2, kMinWidth, kMaxWidth), nullptr));
    if (header_columns > 0) {
      worksheet_freeze_panes(sheet_, 1, 0);
      check(worksheet_autofilter(sheet_, 0, 0, last_row, static_cast<lxw_col_t>(header_columns - 1)));
    }
  }

  static void check(lxw_error error) {
    if (error != LXW_NO_ERROR) throw Error::internal(std::string("cannot write the workbook: ") + lxw_strerror(error));
  }

 private:
  void widen(lxw_col_t col, double chars) {
    if (widths_.size() <= col) widths_.resize(col + 1, 0);
    widths_[col] = std::max(widths_[col], chars);
  }

  lxw_worksheet* sheet_;
  std::vector<double> widths_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::internal("cannot read the workbook back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::string xlsx_table(std::string_view sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<XlsxCell>>& rows) {
  if (rows.size() + 1 > LXW_ROW_MAX) throw Error::invalid("rows", "more rows than Excel's 1048576");
  std::size_t columns = header.size();
  for (const auto& row : rows) columns = std::max(columns, row.size());
  if (columns > LXW_COL_MAX) throw Error::invalid("rows", "more columns than Excel's 16384");

  const PrivateDir dir;
  const auto file = dir.path() / "table.xlsx";
  const std::string scratch = dir.path().string();
  lxw_workbook_options options = {};
  options.tmpdir = const_cast<char*>(scratch.c_str());  // libxlsxwriter does not write through it
  std::unique_ptr<lxw_workbook, WorkbookDeleter> workbook(workbook_new_opt(file.c_str(), &options));
  if (!workbook) throw Error::internal("cannot start a workbook");

  const std::string name = sheet_name_for_excel(sheet_name);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), name.c_str());
  lxw_format* bold = workbook_add_format(workbook.get());
  if (!sheet || !bold) throw Error::internal("cannot add a worksheet");
  format_set_bold(bold);

  SheetWriter writer(sheet);
  for (std::size_t col = 0; col < header.size(); ++col)
    writer.text(0, static_cast<lxw_col_t>(col), header[col], bold);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t col = 0; col < rows[r].size(); ++col) {
      const auto& value = rows[r][col].value;
      if (const auto* text = std::get_if<std::string>(&value)) writer.text(row, static_cast<lxw_col_t>(col), *text, nullptr);
      else if (const auto* number = std::get_if<double>(&value)) writer.number(row, static_cast<lxw_col_t>(col), *number);
    }
  }
  writer.finish(header.size(), static_cast<lxw_row_t>(rows.size()));

  // workbook_close writes the file and frees the workbook, whatever it returns.
  const lxw_error closed = workbook_close(workbook.release());
  SheetWriter::check(closed);
  return read_file(file);
}

}  // namespace fitkit::formats
