#include "workouts/strava_export.hpp"

#include <algorithm>

#include "fitkit/error.hpp"
#include "formats/csv_reader.hpp"
#include "workouts/sports.hpp"

namespace fitkit::workouts {

const StravaActivity* StravaExport::find(std::string_view entry_name) const {
  if (auto it = by_file.find(entry_name); it != by_file.end()) return &it->second;
  const auto slash = entry_name.find('/');
  if (slash == std::string_view::npos) return nullptr;
  return find(entry_name.substr(slash + 1));  // drop one leading folder at a time
}

StravaExport read_strava_activities(std::string_view csv, std::string_view entry_name) {
  const auto rows = formats::read_csv(csv, "file");
  auto fail = [&](const std::string& why) { return Error::invalid("file", std::string(entry_name) + ": " + why); };
  if (rows.empty()) throw fail("empty");
  const auto& header = rows.front();
  auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    // The first of a name: later exports repeat some headers ("Distance", "Elapsed Time").
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
  };
  const auto file = column("Filename");
  if (!file) throw fail("no Filename column: not a Strava activities.csv");
  const auto name = column("Activity Name"), type = column("Activity Type"),
             description = column("Activity Description"), gear = column("Activity Gear");
  auto cell = [](const formats::CsvRow& row, std::optional<std::size_t> at) {
    return at && *at < row.size() ? row[*at] : std::string();
  };
  StravaExport out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto path = cell(rows[i], file);
    if (path.empty()) continue;  // an activity entered by hand: no file
    StravaActivity a;
    a.name = cell(rows[i], name);
    if (auto sport = sport_from_strava(cell(rows[i], type))) a.sport = std::string(*sport);
    a.description = cell(rows[i], description);
    a.gear = cell(rows[i], gear);
    out.by_file.emplace(path, std::move(a));
  }
  return out;
}

}  // namespace fitkit::workouts
