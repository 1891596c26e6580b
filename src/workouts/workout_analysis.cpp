// A workout's splits, laps, time in zones and best efforts, from the track the viewer may see.
#include "core/runtime.hpp"
#include "fitkit/workouts.hpp"
#include "training/user_zones.hpp"
#include "workouts/workout_access.hpp"
#include "workouts/workout_compute.hpp"
#include "workouts/workout_store.hpp"

namespace fitkit {
namespace {

std::vector<WorkoutAnalysis::Split> split_rows(std::span<const workouts::TrackSample> samples,
                                               const workouts::TrackStats& stats, double unit_m) {
  std::vector<WorkoutAnalysis::Split> out;
  for (const auto& s : workouts::splits(samples, stats, unit_m))
    out.push_back({s.number, s.distance_m, s.elapsed_s, s.ascent_m, s.avg_heart_rate_bpm});
  return out;
}

// Seconds per zone from the zones' lower bounds: zone 1 takes everything below zone 2.
std::vector<double> zone_seconds(std::span<const workouts::TrackSample> samples, const std::vector<double>& lower_bounds,
                                 bool heart_rate) {
  if (lower_bounds.size() < 2) return {};
  const std::vector<double> upper(lower_bounds.begin() + 1, lower_bounds.end());
  auto seconds = workouts::time_in_zones(samples, upper, heart_rate);
  double total = 0;
  for (double s : seconds) total += s;
  if (total <= 0) return {};
  return seconds;
}

}  // namespace

WorkoutAnalysis WorkoutService::analysis(const Actor& actor, std::int64_t id) {
  auto c = rt_.db->acquire();
  const auto v = workouts::load_visible(*c, actor, id);
  WorkoutAnalysis out;
  for (const auto& l : workouts::load_laps(*c, id))
    out.laps.push_back({l.start_at, l.elapsed_s, l.distance_m,
                        v.owner || !v.owner_settings.hide_heart_rate ? l.avg_hr : std::nullopt,
                        v.owner || !v.owner_settings.hide_heart_rate ? l.max_hr : std::nullopt, l.avg_power});
  const auto track = workouts::visible_track(*c, v);
  if (track.points.empty()) return out;
  const auto samples = workouts::to_samples(track);
  const auto* sport = workouts::find_sport(v.workout.sport);
  const auto family = sport ? sport->family : workouts::SportFamily::other;
  const auto stats = workouts::track_stats(samples, family);
  if (!sport || sport->has_distance) {
    out.splits_km = split_rows(samples, stats, 1000);
    out.splits_mile = split_rows(samples, stats, 1609.344);
  }
  const auto zones = training::load_user_zones(*c, v.workout.user_id, rt_.now());
  if (v.owner || !v.owner_settings.hide_heart_rate)
    out.heart_rate_zones_s = zone_seconds(samples, zones.hr_bounds, true);
  out.power_zones_s = zone_seconds(samples, zones.power_bounds, false);
  if (sport) {
    for (const auto& e : workouts::track_figures(track, samples, *sport).efforts)
      out.best_efforts.push_back({e.kind, e.value});
  }
  return out;
}

}  // namespace fitkit
