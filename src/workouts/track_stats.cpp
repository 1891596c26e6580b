#include "workouts/track_stats.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace fitkit::workouts {
namespace {

double seconds_between(const TrackSample& a, const TrackSample& b) {
  return b.time_ms > a.time_ms ? static_cast<double>(b.time_ms - a.time_ms) / 1000.0 : 0.0;
}

bool has_position(const TrackSample& s) {
  return s.latitude && s.longitude && std::isfinite(*s.latitude) && std::isfinite(*s.longitude) &&
         std::abs(*s.latitude) <= 90 && std::abs(*s.longitude) <= 180;
}

// The distance from `a` to `b`: on the ellipsoid when both have a position, else what the
// device counted; nothing across a pause.
double step_distance(const GeographicLib::Geodesic& wgs84, const TrackSample& a, const TrackSample& b) {
  if (b.starts_segment) return 0;
  if (has_position(a) && has_position(b)) {
    double metres = 0;
    wgs84.Inverse(*a.latitude, *a.longitude, *b.latitude, *b.longitude, metres);
    return std::isfinite(metres) ? metres : 0;
  }
  if (a.distance_m && b.distance_m && *b.distance_m > *a.distance_m) return *b.distance_m - *a.distance_m;
  return 0;
}

// Elevation gain and loss past a dead band: the reference moves only once the elevation has
// left it by kAscentThresholdM, so that noise around a level road adds nothing. `on_gain`
// gets each counted gain with the index of the sample that completed it.
template <class OnGain>
void climb(std::span<const TrackSample> samples, double& ascent, double& descent, OnGain on_gain) {
  std::optional<double> reference;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& e = samples[i].elevation_m;
    if (!e || !std::isfinite(*e)) continue;
    if (!reference) {
      reference = *e;
    } else if (*e - *reference >= kAscentThresholdM) {
      ascent += *e - *reference;
      on_gain(i, *e - *reference);
      reference = *e;
    } else if (*reference - *e >= kAscentThresholdM) {
      descent += *reference - *e;
      reference = *e;
    }
  }
}

// Time-weighted mean and maximum of one value: each sample's value holds until the next
// sample of its segment.
template <class Value>
void weighted(std::span<const TrackSample> samples, Value value, std::optional<double>& mean,
              std::optional<double>& max) {
  double sum = 0, weight = 0, plain_sum = 0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::optional<double> v = value(samples[i]);
    if (!v || !std::isfinite(*v)) continue;
    max = max ? std::max(*max, *v) : *v;
    plain_sum += *v;
    ++count;
    if (i + 1 < samples.size() && !samples[i + 1].starts_segment) {
      const double dt = seconds_between(samples[i], samples[i + 1]);
      sum += *v * dt;
      weight += dt;
    }
  }
  if (weight > 0) mean = sum / weight;
  else if (count > 0) mean = plain_sum / static_cast<double>(count);
}

// The time at which the track reached `distance`, between samples j and j+1.
double time_at(std::span<const TrackSample> samples, const std::vector<double>& cum, std::size_t j, double distance) {
  const double t0 = static_cast<double>(samples[j].time_ms);
  if (j + 1 >= samples.size() || cum[j + 1] <= cum[j]) return t0;
  const double t1 = static_cast<double>(samples[j + 1].time_ms);
  return t0 + (t1 - t0) * (distance - cum[j]) / (cum[j + 1] - cum[j]);
}

struct Standard {
  std::string_view name;
  double metres;
};
constexpr std::array<Standard, 7> kStandardDistances{{{"400 m", 400},
                                                      {"1 km", 1000},
                                                      {"1 mile", 1609.344},
                                                      {"5 km", 5000},
                                                      {"10 km", 10000},
                                                      {"half marathon", 21097.5},
                                                      {"marathon", 42195}}};
constexpr std::array<int, 3> kPowerWindows{300, 1200, 3600};

}  // namespace

TrackStats track_stats(std::span<const TrackSample> samples, SportFamily family) {
  TrackStats out;
  out.cumulative_m.assign(samples.size(), 0.0);
  if (samples.empty()) return out;
  const GeographicLib::Geodesic& wgs84 = GeographicLib::Geodesic::WGS84();
  const double threshold = moving_speed_threshold(family);
  double pause_free_s = 0;  // time within segments: moving time when nothing says distance
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const double d = step_distance(wgs84, samples[i - 1], samples[i]);
    out.cumulative_m[i] = out.cumulative_m[i - 1] + d;
    const double dt = seconds_between(samples[i - 1], samples[i]);
    if (samples[i].starts_segment || dt <= 0) continue;
    pause_free_s += dt;
    if (d / dt >= threshold) out.moving_s += dt;
  }
  out.distance_m = out.cumulative_m.back();
  out.elapsed_s = seconds_between(samples.front(), samples.back());
  if (out.distance_m <= 0) out.moving_s = pause_free_s;

  climb(samples, out.ascent_m, out.descent_m, [](std::size_t, double) {});

  // The best average speed over at least kMaxSpeedWindowS, within the track.
  std::size_t j = 0;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    while (j + 1 < i && static_cast<double>(samples[i].time_ms - samples[j + 1].time_ms) / 1000.0 >= kMaxSpeedWindowS)
      ++j;
    const double dt = seconds_between(samples[j], samples[i]);
    if (dt < kMaxSpeedWindowS) continue;
    const double v = (out.cumulative_m[i] - out.cumulative_m[j]) / dt;
    if (v > 0) out.max_speed_mps = out.max_speed_mps ? std::max(*out.max_speed_mps, v) : v;
  }

  weighted(samples, [](const TrackSample& s) { return s.heart_rate_bpm; }, out.avg_heart_rate_bpm,
           out.max_heart_rate_bpm);
  weighted(samples, [](const TrackSample& s) { return s.power_w; }, out.avg_power_w, out.max_power_w);
  return out;
}

std::vector<Split> splits(std::span<const TrackSample> samples, const TrackStats& stats, double unit_m) {
  std::vector<Split> out;
  if (samples.size() < 2 || unit_m <= 0 || stats.distance_m <= 0) return out;
  const auto& cum = stats.cumulative_m;
  const auto last = static_cast<std::size_t>(std::ceil(stats.distance_m / unit_m)) - 1;
  const auto split_of = [&](double metres) { return std::min(static_cast<std::size_t>(metres / unit_m), last); };
  out.resize(last + 1);
  std::vector<double> hr_sum(out.size(), 0.0), hr_weight(out.size(), 0.0);
  double start_ms = static_cast<double>(samples.front().time_ms);
  std::size_t j = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    Split& s = out[k];
    s.number = static_cast<int>(k) + 1;
    const double end_m = std::min(stats.distance_m, unit_m * static_cast<double>(k + 1));
    s.distance_m = end_m - unit_m * static_cast<double>(k);
    while (j + 1 < samples.size() && cum[j + 1] < end_m) ++j;
    const double end_ms =
        k + 1 == out.size() ? static_cast<double>(samples.back().time_ms) : time_at(samples, cum, j, end_m);
    s.elapsed_s = std::max(0.0, (end_ms - start_ms) / 1000.0);
    start_ms = end_ms;
  }
  double ascent = 0, descent = 0;
  climb(samples, ascent, descent, [&](std::size_t i, double gain) { out[split_of(cum[i])].ascent_m += gain; });
  for (std::size_t i = 0; i + 1 < samples.size(); ++i) {
    const auto& hr = samples[i].heart_rate_bpm;
    if (!hr || samples[i + 1].starts_segment) continue;
    const double dt = seconds_between(samples[i], samples[i + 1]);
    const std::size_t k = split_of(cum[i + 1]);
    hr_sum[k] += *hr * dt;
    hr_weight[k] += dt;
  }
  for (std::size_t k = 0; k < out.size(); ++k)
    if (hr_weight[k] > 0) out[k].avg_heart_rate_bpm = hr_sum[k] / hr_weight[k];
  return out;
}

std::vector<double> time_in_zones(std::span<const TrackSample> samples, std::span<const double> upper_bounds,
                                  bool heart_rate) {
  std::vector<double> out(upper_bounds.size() + 1, 0.0);
  for (std::size_t i = 0; i + 1 < samples.size(); ++i) {
    const auto& v = heart_rate ? samples[i].heart_rate_bpm : samples[i].power_w;
    if (!v || !std::isfinite(*v) || samples[i + 1].starts_segment) continue;
    const auto zone = std::upper_bound(upper_bounds.begin(), upper_bounds.end(), *v) - upper_bounds.begin();
    out[static_cast<std::size_t>(zone)] += seconds_between(samples[i], samples[i + 1]);
  }
  return out;
}

std::vector<BestEffort> best_efforts(std::span<const TrackSample> samples, const TrackStats& stats) {
  std::vector<BestEffort> out;
  const auto& cum = stats.cumulative_m;
  for (const Standard& standard : kStandardDistances) {
    if (stats.distance_m < standard.metres) break;
    BestEffort best{standard.name, standard.metres, 0, 0};
    std::size_t j = 0;
    for (std::size_t i = 1; i < samples.size(); ++i) {
      if (cum[i] < standard.metres) continue;
      // The latest sample at least the distance before this one; the start lies after it.
      while (j + 1 < i && cum[i] - cum[j + 1] >= standard.metres) ++j;
      const double start = time_at(samples, cum, j, cum[i] - standard.metres);
      const double seconds = (static_cast<double>(samples[i].time_ms) - start) / 1000.0;
      if (seconds > 0 && (best.seconds == 0 || seconds < best.seconds)) {
        best.seconds = seconds;
        best.start_ms = static_cast<std::int64_t>(std::llround(start));
      }
    }
    if (best.seconds > 0) out.push_back(best);
  }
  return out;
}

std::vector<BestPower> best_powers(std::span<const TrackSample> samples) {
  std::vector<BestPower> out;
  if (samples.size() < 2) return out;
  // energy[i]: joules up to sample i, each sample's power held until the next one.
  std::vector<double> energy(samples.size(), 0.0);
  bool any = false;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const auto& p = samples[i - 1].power_w;
    any = any || p.has_value();
    const double held = p && std::isfinite(*p) && !samples[i].starts_segment ? *p : 0.0;
    energy[i] = energy[i - 1] + held * seconds_between(samples[i - 1], samples[i]);
  }
  if (!any) return out;
  for (int window : kPowerWindows) {
    const auto w_ms = static_cast<std::int64_t>(window) * 1000;
    if (samples.back().time_ms - samples.front().time_ms < w_ms) break;
    BestPower best{window, -1, 0};
    std::size_t j = 0;
    for (std::size_t i = 1; i < samples.size(); ++i) {
      if (samples[i].time_ms - samples.front().time_ms < w_ms) continue;
      while (j + 1 < i && samples[i].time_ms - samples[j + 1].time_ms >= w_ms) ++j;
      const double dt = seconds_between(samples[j], samples[i]);
      if (dt <= 0) continue;
      const double watts = (energy[i] - energy[j]) / dt;
      if (watts > best.watts) {
        best.watts = watts;
        best.start_ms = samples[j].time_ms;
      }
    }
    if (best.watts >= 0) out.push_back(best);
  }
  return out;
}

}  // namespace fitkit::workouts
