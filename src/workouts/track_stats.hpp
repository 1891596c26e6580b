// What athletes expect to see computed from a recorded track: distance on the WGS84
// ellipsoid, moving time, ascent without GPS noise, splits, time in zones and best efforts.
// Pure functions over the samples of one workout, in time order; no database.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "workouts/sports.hpp"

namespace fitkit::workouts {

struct TrackSample {
  std::int64_t time_ms = 0;
  std::optional<double> latitude;   // degrees
  std::optional<double> longitude;  // degrees
  std::optional<double> elevation_m;
  std::optional<double> distance_m;  // cumulative, as the device recorded it (indoors: the only one)
  std::optional<double> heart_rate_bpm;
  std::optional<double> power_w;
  bool starts_segment = false;  // a pause before this sample: no distance or time across it
};

// Elevation changes smaller than this are GPS and barometer noise, not climbing.
inline constexpr double kAscentThresholdM = 4.0;
// Max speed is the best average over this long, so that one jumpy fix does not set it.
inline constexpr double kMaxSpeedWindowS = 5.0;

struct TrackStats {
  double distance_m = 0;
  double elapsed_s = 0;  // first sample to last
  double moving_s = 0;   // time spent above the sport family's moving speed
  double ascent_m = 0;
  double descent_m = 0;
  std::optional<double> max_speed_mps;
  std::optional<double> avg_heart_rate_bpm;  // time-weighted
  std::optional<double> max_heart_rate_bpm;
  std::optional<double> avg_power_w;  // time-weighted
  std::optional<double> max_power_w;
  // Per sample: the distance covered up to it (positions on the ellipsoid when the track has
  // them, else the device's distance). The basis of splits and best efforts.
  std::vector<double> cumulative_m;
};

// Throws nothing; samples out of time order count as no time.
TrackStats track_stats(std::span<const TrackSample> samples, SportFamily family);

struct Split {
  int number = 0;           // 1, 2, ...
  double distance_m = 0;    // the unit, or what is left for the last one
  double elapsed_s = 0;
  double ascent_m = 0;      // elevation gained within the split, without smoothing across splits
  std::optional<double> avg_heart_rate_bpm;
};

// Splits of `unit_m` (1000 for km, 1609.344 for miles), the last one partial.
std::vector<Split> splits(std::span<const TrackSample> samples, const TrackStats& stats, double unit_m);

// Seconds spent in each zone; `upper_bounds` are the zones' upper limits in ascending order
// (the last zone is everything above the last bound, so there are bounds + 1 zones).
// `heart_rate` true: heart-rate zones, false: power zones. Samples without the value count
// nowhere.
std::vector<double> time_in_zones(std::span<const TrackSample> samples, std::span<const double> upper_bounds,
                                  bool heart_rate);

struct BestEffort {
  std::string_view name;  // "1 km", "half marathon", ...
  double distance_m = 0;
  double seconds = 0;
  std::int64_t start_ms = 0;
};

// The fastest time over each standard distance (400 m, 1 km, 1 mile, 5 km, 10 km, half
// marathon, marathon) that the track covers, interpolated between samples.
std::vector<BestEffort> best_efforts(std::span<const TrackSample> samples, const TrackStats& stats);

struct BestPower {
  int window_s = 0;  // 300, 1200, 3600
  double watts = 0;  // the best average over the window
  std::int64_t start_ms = 0;
};

// The best average power over 5, 20 and 60 minutes that the track is long enough for.
std::vector<BestPower> best_powers(std::span<const TrackSample> samples);

}  // namespace fitkit::workouts
