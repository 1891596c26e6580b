#include "workouts/workout_compute.hpp"

#include <algorithm>
#include <cmath>

namespace fitkit::workouts {

std::vector<TrackSample> to_samples(const StoredTrack& track) {
  std::vector<TrackSample> samples;
  samples.reserve(track.points.size());
  std::size_t next_segment = 0;
  for (std::size_t i = 0; i < track.points.size(); ++i) {
    const auto& p = track.points[i];
    TrackSample s;
    s.time_ms = p.time_ms.value_or(0);
    s.latitude = p.latitude;
    s.longitude = p.longitude;
    s.elevation_m = p.elevation_m;
    s.distance_m = p.distance_m;
    s.heart_rate_bpm = p.heart_rate_bpm;
    s.power_w = p.power_w;
    while (next_segment < track.segment_starts.size() && track.segment_starts[next_segment] < i) ++next_segment;
    s.starts_segment = next_segment < track.segment_starts.size() && track.segment_starts[next_segment] == i;
    samples.push_back(s);
  }
  return samples;
}

TrackFigures track_figures(const StoredTrack& track, std::span<const TrackSample> samples, const Sport& sport) {
  TrackFigures f;
  f.stats = track_stats(samples, sport.family);
  if (sport.has_distance)
    for (const auto& e : best_efforts(samples, f.stats))
      f.efforts.push_back({"time_" + std::to_string(std::lround(e.distance_m)) + "m", e.seconds});
  for (const auto& p : best_powers(samples))
    f.efforts.push_back({"power_" + std::to_string(p.window_s) + "s", p.watts});
  // Cadence: the mean of the moments pedalling or stepping, as devices report it.
  double sum = 0;
  std::size_t count = 0;
  for (const auto& p : track.points) {
    if (!p.cadence_rpm || *p.cadence_rpm <= 0) continue;
    sum += *p.cadence_rpm;
    ++count;
    f.max_cadence = std::max(f.max_cadence.value_or(0), *p.cadence_rpm);
  }
  if (count) f.avg_cadence = sum / static_cast<double>(count);
  return f;
}

void apply_track_figures(Workout& w, const TrackFigures& f, const Sport& sport) {
  const auto& s = f.stats;
  if (s.elapsed_s > 0) w.elapsed_s = s.elapsed_s;
  if (s.moving_s > 0) w.moving_s = s.moving_s;
  if (sport.has_distance && s.distance_m > 0) w.distance_m = s.distance_m;
  if (s.ascent_m > 0 || s.descent_m > 0) {
    w.ascent_m = s.ascent_m;
    w.descent_m = s.descent_m;
  }
  if (sport.has_distance && s.max_speed_mps) w.max_speed = s.max_speed_mps;
  w.avg_hr = s.avg_heart_rate_bpm;
  w.max_hr = s.max_heart_rate_bpm;
  w.avg_power = s.avg_power_w;
  w.max_power = s.max_power_w;
  w.avg_cadence = f.avg_cadence;
  w.max_cadence = f.max_cadence;
}

void apply_summary(Workout& w, const formats::Summary& s) {
  auto fill = [](std::optional<double>& field, const std::optional<double>& value) {
    if (!field && value && std::isfinite(*value) && *value >= 0) field = value;
  };
  fill(w.elapsed_s, s.elapsed_s);
  fill(w.moving_s, s.moving_s);
  fill(w.distance_m, s.distance_m);
  fill(w.ascent_m, s.ascent_m);
  fill(w.descent_m, s.descent_m);
  fill(w.calories, s.calories_kcal);
  fill(w.avg_hr, s.avg_heart_rate_bpm);
  fill(w.max_hr, s.max_heart_rate_bpm);
  fill(w.avg_cadence, s.avg_cadence_rpm);
  fill(w.avg_power, s.avg_power_w);
  fill(w.max_power, s.max_power_w);
  fill(w.max_speed, s.max_speed_mps);
}

void derive_average_speed(Workout& w) {
  const auto time = w.moving_s ? w.moving_s : w.elapsed_s;
  if (w.distance_m && time && *time > 0) {
    w.avg_speed = *w.distance_m / *time;
  } else {
    w.avg_speed.reset();
  }
}

}  // namespace fitkit::workouts
