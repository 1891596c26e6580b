#include "workouts/workout_access.hpp"

#include "fitkit/error.hpp"
#include "workouts/privacy_zones.hpp"
#include "workouts/workout_compute.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit::workouts {

VisibleWorkout load_visible(storage::Connection& c, const Actor& viewer, std::int64_t id) {
  auto w = find_workout(c, id);
  if (!w) throw Error::not_found("no such workout");
  const auto visibility = policy::parse_visibility(w->visibility).value_or(policy::Visibility::only_me);
  if (!policy::can_view(viewer, w->user_id, visibility, relation_of(c, viewer, w->user_id)))
    throw Error::not_found("no such workout");
  VisibleWorkout v;
  v.owner = policy::is_owner(viewer, w->user_id);
  v.owner_settings = load_settings(c, w->user_id);
  v.workout = std::move(*w);
  redact(v.workout, v.owner_settings, v.owner);
  return v;
}

void redact(Workout& w, const WorkoutSettings& s, bool owner) {
  w.track_visible = w.has_track && (owner || !s.hide_map);
  if (owner) return;
  if (s.hide_heart_rate) {
    w.avg_hr.reset();
    w.max_hr.reset();
    w.trimp.reset();
  }
  if (s.hide_calories) w.calories.reset();
  w.gear_ids.clear();  // gear is its owner's business
  w.file_name.reset();
}

StoredTrack visible_track(storage::Connection& c, const VisibleWorkout& v) {
  if (!v.workout.track_visible) return {};
  auto track = load_track(c, v.workout.id);
  if (!track) return {};
  if (v.owner) return std::move(*track);

  TrackPrivacy privacy;
  for (const auto& z : load_privacy_zones(c, v.workout.user_id)) privacy.zones.push_back({z.lat, z.lon, z.radius_m});
  privacy.hide_start_m = privacy.hide_end_m = v.owner_settings.hide_start_finish_m;
  const auto samples = to_samples(*track);
  const auto stats = track_stats(samples, find_sport(v.workout.sport) ? find_sport(v.workout.sport)->family
                                                                      : SportFamily::other);
  const auto shown = public_track(samples, stats.cumulative_m, privacy);

  // public_track keeps samples as they were, in order: walk both to keep the points they were made of.
  StoredTrack out;
  std::size_t i = 0;
  for (const auto& s : shown) {
    while (i < samples.size() && !(samples[i].time_ms == s.time_ms && samples[i].latitude == s.latitude &&
                                   samples[i].longitude == s.longitude))
      ++i;
    if (i == samples.size()) break;
    if (s.starts_segment && !out.points.empty()) out.segment_starts.push_back(out.points.size());
    out.points.push_back(track->points[i]);
    if (v.owner_settings.hide_heart_rate) out.points.back().heart_rate_bpm.reset();
    ++i;
  }
  return out;
}

}  // namespace fitkit::workouts
