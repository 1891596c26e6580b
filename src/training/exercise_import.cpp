#include "training/exercise_import.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "fitkit/error.hpp"
#include "formats/csv_reader.hpp"

namespace fitkit::training {
namespace {

constexpr std::string_view kFields[] = {"name", "category", "muscle_groups", "equipment", "description", "video_url"};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error::invalid("file", where + ": " + what);
}

bool known_field(std::string_view name) { return std::find(std::begin(kFields), std::end(kFields), name) != std::end(kFields); }

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out;
  for (char c : s) out += (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A list in one CSV cell: names separated by ',', ';' or '|' (what the file's separator leaves).
std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> out;
  std::string item;
  auto flush = [&] {
    auto v = lower_trimmed(item);
    if (!v.empty()) out.push_back(std::move(v));
    item.clear();
  };
  for (char c : cell) {
    if (c == ',' || c == ';' || c == '|') flush();
    else item += c;
  }
  flush();
  return out;
}

void set_field(ExerciseFields& f, std::string_view name, std::string value) {
  if (name == "name") f.name = std::move(value);
  else if (name == "category") f.category = lower_trimmed(value);
  else if (name == "muscle_groups") f.muscle_groups = split_list(value);
  else if (name == "equipment") f.equipment = split_list(value);
  else if (name == "description") f.description = std::move(value);
  else if (name == "video_url") f.video_url = std::move(value);
}

std::vector<ImportRow> read_csv_rows(std::string_view bytes) {
  // Rows are numbered as a spreadsheet shows them, the header being row 1 (blank lines are
  // skipped by the reader: after one, the numbers run one behind).
  const auto records = formats::read_csv(bytes, "file", kMaxImportRows + 1);
  if (records.empty()) throw Error::invalid("file", "the file is empty: give a header row and one row per exercise");
  std::vector<std::string> columns;
  for (const auto& cell : records[0]) {
    auto name = lower_trimmed(cell);
    if (!known_field(name))
      fail("row 1", "unknown column '" + cell.substr(0, 40) +
                        "'; the columns are name, category, muscle_groups, equipment, description, video_url");
    if (std::find(columns.begin(), columns.end(), name) != columns.end()) fail("row 1", "column " + name + " appears twice");
    columns.push_back(std::move(name));
  }
  for (const char* required : {"name", "category", "muscle_groups"})
    if (std::find(columns.begin(), columns.end(), required) == columns.end())
      fail("row 1", std::string("the header has no column ") + required);
  std::vector<ImportRow> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r];
    ImportRow row{"row " + std::to_string(r + 1), {}};
    if (fields.size() > columns.size())
      fail(row.where, std::to_string(fields.size()) + " fields, but the header names " + std::to_string(columns.size()));
    // A missing cell at the end of a row is an empty one; an empty optional cell is not set.
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (!fields[i].empty() || columns[i] == "name" || columns[i] == "muscle_groups")
        set_field(row.fields, columns[i], fields[i]);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> json_list(const nlohmann::json& v, const std::string& where, std::string_view field) {
  if (v.is_string()) return split_list(v.get<std::string>());
  if (!v.is_array()) fail(where, std::string(field) + " must be an array of names");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) fail(where, std::string(field) + " must be an array of names");
    out.push_back(lower_trimmed(item.get<std::string>()));
  }
  return out;
}

std::vector<ImportRow> read_json_rows(std::string_view bytes) {
  const auto json = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (json.is_discarded()) throw Error::invalid("file", "the file is not valid JSON");
  if (!json.is_array()) throw Error::invalid("file", "the file must hold a JSON array of exercises");
  std::vector<ImportRow> out;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto& item = json[i];
    ImportRow row{"item " + std::to_string(i + 1), {}};
    if (!item.is_object()) fail(row.where, "must be an object");
    for (const auto& [key, value] : item.items()) {
      if (!known_field(key))
        fail(row.where, "unknown field '" + key.substr(0, 40) +
                            "'; the fields are name, category, muscle_groups, equipment, description, video_url");
      if (value.is_null()) continue;
      if (key == "muscle_groups" || key == "equipment") {
        auto list = json_list(value, row.where, key);
        (key == "muscle_groups" ? row.fields.muscle_groups : row.fields.equipment) = std::move(list);
      } else {
        if (!value.is_string()) fail(row.where, key + " must be a string");
        set_field(row.fields, key, value.get<std::string>());
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::vector<ImportRow> read_exercise_file(std::string_view bytes, std::string_view file_name) {
  std::string_view start = bytes;
  while (!start.empty() && std::isspace(static_cast<unsigned char>(start.front()))) start.remove_prefix(1);
  const bool json = lower_trimmed(file_name).ends_with(".json") || start.starts_with("[");
  auto rows = json ? read_json_rows(bytes) : read_csv_rows(bytes);
  if (rows.empty()) throw Error::invalid("file", "the file holds no exercises");
  if (rows.size() > kMaxImportRows)
    throw Error::invalid("file", "the file holds " + std::to_string(rows.size()) + " exercises; at most " +
                                     std::to_string(kMaxImportRows) + " go in one import");
  return rows;
}

}  // namespace fitkit::training
