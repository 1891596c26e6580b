// Reading a contest's results from CSV: the columns found by their headers or named by a
// mapping ("bib=Start No,time=Chip Time"), each row read into a result or set aside with the
// reason it cannot be one. No database: the caller matches rows to registrations.
// docs/results.md, "Results CSV".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/result_values.hpp"  // format_time_ms and the value readers

namespace fitkit::events {

// Rows a results file may hold, besides its header.
inline constexpr std::size_t kMaxResultRows = 100'000;

// The fields fitkit reads: bib, registration, given_name, family_name, name, time, distance,
// points, place, status, team, gender, birth_date.
const std::vector<std::string_view>& result_csv_fields() noexcept;

struct ResultRow {
  std::size_t line = 0;  // of the file, from 1: the header's first line is line 1
  std::optional<std::string> bib;
  std::optional<std::string> registration;  // a public registration id, "reg_…"
  std::optional<std::string> given_name, family_name, name;
  std::optional<std::int64_t> time_ms, distance_mm, points, place;
  std::string status = "OK";            // an IOF result status
  std::optional<std::string> team;
  std::optional<std::string> gender;      // female, male, other
  std::optional<std::string> birth_date;  // YYYY-MM-DD

  bool operator==(const ResultRow&) const = default;
};

struct InvalidRow {
  std::size_t line = 0;
  std::string reason;  // every problem of the row, "; " between them

  bool operator==(const InvalidRow&) const = default;
};

// Which column of the file gives a field.
struct MappedColumn {
  std::string field;
  std::string header;       // as the file writes it
  std::size_t column = 0;   // from 0

  bool operator==(const MappedColumn&) const = default;
};

struct ResultsCsv {
  std::vector<ResultRow> rows;
  std::vector<InvalidRow> invalid;
  std::vector<MappedColumn> mapping;  // in the order of result_csv_fields()
  std::vector<std::string> ignored;   // headers of the columns nothing is read from
};

// "bib=Start No, time=Chip Time" as (field, header) pairs. Throws Error::invalid("mapping")
// for a pair without "=", an unknown field, a field named twice or a header given to two.
std::vector<std::pair<std::string, std::string>> parse_column_mapping(std::string_view text);
// The mapping as parse_column_mapping reads it: "bib=Start No,time=Chip Time".
std::string mapping_text(const std::vector<MappedColumn>& mapping);

// Reads a results file for a contest of `result_kind` (time, distance, points, place). The
// mapping names the columns of some fields; the others are found by their headers. Throws
// Error::invalid("file") for malformed CSV, a file without a header, text that is not UTF-8 in
// the header or more than kMaxResultRows rows; Error::invalid("mapping") when the mapping
// names a column the file does not have, or no column gives the result or who it is of.
ResultsCsv read_results_csv(std::string_view text, std::string_view result_kind,
                            const std::optional<std::string>& mapping);

// The line (from 1) on which each row of `text` starts, as formats::read_csv reads its rows:
// a line break inside a quoted field counts, a blank line is no row. CR, LF and CR LF each end
// a line.
std::vector<std::size_t> csv_row_lines(std::string_view text);

}  // namespace fitkit::events
