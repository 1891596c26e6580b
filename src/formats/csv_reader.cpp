#include "formats/csv_reader.hpp"

#include <csv.h>

#include <memory>

#include "fitkit/error.hpp"

namespace fitkit::formats {
namespace {

struct Collect {
  std::vector<CsvRow>& rows;
  CsvRow current;
  std::size_t max_rows, max_field_bytes;
  std::string problem;  // set by a callback; libcsv cannot be stopped from one
};

void on_field(void* data, std::size_t size, void* out) {
  auto& c = *static_cast<Collect*>(out);
  if (!c.problem.empty()) return;
  if (size > c.max_field_bytes) {
    c.problem = "row " + std::to_string(c.rows.size() + 1) + ": a field longer than " +
                std::to_string(c.max_field_bytes) + " bytes";
    return;
  }
  c.current.emplace_back(static_cast<const char*>(data), size);
}

void on_row_end(int, void* out) {
  auto& c = *static_cast<Collect*>(out);
  if (!c.problem.empty()) return;
  if (c.rows.size() >= c.max_rows) {
    c.problem = "more than " + std::to_string(c.max_rows) + " rows";
    return;
  }
  // A blank line is no row.
  if (!(c.current.size() == 1 && c.current[0].empty()) && !c.current.empty()) c.rows.push_back(std::move(c.current));
  c.current.clear();
}

}  // namespace

std::vector<CsvRow> read_csv(std::string_view text, std::string_view field, std::size_t max_rows,
                             std::size_t max_field_bytes) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRow> rows;
  Collect collect{rows, {}, max_rows, max_field_bytes, {}};
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) throw Error::internal("the CSV reader could not start");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, [](csv_parser* p) { csv_free(p); });
  auto fail = [&](const std::string& what) { return Error::invalid(std::string(field), what); };
  // In pieces, so that a problem stops the reading early.
  constexpr std::size_t kPiece = 64 * 1024;
  for (std::size_t at = 0; at < text.size() && collect.problem.empty(); at += kPiece) {
    const auto piece = text.substr(at, kPiece);
    if (csv_parse(&parser, piece.data(), piece.size(), on_field, on_row_end, &collect) != piece.size())
      throw fail("malformed CSV near row " + std::to_string(rows.size() + 1) + ": " +
                 csv_strerror(csv_error(&parser)));
  }
  if (collect.problem.empty() && csv_fini(&parser, on_field, on_row_end, &collect) != 0)
    throw fail("malformed CSV at row " + std::to_string(rows.size() + 1) + ": " + csv_strerror(csv_error(&parser)));
  if (!collect.problem.empty()) throw fail(collect.problem);
  return rows;
}

}  // namespace fitkit::formats
