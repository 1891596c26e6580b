// CSV (RFC 4180) for spreadsheets, safe against formula injection: a text cell that starts
// with =, +, -, @, a tab or a carriage return is prefixed with a single quote, so that a
// spreadsheet shows it as text instead of running it (OWASP's advice). Numbers go through
// number(), which never needs it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fitkit::formats {

class CsvWriter {
 public:
  CsvWriter& text(std::string_view cell);
  CsvWriter& number(std::optional<double> value, int decimals = 2);  // empty for no value
  CsvWriter& integer(std::optional<long long> value);
  void end_row();  // CRLF, as RFC 4180 says

  const std::string& str() const { return out_; }

 private:
  void separate();
  std::string out_;
  bool row_started_ = false;
};

// The cell as it is written: neutralised and quoted where needed.
std::string csv_cell(std::string_view text);

// The text neutralised by the rule above (a single quote before a leading =, +, -, @, tab or
// carriage return), else unchanged: for every spreadsheet writer, so that the rule is in one place.
std::string neutralise_formula(std::string_view text);

}  // namespace fitkit::formats
