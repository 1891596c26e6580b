// A Strava account export (a ZIP of activities/ and CSV files): what its activities.csv says
// about each activity file — the name, the type, the description and the gear.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace fitkit::workouts {

struct StravaActivity {
  std::string name;
  std::string sport;  // a sports-list id, or empty when the type is not one we know
  std::string description;
  std::string gear;   // the gear's name as Strava shows it
};

struct StravaExport {
  std::map<std::string, StravaActivity, std::less<>> by_file;  // "activities/123.fit.gz" -> activity
  // The row of an archive entry, which may sit under a folder ("export_1/activities/123.fit.gz").
  const StravaActivity* find(std::string_view entry_name) const;
};

// Reads activities.csv by its header names ("Activity Name", "Activity Type", "Filename", ...),
// in whatever order the columns come. Throws Error::invalid("file", ...) naming the entry for a
// file that is not such a CSV.
StravaExport read_strava_activities(std::string_view csv, std::string_view entry_name);

}  // namespace fitkit::workouts
