#include "output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "formats/csv_writer.hpp"

namespace fitkit::cli {

std::optional<Format> parse_format(std::string_view name) noexcept {
  if (name == "table") return Format::table;
  if (name == "tsv") return Format::tsv;
  if (name == "json") return Format::json;
  if (name == "ndjson") return Format::ndjson;
  if (name == "csv") return Format::csv;
  return std::nullopt;
}

std::string_view to_string(Format format) noexcept {
  switch (format) {
    case Format::table: return "table";
    case Format::tsv: return "tsv";
    case Format::json: return "json";
    case Format::ndjson: return "ndjson";
    case Format::csv: return "csv";
  }
  return "tsv";
}

bool color_allowed(bool is_terminal) {
  const char* no_color = std::getenv("NO_COLOR");
  return is_terminal && (no_color == nullptr || *no_color == '\0');
}

std::string cell_text(const Json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string tsv_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

std::string csv_quote(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

Rows rows_from_objects(const Json& array) {
  Rows rows;
  for (const auto& element : array) {
    // A list of scalars still prints: each one is a row with a "value" column.
    Json object = element.is_object() ? element : Json{{"value", element}};
    for (const auto& [key, _] : object.items())
      if (std::find(rows.columns.begin(), rows.columns.end(), key) == rows.columns.end())
        rows.columns.push_back(key);
    rows.objects.push_back(std::move(object));
  }
  for (const auto& object : rows.objects) {
    std::vector<Json> line;
    line.reserve(rows.columns.size());
    for (const auto& column : rows.columns) {
      auto it = object.find(column);
      line.push_back(it == object.end() ? Json() : *it);
    }
    rows.cells.push_back(std::move(line));
  }
  return rows;
}

Rows rows_from_fields(const Json& object) {
  Rows rows;
  rows.columns = {"field", "value"};
  if (object.is_object()) {
    for (const auto& [key, value] : object.items()) rows.cells.push_back({Json(key), value});
    rows.objects.push_back(object);
  } else if (!object.is_null()) {
    rows.cells.push_back({Json("value"), object});
    rows.objects.push_back(Json{{"value", object}});
  }
  return rows;
}

namespace {

// Display width, counting UTF-8 code points rather than bytes.
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    else if (c == '_') c = ' ';
  return out;
}

// A share in percent as a bar of ten cells and the number: "████████░░ 80%". Past 100 the bar
// stays full and the number tells how far.
std::string percent_bar(double percent) {
  const long filled = std::lround(std::clamp(percent, 0.0, 100.0) / 10);
  std::string bar;
  for (long i = 0; i < 10; ++i) bar += i < filled ? "\u2588" : "\u2591";
  char number[48];
  std::snprintf(number, sizeof number, " %.0f%%", percent);
  return bar + number;
}

bool is_percent_column(std::string_view name) { return name.ends_with("_percent"); }

void write_table(std::ostream& out, const Rows& rows, const OutputStyle& style) {
  const bool color = style.color;
  std::vector<std::vector<std::string>> text;
  std::vector<std::size_t> widths(rows.columns.size(), 0);
  std::vector<std::string> header;
  for (std::size_t i = 0; i < rows.columns.size(); ++i) {
    header.push_back(upper(rows.columns[i]));
    widths[i] = display_width(header.back());
  }
  for (const auto& line : rows.cells) {
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < line.size(); ++i) {
      // Bars for a person at a terminal; a pipe or a file gets the number.
      if (style.terminal && line[i].is_number() && is_percent_column(rows.columns[i]))
        cells.push_back(percent_bar(line[i].get<double>()));
      else
        cells.push_back(tsv_escape(cell_text(line[i])));  // one row stays one line
      widths[i] = std::max(widths[i], display_width(cells.back()));
    }
    text.push_back(std::move(cells));
  }
  auto write_line = [&](const std::vector<std::string>& cells, bool bold) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      bool last = i + 1 == cells.size();
      line += cells[i];
      if (!last) line.append(widths[i] - display_width(cells[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (bold) out << "\x1b[1m" << line << "\x1b[0m\n";
    else out << line << '\n';
  };
  write_line(header, color);
  for (const auto& cells : text) write_line(cells, false);
}

void write_rows(std::ostream& out, const Rows& rows, const OutputStyle& style) {
  switch (style.format) {
    case Format::table:
      write_table(out, rows, style);
      break;
    case Format::tsv:
      for (const auto& line : rows.cells) {
        for (std::size_t i = 0; i < line.size(); ++i) out << (i ? "\t" : "") << tsv_escape(cell_text(line[i]));
        out << '\n';
      }
      break;
    case Format::csv: {
      // RFC 4180: a header line, CRLF line ends, quotes doubled inside quoted fields. Text that a
      // spreadsheet would run as a formula is neutralised (formats/csv_writer.hpp); numbers are not.
      for (std::size_t i = 0; i < rows.columns.size(); ++i) out << (i ? "," : "") << csv_quote(rows.columns[i]);
      out << "\r\n";
      for (const auto& line : rows.cells) {
        for (std::size_t i = 0; i < line.size(); ++i)
          out << (i ? "," : "") << (line[i].is_string() ? formats::csv_cell(line[i].get<std::string>())
                                                        : csv_quote(cell_text(line[i])));
        out << "\r\n";
      }
      break;
    }
    case Format::ndjson:
      for (const auto& object : rows.objects)
        out << object.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
      break;
    case Format::json:
      break;  // handled by the caller: the whole result
  }
}

}  // namespace

void print_result(std::ostream& out, std::ostream& notes, const Json& result, std::string_view list_field,
                  const OutputStyle& style) {
  if (style.format == Format::json) {
    out << result.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
    return;
  }
  const Json* list = nullptr;
  if (result.is_array()) {
    list = &result;
  } else if (!list_field.empty() && result.is_object()) {
    auto it = result.find(list_field);
    if (it != result.end() && it->is_array()) list = &*it;
  }
  if (!list) {
    Rows rows = rows_from_fields(result);
    if (!rows.cells.empty()) write_rows(out, rows, style);
    return;
  }
  if (!list->empty()) write_rows(out, rows_from_objects(*list), style);
  if (style.format == Format::table && result.is_object()) {
    // A cursor or a total: worth telling a person, not worth breaking a pipe.
    for (const auto& [key, value] : result.items())
      if (key != list_field && !value.is_null()) notes << key << ": " << cell_text(value) << '\n';
  }
}

}  // namespace fitkit::cli
