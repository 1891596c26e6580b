// Excel workbooks (.xlsx, libxlsxwriter) of one table: a bold header row that stays in view,
// an autofilter, columns as wide as their text. Text is always written as a string, never as a
// formula, and neutralised by the CSV writer's rule (csv_writer.hpp), so that a cell reading
// "=HYPERLINK(…)" stays text also once copied elsewhere.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fitkit::formats {

struct XlsxCell {
  std::variant<std::monostate, std::string, double> value;  // empty, text (UTF-8) or number

  static XlsxCell empty() { return {}; }
  static XlsxCell text(std::string text) { return {std::move(text)}; }
  // NaN, infinities and no value give an empty cell.
  static XlsxCell number(std::optional<double> number) {
    return number ? XlsxCell{*number} : XlsxCell{};
  }
};

// The bytes of an .xlsx file with one sheet: `header` in the first row, then `rows` (rows may be
// shorter or longer than the header). The sheet name is made fit for Excel: []:*?/\ become
// spaces, it is cut to 31 characters, and an empty one becomes "Sheet1". Text that is not
// valid UTF-8 has the bad bytes replaced by U+FFFD. Throws Error::invalid("rows") past Excel's
// limits (1 048 576 rows, 16 384 columns, 32 767 characters a cell).
std::string xlsx_table(std::string_view sheet_name, const std::vector<std::string>& header,
                       const std::vector<std::vector<XlsxCell>>& rows);

}  // namespace fitkit::formats
