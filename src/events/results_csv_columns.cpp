#include "events/results_csv_columns.hpp"

#include <algorithm>

#include "core/text_rules.hpp"
#include "fitkit/error.hpp"

namespace fitkit::events {
namespace results_csv {
namespace {

constexpr std::array<std::string_view, field_count> kFieldNames{
    "bib",      "registration", "given_name", "family_name", "name",   "time",      "distance",
    "points",   "place",        "status",     "team",        "gender", "birth_date"};

// Headers that name a field, as their lower-case letters and digits ("Start No." is "startno"),
// best first: a file with both "Net time" and "Gun time" gives its net time.
const std::array<std::vector<std::string_view>, field_count> kAliases{{
    {"bib", "bibno", "bibnumber", "bibnr", "startno", "startnumber", "startnr", "dossard"},
    {"registration", "registrationid", "reg", "regid"},
    {"givenname", "firstname", "forename", "first"},
    {"familyname", "lastname", "surname", "last"},
    {"name", "fullname", "athlete", "competitor", "participant", "runner"},
    {"time", "nettime", "chiptime", "finishtime", "racetime", "totaltime", "guntime"},
    {"distance", "distancem", "metres", "meters"},
    {"points", "score", "pts"},
    {"place", "rank", "position", "pos", "overallplace", "overallrank"},
    {"status", "resultstatus"},
    {"team", "club", "teamname", "clubname", "organisation", "organization"},
    {"gender", "sex"},
    {"birthdate", "dateofbirth", "dob", "born", "birthday"},
}};

std::string letters_and_digits(std::string_view key) {
  std::string out;
  for (char c : key)
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

std::string listed_headers(const std::vector<std::string>& header) {
  std::string out;
  std::size_t n = 0;
  for (const auto& h : header) {
    if (trimmed(h).empty()) continue;
    if (++n > 30) return out + ", …";
    out += (out.empty() ? "" : ", ") + shown(trimmed(h), 40);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string_view field_name(Field f) noexcept { return kFieldNames[f]; }

std::string_view trimmed(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Columns find_columns(const std::vector<std::string>& header,
                     const std::vector<std::pair<std::string, std::string>>& mapping) {
  std::vector<std::string> keys(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    try {
      keys[c] = text::text_key(trimmed(header[c]));
    } catch (const Error&) {
      throw Error::invalid("file", "the first line (the column headers) is not UTF-8 text: save the file as UTF-8");
    }
  }
  Columns out;
  std::vector<bool> used(header.size(), false);
  for (const auto& [field, name] : mapping) {
    const auto f = static_cast<std::size_t>(std::find(kFieldNames.begin(), kFieldNames.end(), field) - kFieldNames.begin());
    const auto key = text::text_key(name);  // checked by parse_column_mapping
    const auto n = std::count(keys.begin(), keys.end(), key);
    if (n == 0)
      throw Error::invalid("mapping", "mapping: " + field + "=" + shown(name) +
                                          " names a column the file does not have; its columns are " +
                                          listed_headers(header));
    if (n > 1) throw Error::invalid("mapping", "mapping: the file has " + std::to_string(n) + " columns called " + shown(name));
    const auto c = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
    out.of[f] = c;
    used[c] = true;
  }
  for (std::size_t f = 0; f < field_count; ++f) {
    for (auto alias = kAliases[f].begin(); !out.of[f] && alias != kAliases[f].end(); ++alias)
      for (std::size_t c = 0; c < header.size() && !out.of[f]; ++c)
        if (!used[c] && letters_and_digits(keys[c]) == *alias) {
          out.of[f] = c;
          used[c] = true;
        }
  }
  for (std::size_t f = 0; f < field_count; ++f)
    if (out.of[f]) out.mapping.push_back({std::string(kFieldNames[f]), std::string(trimmed(header[*out.of[f]])), *out.of[f]});
  for (std::size_t c = 0; c < header.size(); ++c)
    if (!used[c] && !trimmed(header[c]).empty()) out.ignored.emplace_back(trimmed(header[c]));
  return out;
}

}  // namespace results_csv

const std::vector<std::string_view>& result_csv_fields() noexcept {
  static const std::vector<std::string_view> fields(results_csv::kFieldNames.begin(), results_csv::kFieldNames.end());
  return fields;
}

std::vector<std::pair<std::string, std::string>> parse_column_mapping(std::string_view text) {
  using results_csv::trimmed;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> keys;
  for (std::size_t from = 0; from <= text.size();) {
    const auto comma = std::min(text.find(',', from), text.size());
    const auto piece = trimmed(text.substr(from, comma - from));
    from = comma + 1;
    if (piece.empty()) continue;
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos)
      throw Error::invalid("mapping", "mapping: \"" + shown(piece) + "\" is not field=Header, as in time=Chip Time");
    std::string field(trimmed(piece.substr(0, eq)));
    for (auto& c : field) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    const std::string header(trimmed(piece.substr(eq + 1)));
    const auto& fields = result_csv_fields();
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
      std::string all;
      for (auto f : fields) all += (all.empty() ? "" : ", ") + std::string(f);
      throw Error::invalid("mapping", "mapping: \"" + shown(field) + "\" is not a field fitkit reads; the fields are " + all);
    }
    if (header.empty()) throw Error::invalid("mapping", "mapping: " + field + "= names no column header");
    std::string key;
    try {
      key = text::text_key(header);
    } catch (const Error&) {
      throw Error::invalid("mapping", "mapping: the header of " + field + " is not UTF-8 text");
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      if (pairs[i].first == field) throw Error::invalid("mapping", "mapping names the field " + field + " twice");
      if (keys[i] == key)
        throw Error::invalid("mapping", "mapping gives the column " + shown(header) + " to both " + pairs[i].first +
                                            " and " + field);
    }
    pairs.emplace_back(std::move(field), header);
    keys.push_back(std::move(key));
  }
  return pairs;
}

std::string mapping_text(const std::vector<MappedColumn>& mapping) {
  std::string out;
  for (const auto& m : mapping) out += (out.empty() ? "" : ",") + m.field + "=" + m.header;
  return out;
}

std::vector<std::size_t> csv_row_lines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::size_t> lines;
  std::size_t line = 1, start = 0, start_line = 1;
  bool quoted = false;
  // libcsv makes no row of a line of spaces, and read_csv drops a row of one empty field.
  auto end_row = [&](std::size_t end) {
    const auto row = results_csv::trimmed(text.substr(start, end - start));
    if (!row.empty() && row != "\"\"") lines.push_back(start_line);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;  // a doubled quote toggles twice; strict CSV has no other quotes
    } else if (c == '\r' || c == '\n') {
      if (!quoted) end_row(i);
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      if (!quoted) {
        start = i + 1;
        start_line = line;
      }
    }
  }
  end_row(text.size());
  return lines;
}

}  // namespace fitkit::events
