// Printing results: a table on a terminal, tab-separated rows when piped (as
// gh does), CSV, JSON or NDJSON when asked. Data goes to stdout only.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fitkit::cli {

using Json = nlohmann::ordered_json;  // keeps the order of fields as the operation wrote them

enum class Format { table, tsv, json, ndjson, csv };

std::optional<Format> parse_format(std::string_view name) noexcept;
std::string_view to_string(Format format) noexcept;

struct OutputStyle {
  Format format = Format::tsv;
  bool color = false;  // bold table headers: only on a terminal without NO_COLOR
  bool terminal = false;  // stdout is a terminal: tables draw *_percent columns as bars
};

// Prints an operation's result. With a list field naming an array of the
// result, its elements are the rows and the columns are the union of their
// keys in first-seen order; otherwise an object prints as field/value rows.
// In table format, the result's other top-level fields of a list (a cursor)
// go to `notes` so that the rows stay clean.
void print_result(std::ostream& out, std::ostream& notes, const Json& result, std::string_view list_field,
                  const OutputStyle& style);

// Rows ready for the writers: a header and cells already made text.
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Json>> cells;  // JSON values, one per column (null when absent)
  std::vector<Json> objects;             // the source of each row, for ndjson
};
Rows rows_from_objects(const Json& array);
Rows rows_from_fields(const Json& object);

// A cell as text: strings as they are, null as nothing, nested values as compact JSON.
std::string cell_text(const Json& value);
std::string tsv_escape(std::string_view text);
std::string csv_quote(std::string_view text);

// Whether a terminal should see colour: `is_terminal` and NO_COLOR unset or empty.
bool color_allowed(bool is_terminal);

}  // namespace fitkit::cli
