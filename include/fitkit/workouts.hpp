// Workouts: manual entry, activity-file import and export, the numbers computed from a track,
// personal records, totals, training load, and who may see what (visibility, privacy zones).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

// A workout as a viewer sees it. What the owner hides from others (heart rate, calories,
// the map) is empty for anyone else, and `track_visible` says whether a track may be drawn.
struct Workout {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string sport;  // a key of the sports list (docs/workouts.md)
  std::string title;
  std::optional<std::string> notes;
  std::int64_t start_at = 0;  // UTC epoch ms
  std::string time_zone;      // IANA zone it happened in
  std::optional<double> elapsed_s, moving_s, distance_m, ascent_m, descent_m, calories;
  std::optional<double> avg_hr, max_hr, avg_cadence, max_cadence, avg_power, max_power;
  std::optional<double> avg_speed, max_speed;  // m/s
  std::optional<int> effort;                   // perceived, 1 to 10
  std::optional<double> trimp;                 // training load
  std::vector<std::int64_t> gear_ids;
  std::string visibility;  // everyone, friends, only_me
  std::string source;      // manual, file
  std::optional<std::string> device, file_format, file_name;
  bool has_track = false;      // a track is stored
  bool track_visible = false;  // ... and this viewer may see it
  std::int64_t created_at = 0, updated_at = 0;
};

// Fields of a manual entry or an edit. On create, sport and start_at are required; on edit
// a field left empty keeps its value. Numbers set by hand on a workout with a track override
// the computed ones.
struct WorkoutFields {
  std::optional<std::string> sport, title, notes, time_zone, visibility;
  std::optional<std::int64_t> start_at;
  std::optional<double> elapsed_s, moving_s, distance_m, ascent_m, descent_m, calories;
  std::optional<double> avg_hr, max_hr, avg_cadence, max_cadence, avg_power, max_power, max_speed;
  std::optional<int> effort;
  std::optional<std::vector<std::int64_t>> gear_ids;
};

struct WorkoutQuery {
  std::optional<std::int64_t> user_id;  // whose; the caller's own when empty
  std::optional<std::string> sport;
  std::optional<std::int64_t> from, to;  // start time bounds, epoch ms, inclusive
  std::optional<double> min_distance_m, max_distance_m;
  std::optional<std::int64_t> gear_id;
  // Position from a cursor: newest first, so the page starts before this (start_at, id).
  std::optional<std::pair<std::int64_t, std::int64_t>> before;
  int limit = kPageLimitDefault;
};

// What one activity file became.
struct ImportedFile {
  std::string file_name;
  std::string status;  // imported, duplicate, failed
  std::optional<std::int64_t> workout_id;  // the new one, or the one it duplicates
  std::string error;                       // why it failed
};

struct ImportSummary {
  int imported = 0, duplicates = 0, failed = 0;
  std::vector<ImportedFile> files;
};

struct ImportOptions {
  std::optional<std::string> visibility;  // else the user's default
  std::optional<std::string> sport;       // else the file's
  std::optional<std::vector<std::int64_t>> gear_ids;
  // Called after each file of a bulk import: files done, files in all, the file's name.
  std::function<void(std::size_t, std::size_t, std::string_view)> progress;
};

struct TotalsRow {
  std::string period;  // first day of the week (Monday), month or year: YYYY-MM-DD
  std::string sport;
  int count = 0;
  double distance_m = 0, moving_s = 0, elapsed_s = 0, ascent_m = 0;
};

struct PersonalRecord {
  std::string sport;
  std::string kind;   // average_speed, best_pace, farthest_distance, ..., time_1000m, power_1200s
  double value = 0;   // in the kind's unit: m/s, s/km, m, s, W
  std::int64_t workout_id = 0;
  std::int64_t achieved_at = 0;
};

struct LoadDay {
  std::string date;  // the user's local day
  double trimp = 0, fitness = 0, fatigue = 0, form = 0;
};

// What a workout's track shows beyond its totals, for the viewer (privacy applied).
struct WorkoutAnalysis {
  struct Split {
    int number = 0;
    double distance_m = 0, elapsed_s = 0, ascent_m = 0;
    std::optional<double> avg_hr;
  };
  struct Lap {
    std::int64_t start_at = 0;
    std::optional<double> elapsed_s, distance_m, avg_hr, max_hr, avg_power;
  };
  struct Effort {
    std::string kind;  // time_1000m (seconds), power_1200s (watts)
    double value = 0;
  };
  std::vector<Split> splits_km, splits_mile;
  // Seconds in each of the owner's zones, zone 1 first (time below zone 1 counts there);
  // empty when the zones or the values are not known, or hidden from this viewer.
  std::vector<double> heart_rate_zones_s, power_zones_s;
  std::vector<Lap> laps;
  std::vector<Effort> best_efforts;
};

struct PrivacyZone {
  std::int64_t id = 0;
  std::string name;
  double lat = 0, lon = 0, radius_m = 0;
  std::int64_t created_at = 0;
};

struct WorkoutSettings {
  std::string default_visibility = "friends";
  double hide_start_finish_m = 0;  // 0, or 100 to 1000
  bool hide_heart_rate = false, hide_calories = false, hide_map = false;
};

struct WorkoutFile {
  std::string file_name, content_type;
  std::string bytes;
};

class WorkoutService {
 public:
  explicit WorkoutService(Runtime& rt) : rt_(rt) {}

  Workout create(const Actor& actor, const WorkoutFields& fields);
  // not_found unless the viewer may see it (its owner, or visibility allows).
  Workout get(const Actor& actor, std::int64_t id);
  Page<Workout> list(const Actor& actor, const WorkoutQuery& query);  // newest first
  Workout update(const Actor& actor, std::int64_t id, const WorkoutFields& fields);  // the owner
  void remove(const Actor& actor, std::int64_t id);                                  // the owner

  // One activity file (FIT, GPX, TCX, gzipped or not) or a ZIP of them, a Strava export
  // among them. A file already imported, or the same activity from another source (same
  // sport, start within a minute), is a duplicate; one bad file does not stop the others.
  ImportSummary import(const Actor& actor, std::string_view file_name, std::string_view bytes,
                       const ImportOptions& options);
  // The same from a file on this machine: a ZIP is read from disk one entry at a time, so an
  // account export of any size imports in bounded memory.
  ImportSummary import_path(const Actor& actor, std::string_view file_name, const std::filesystem::path& path,
                            const ImportOptions& options);

  // gpx, tcx, geojson or polyline, of the track the viewer may see.
  std::string export_track(const Actor& actor, std::int64_t id, std::string_view format);
  std::string export_csv(const Actor& actor, WorkoutQuery query);  // one row a workout
  WorkoutFile original_file(const Actor& actor, std::int64_t id);  // the owner
  WorkoutAnalysis analysis(const Actor& actor, std::int64_t id);
  std::string route_svg(const Actor& actor, std::int64_t id);
  std::string profile_svg(const Actor& actor, std::int64_t id);

  std::vector<PersonalRecord> records(const Actor& actor, std::optional<std::int64_t> user_id,
                                      std::optional<std::string> sport);
  // period: week, month or year; from and to are local days YYYY-MM-DD.
  std::vector<TotalsRow> totals(const Actor& actor, std::optional<std::int64_t> user_id, std::string_view period,
                                std::optional<std::string> from, std::optional<std::string> to,
                                std::optional<std::string> sport);
  std::vector<LoadDay> training_load(const Actor& actor, const std::string& from, const std::string& to);

  WorkoutSettings settings(const Actor& actor);
  WorkoutSettings update_settings(const Actor& actor, const WorkoutSettings& settings);
  PrivacyZone add_privacy_zone(const Actor& actor, const PrivacyZone& zone);
  std::vector<PrivacyZone> privacy_zones(const Actor& actor);
  void delete_privacy_zone(const Actor& actor, std::int64_t id);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
