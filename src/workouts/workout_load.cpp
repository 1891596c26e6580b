#include "workouts/workout_load.hpp"

#include "training/user_zones.hpp"
#include "workouts/training_load.hpp"

namespace fitkit::workouts {

void compute_trimp(storage::Connection& c, Workout& w, std::span<const TrackSample> samples, std::int64_t now_ms) {
  w.trimp.reset();
  const auto zones = training::load_user_zones(c, w.user_id, now_ms);
  if (!zones.resting_hr || !zones.max_hr || *zones.resting_hr >= *zones.max_hr) return;
  // Banister's weighting is by sex; without one given, the male constants (the more common default).
  const auto gender = c.query_text("SELECT gender FROM profiles WHERE user_id = ?", {w.user_id});
  const auto sex = gender == "female" ? TrimpSex::female : TrimpSex::male;
  if (!samples.empty()) w.trimp = trimp(samples, *zones.resting_hr, *zones.max_hr, sex);
  if (w.trimp) return;
  const auto duration = w.moving_s ? w.moving_s : w.elapsed_s;
  if (w.avg_hr && duration && *duration > 0)
    w.trimp = trimp_from_average(*duration / 60, *w.avg_hr, *zones.resting_hr, *zones.max_hr, sex);
}

}  // namespace fitkit::workouts
