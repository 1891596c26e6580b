#include "events/results_csv.hpp"

#include "core/text_rules.hpp"
#include "events/ranking.hpp"  // age_on, for birth dates
#include "events/results_csv_columns.hpp"
#include "fitkit/error.hpp"
#include "formats/csv_reader.hpp"

namespace fitkit::events {
namespace {

using namespace results_csv;

constexpr std::size_t kMaxNameChars = 100, kMaxBibChars = 20, kMaxRegistrationChars = 40;

Field value_field(std::string_view result_kind) {
  if (result_kind == "time") return Field::time;
  if (result_kind == "distance") return Field::distance;
  if (result_kind == "points") return Field::points;
  if (result_kind == "place") return Field::place;
  throw Error::invalid("result_kind", "result_kind must be one of time, distance, points, place");
}

// One data row read into `out`: a result, or an invalid row with all its problems.
class RowReader {
 public:
  RowReader(const std::vector<std::string>& header, const Columns& columns, Field value)
      : header_(header), columns_(columns), value_(value) {}

  void read(const std::vector<std::string>& cells, std::size_t line, ResultsCsv& out) {
    cells_ = &cells;
    problems_.clear();
    ResultRow row;
    row.line = line;
    row.bib = text(Field::bib, kMaxBibChars);
    row.registration = text(Field::registration, kMaxRegistrationChars);
    if (row.registration && !row.registration->starts_with("reg_")) {
      problem(Field::registration, "is not a registration id (reg_…)");
      row.registration.reset();
    }
    row.given_name = text(Field::given_name, kMaxNameChars);
    row.family_name = text(Field::family_name, kMaxNameChars);
    row.name = text(Field::name, kMaxNameChars);
    row.team = text(Field::team, kMaxNameChars);
    row.time_ms = number(Field::time, read_time_ms);
    row.distance_mm = number(Field::distance, read_distance_mm);
    row.points = number(Field::points, [](std::string_view v, std::string& p) { return read_whole(v, 0, p); });
    row.place = number(Field::place, [](std::string_view v, std::string& p) { return read_whole(v, 1, p); });
    const auto status = result_status_of(cell(Field::status));
    if (status) {
      row.status = *status;
    } else {
      problem(Field::status, "is not a result status (OK, DNS, DNF, DSQ, MP or an IOF status such as MissingPunch)");
    }
    if (const auto g = cell(Field::gender); !g.empty()) {
      if (const auto gender = gender_of(g)) row.gender = *gender;
      else problem(Field::gender, "is not a gender (F, M or X; female, male or other)");
    }
    if (const auto born = cell(Field::birth_date); !born.empty()) {
      if (age_on(born, born)) row.birth_date = born;
      else problem(Field::birth_date, "is not a date (YYYY-MM-DD)");
    }
    check_extra_cells();
    if (cell(Field::bib).empty() && cell(Field::registration).empty() && cell(Field::name).empty() &&
        cell(Field::given_name).empty() && cell(Field::family_name).empty())
      add("the row has no bib, registration or name");
    if (status && is_placed_status(row.status) && cell(value_).empty())
      add("column \"" + shown(header_[*columns_.of[value_]]) + "\" is empty, but a result with status " + row.status +
          " needs a " + std::string(field_name(value_)));
    if (problems_.empty()) out.rows.push_back(std::move(row));
    else out.invalid.push_back({line, std::move(problems_)});
  }

 private:
  std::string_view cell(Field f) const {
    const auto c = columns_.of[f];
    return c && *c < cells_->size() ? trimmed((*cells_)[*c]) : std::string_view{};
  }

  void add(const std::string& what) { problems_ += (problems_.empty() ? "" : "; ") + what; }

  void problem(Field f, std::string_view what) {
    add("column \"" + shown(header_[*columns_.of[f]]) + "\": \"" + shown(cell(f)) + "\" " + std::string(what));
  }

  std::optional<std::string> text(Field f, std::size_t max_chars) {
    const auto v = cell(f);
    if (v.empty()) return std::nullopt;
    try {
      return text::one_line(v, field_name(f), max_chars);
    } catch (const Error& e) {
      problem(f, std::string("is refused: ") + e.what());
      return std::nullopt;
    }
  }

  template <class Read>
  std::optional<std::int64_t> number(Field f, Read read) {
    const auto v = cell(f);
    if (v.empty()) return std::nullopt;
    std::string what;
    const auto n = read(v, what);
    if (!n) problem(f, what);
    return n;
  }

  // A trailing comma is harmless; a value past the last header is not.
  void check_extra_cells() {
    for (std::size_t c = header_.size(); c < cells_->size(); ++c)
      if (!trimmed((*cells_)[c]).empty()) {
        add("the row has " + std::to_string(cells_->size()) + " fields, the header " + std::to_string(header_.size()));
        return;
      }
  }

  const std::vector<std::string>& header_;
  const Columns& columns_;
  Field value_;
  const std::vector<std::string>* cells_ = nullptr;
  std::string problems_;
};

}  // namespace

ResultsCsv read_results_csv(std::string_view text, std::string_view result_kind,
                            const std::optional<std::string>& mapping) {
  const Field value = value_field(result_kind);
  const auto pairs = mapping ? parse_column_mapping(*mapping) : std::vector<std::pair<std::string, std::string>>{};
  const auto records = formats::read_csv(text, "file", kMaxResultRows + 2);
  if (records.size() > kMaxResultRows + 1)
    throw Error::invalid("file", "the file has more than " + std::to_string(kMaxResultRows) + " rows of results");
  if (records.empty()) throw Error::invalid("file", "the file is empty: its first line must name the columns");
  auto lines = csv_row_lines(text);
  if (lines.size() != records.size()) {  // not expected: then rows are told by their number
    lines.resize(records.size());
    for (std::size_t i = 0; i < lines.size(); ++i) lines[i] = i + 1;
  }

  const auto& header = records.front();
  Columns columns = find_columns(header, pairs);
  if (!columns.of[Field::bib] && !columns.of[Field::registration] && !columns.of[Field::name] &&
      !columns.of[Field::given_name] && !columns.of[Field::family_name])
    throw Error::invalid("mapping", "no column gives a bib, a registration or a name (the first line must name the "
                                    "columns; a mapping such as bib=Start No names them)");
  if (!columns.of[value])
    throw Error::invalid("mapping", "no column gives the " + std::string(field_name(value)) +
                                        " of the results: name it in the mapping, as in " +
                                        std::string(field_name(value)) + "=Header");

  ResultsCsv out;
  out.rows.reserve(records.size() - 1);
  RowReader reader(header, columns, value);
  for (std::size_t r = 1; r < records.size(); ++r) reader.read(records[r], lines[r], out);
  out.mapping = std::move(columns.mapping);
  out.ignored = std::move(columns.ignored);
  return out;
}

}  // namespace fitkit::events
