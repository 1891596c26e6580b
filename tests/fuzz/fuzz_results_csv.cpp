// Fuzz target for results CSV: any bytes are read or refused with invalid_argument naming the
// file or the mapping; what is read keeps the reader's promises (values in range, known
// statuses and genders, UTF-8 reasons, lines in order and on the file's lines, every data row
// once), the line of each row agrees with read_csv's rows, times written back read the same,
// and the effective mapping, given as a mapping, reads the same results.
//
// An input may start with a line "#KIND MAPPING" (KIND: time, distance, points or place); the
// rest is the file. Otherwise the file is read for times without a mapping.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/ranking.hpp"
#include "core/text_rules.hpp"
#include "events/results_csv.hpp"
#include "events/results_csv_columns.hpp"
#include "fitkit/error.hpp"
#include "formats/csv_reader.hpp"
#include "formats/iof_xml.hpp"

namespace {

using namespace fitkit::events;

struct Input {
  std::string_view kind = "time";
  std::optional<std::string> mapping;
  std::string_view csv;
};

Input parse_input(std::string_view bytes) {
  Input in;
  in.csv = bytes;
  if (!bytes.starts_with("#")) return in;
  const auto end = std::min(bytes.find('\n'), bytes.size());
  const auto directive = bytes.substr(1, end - 1);
  const auto space = std::min(directive.find(' '), directive.size());
  for (std::string_view kind : {"time", "distance", "points", "place"})
    if (directive.substr(0, space) == kind) in.kind = kind;
  if (space < directive.size()) in.mapping = std::string(directive.substr(space + 1));
  in.csv = bytes.substr(std::min(end + 1, bytes.size()));
  return in;
}

std::size_t physical_lines(std::string_view text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
  return lines;
}

// Valid UTF-8: shown() changes nothing but control characters, which it makes spaces.
bool is_utf8_text(std::string s) {
  for (auto& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return shown(s, s.size() + 1) == s;
}

std::optional<ResultsCsv> read(const Input& in, const std::optional<std::string>& mapping) {
  try {
    return read_results_csv(in.csv, in.kind, mapping);
  } catch (const fitkit::Error& e) {
    if (e.code() != fitkit::ErrorCode::invalid_argument || (e.field() != "file" && e.field() != "mapping"))
      __builtin_trap();
    return std::nullopt;
  }
}

void check_row(const ResultRow& r) {
  if (!fitkit::formats::iof::is_result_status(r.status)) __builtin_trap();
  if (r.time_ms && (*r.time_ms < 0 || *r.time_ms > kMaxResultTimeMs)) __builtin_trap();
  if ((r.distance_mm && *r.distance_mm < 0) || (r.points && *r.points < 0) || (r.place && *r.place < 1)) __builtin_trap();
  if (r.gender && *r.gender != "female" && *r.gender != "male" && *r.gender != "other") __builtin_trap();
  if (r.birth_date && !age_on(*r.birth_date, *r.birth_date)) __builtin_trap();
  if (!r.bib && !r.registration && !r.name && !r.given_name && !r.family_name) __builtin_trap();
  if (r.registration && !r.registration->starts_with("reg_")) __builtin_trap();
  if (r.time_ms) {  // written and read again: the time cut to tenths
    std::string problem;
    if (read_time_ms(format_time_ms(*r.time_ms), problem) != *r.time_ms / 100 * 100) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Input in = parse_input(std::string_view(reinterpret_cast<const char*>(data), size));

  // The lines told for rows are those of read_csv's rows.
  std::optional<std::vector<fitkit::formats::CsvRow>> csv;
  try {
    csv = fitkit::formats::read_csv(in.csv, "file", kMaxResultRows + 2);
  } catch (const fitkit::Error&) {
  }
  const std::optional<std::size_t> records = csv ? std::optional(csv->size()) : std::nullopt;
  if (records && csv_row_lines(in.csv).size() != *records) __builtin_trap();

  const auto result = read(in, in.mapping);
  if (!result) return 0;
  if (!records || result->rows.size() + result->invalid.size() + 1 != *records) __builtin_trap();

  // Rows and refused rows together: lines strictly increasing, past the header, in the file.
  std::size_t last = 0, r = 0, i = 0;
  const std::size_t lines = physical_lines(in.csv);
  while (r < result->rows.size() || i < result->invalid.size()) {
    const bool row = i == result->invalid.size() ||
                     (r < result->rows.size() && result->rows[r].line < result->invalid[i].line);
    const std::size_t line = row ? result->rows[r++].line : result->invalid[i++].line;
    if (line <= last || line < 2 || line > lines) __builtin_trap();
    last = line;
  }
  for (const auto& row : result->rows) check_row(row);
  for (const auto& bad : result->invalid)
    if (bad.reason.empty() || !is_utf8_text(bad.reason)) __builtin_trap();
  for (const auto& m : result->mapping)
    if (!is_utf8_text(m.header)) __builtin_trap();

  // The effective mapping, given back, reads the same, when a mapping can name its columns: no
  // comma in their headers, and no other column with the same header but for case.
  const auto& header = csv->front();
  const bool nameable = std::none_of(result->mapping.begin(), result->mapping.end(), [&](const MappedColumn& m) {
    const auto key = fitkit::text::text_key(m.header);
    return m.header.find(',') != std::string::npos ||
           std::count_if(header.begin(), header.end(), [&](const std::string& h) {
             return fitkit::text::text_key(results_csv::trimmed(h)) == key;
           }) > 1;
  });
  if (nameable) {
    const auto again = read(in, mapping_text(result->mapping));
    if (!again || again->rows != result->rows || again->invalid != result->invalid || again->mapping != result->mapping)
      __builtin_trap();
  }
  return 0;
}
