// Structured training: saved workout templates, planned workouts on a calendar, the
// exercise library, and a user's training zones. See docs/training.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fitkit/actor.hpp"
#include "fitkit/page.hpp"

namespace fitkit {

struct Runtime;

// ---- Templates -------------------------------------------------------------------------

enum class StepKind { warmup, work, recovery, cooldown, repeat, exercise };
std::string_view to_string(StepKind kind) noexcept;

// How long a step lasts: a time, a distance, or until the lap button.
enum class DurationKind { open, time, distance };
struct StepDuration {
  DurationKind kind = DurationKind::open;
  double value = 0;  // seconds for time, metres for distance
};

// What to hold during a step. A zone (heart rate 1–5, power 1–7) or a range: pace in s/km,
// heart rate in bpm, power in W, cadence in rpm. min <= max; for pace min is the faster end.
enum class TargetKind { none, pace, heart_rate, power, cadence };
struct StepTarget {
  TargetKind kind = TargetKind::none;
  std::optional<int> zone;
  std::optional<double> min, max;
};

// One step of a template. warmup/work/recovery/cooldown use duration and target; repeat
// uses repeat_count and steps (one level deep: no repeat inside a repeat); exercise uses
// the strength fields. Inside a repeat an exercise has one set: the repeat gives the rounds.
struct WorkoutStep {
  StepKind kind = StepKind::work;
  std::string name;   // optional label shown on the watch
  std::string notes;  // optional
  StepDuration duration;
  StepTarget target;
  int repeat_count = 0;
  std::vector<WorkoutStep> steps;
  // Strength: an exercise of the library, sets × (reps or duration_s), weight and rest.
  std::int64_t exercise_id = 0;
  std::string exercise_name;  // the library's name when the template was saved
  int sets = 1;
  std::optional<int> reps;
  std::optional<double> duration_s, weight_kg, rest_s;
};

struct WorkoutTemplate {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string sport;  // a key of the sports list (docs/workouts.md)
  std::optional<std::string> description;
  std::vector<WorkoutStep> steps;
  int watch_steps = 0;  // how many steps a watch counts once repeats and sets are written out
  std::int64_t created_at = 0, updated_at = 0;
};

// Create: name, sport and steps are required. Update: a field left empty keeps its value;
// an empty description clears it.
struct TemplateFields {
  std::optional<std::string> name, sport, description;
  std::optional<std::vector<WorkoutStep>> steps;
};

struct TemplateQuery {
  std::optional<std::string> sport;
  std::optional<std::int64_t> before_id;  // newest first: the page starts below this id
  int limit = kPageLimitDefault;
};

// A template written as a FIT workout file.
struct ExportedFile {
  std::string file_name;
  std::string bytes;
};

// ---- Planned workouts ------------------------------------------------------------------

struct PlannedWorkout {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string date;  // YYYY-MM-DD, the user's local day
  std::optional<std::int64_t> template_id;
  std::string title;
  std::string sport;
  std::optional<std::string> notes;
  std::optional<double> duration_s, distance_m;  // what is planned, for a plan without steps
  std::string status;                            // planned, completed, skipped
  std::optional<std::int64_t> workout_id;        // the workout that fulfilled it
  std::int64_t completed_at = 0;
  std::int64_t created_at = 0, updated_at = 0;
};

// Create: a date, and a template or a title and sport. Update: empty keeps; status may be
// planned or skipped (complete and link mark a plan completed).
struct PlanFields {
  std::optional<std::string> date;
  std::optional<std::int64_t> template_id;
  std::optional<std::string> title, sport, notes, status;
  std::optional<double> duration_s, distance_m;
};

struct PlanQuery {
  std::optional<std::string> from, to;  // inclusive YYYY-MM-DD bounds
  std::optional<std::string> status;
  std::optional<std::pair<std::string, std::int64_t>> after;  // position: (date, id) last seen
  int limit = kPageLimitDefault;
};

// ---- The exercise library --------------------------------------------------------------

struct Exercise {
  std::int64_t id = 0;
  std::string name;
  std::string category;                    // strength, cardio, mobility, ... (docs/training.md)
  std::vector<std::string> muscle_groups;  // from a closed list
  std::vector<std::string> equipment;      // from a closed list; empty: none needed
  std::optional<std::string> description;
  std::optional<std::string> video_url;  // https only
  bool builtin = false;                  // part of the starter set
  std::int64_t created_at = 0, updated_at = 0;
};

// Create: name, category and muscle_groups are required. Update: empty keeps; an empty
// description or video_url clears it.
struct ExerciseFields {
  std::optional<std::string> name, category, description, video_url;
  std::optional<std::vector<std::string>> muscle_groups, equipment;
};

struct ExerciseQuery {
  std::optional<std::string> muscle, equipment, category;
  std::optional<std::string> search;  // in the name and description, case-insensitive
  std::optional<std::pair<std::string, std::int64_t>> after;  // position: (name key, id)
  int limit = kPageLimitDefault;
};

struct ExerciseImport {
  int created = 0, updated = 0;
  std::vector<Exercise> exercises;  // in the file's order
};

// ---- Zones -----------------------------------------------------------------------------

// What the user set; empty: derived (resting HR from the latest metrics, max HR from age).
struct ZoneSettings {
  std::optional<double> max_hr, resting_hr, ftp_w, threshold_pace_s_per_km;
};

struct ZoneRange {
  int zone = 0;
  double min = 0;
  std::optional<double> max;  // empty for the open top zone
};

struct TrainingZones {
  std::optional<double> max_hr, resting_hr, ftp_w, threshold_pace_s_per_km;
  std::string max_hr_source;      // settings, age, or empty when unknown
  std::string resting_hr_source;  // settings, metrics, or empty
  std::vector<ZoneRange> heart_rate_zones;  // 5 (Karvonen), empty when unknown
  std::vector<ZoneRange> power_zones;       // 7 (Coggan), empty without FTP
  std::int64_t updated_at = 0;              // of the settings; 0 if never set
};

// ---------------------------------------------------------------------------------------

class TrainingService {
 public:
  explicit TrainingService(Runtime& rt) : rt_(rt) {}

  // Templates are their owner's alone: to anyone else one is not_found.
  WorkoutTemplate create_template(const Actor& actor, const TemplateFields& fields);
  WorkoutTemplate get_template(const Actor& actor, std::int64_t id);
  Page<WorkoutTemplate> templates(const Actor& actor, const TemplateQuery& query);
  WorkoutTemplate update_template(const Actor& actor, std::int64_t id, const TemplateFields& fields);
  void delete_template(const Actor& actor, std::int64_t id);
  WorkoutTemplate copy_template(const Actor& actor, std::int64_t id, const std::optional<std::string>& name);
  // The template as a FIT workout file (file type 5) for a watch.
  ExportedFile export_template_fit(const Actor& actor, std::int64_t id);

  // Planned workouts, the owner's alone.
  PlannedWorkout create_plan(const Actor& actor, const PlanFields& fields);
  PlannedWorkout get_plan(const Actor& actor, std::int64_t id);
  Page<PlannedWorkout> plans(const Actor& actor, const PlanQuery& query);  // by date, then id
  PlannedWorkout update_plan(const Actor& actor, std::int64_t id, const PlanFields& fields);
  void delete_plan(const Actor& actor, std::int64_t id);
  // Marks the plan completed, linked to one of the caller's workouts if given.
  PlannedWorkout complete_plan(const Actor& actor, std::int64_t id, std::optional<std::int64_t> workout_id);
  PlannedWorkout link_workout(const Actor& actor, std::int64_t id, std::int64_t workout_id);
  // Removes the link; the plan is planned again.
  PlannedWorkout unlink_workout(const Actor& actor, std::int64_t id);

  // The exercise library: anyone reads it; admins edit it (their organisation's catalogue).
  Page<Exercise> exercises(const Actor& actor, const ExerciseQuery& query);  // by name
  Exercise get_exercise(const Actor& actor, std::int64_t id);
  Exercise create_exercise(const Actor& actor, const ExerciseFields& fields);
  Exercise update_exercise(const Actor& actor, std::int64_t id, const ExerciseFields& fields);
  void delete_exercise(const Actor& actor, std::int64_t id);
  // A JSON array of objects or a CSV file with a header row; all rows or none. A name that
  // exists already is an error unless update_existing, which then updates that exercise.
  ExerciseImport import_exercises(const Actor& actor, std::string_view file, std::string_view file_name,
                                  bool update_existing);

  // Zones: the owner's alone.
  TrainingZones zones(const Actor& actor);
  // Sets the values given and clears the ones named in `clear`.
  TrainingZones set_zones(const Actor& actor, const ZoneSettings& settings, const std::vector<std::string>& clear);

 private:
  Runtime& rt_;
};

}  // namespace fitkit
