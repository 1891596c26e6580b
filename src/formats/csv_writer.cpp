#include "formats/csv_writer.hpp"

#include <cmath>
#include <cstdio>

namespace fitkit::formats {

std::string neutralise_formula(std::string_view text) {
  std::string cell;
  cell.reserve(text.size() + 3);
  const bool formula = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                                         text[0] == '\t' || text[0] == '\r');
  if (formula) cell.push_back('\'');
  cell.append(text);
  return cell;
}

std::string csv_cell(std::string_view text) {
  std::string cell = neutralise_formula(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

void CsvWriter::separate() {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
}

CsvWriter& CsvWriter::text(std::string_view cell) {
  separate();
  out_ += csv_cell(cell);
  return *this;
}

CsvWriter& CsvWriter::number(std::optional<double> value, int decimals) {
  separate();
  if (value && std::isfinite(*value)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, *value);
    out_ += buf;
  }
  return *this;
}

CsvWriter& CsvWriter::integer(std::optional<long long> value) {
  separate();
  if (value) out_ += std::to_string(*value);
  return *this;
}

void CsvWriter::end_row() {
  out_ += "\r\n";
  row_started_ = false;
}

}  // namespace fitkit::formats
