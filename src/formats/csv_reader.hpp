// Reading CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) over libcsv,
// for imports: a Strava account export's activities.csv, catalogues, results.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fitkit::formats {

using CsvRow = std::vector<std::string>;

// Every row of `text`, the header included; a UTF-8 byte-order mark is skipped. Throws
// Error::invalid(field, ...) for malformed CSV (a stray quote) naming the row, and for more
// than `max_rows` rows or a field longer than `max_field_bytes`.
std::vector<CsvRow> read_csv(std::string_view text, std::string_view field, std::size_t max_rows = 100'000,
                             std::size_t max_field_bytes = 64 * 1024);

}  // namespace fitkit::formats
