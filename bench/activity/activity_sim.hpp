// The simulated athlete behind the generated files: one sample a second, already rounded to
// what a FIT record holds, so that the FIT, GPX and TCX of one spec carry the same values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fitkit::bench::sim {

struct Sample {
  std::int64_t time_ms = 0;
  std::int32_t lat_semicircles = 0;
  std::int32_t lon_semicircles = 0;
  std::uint16_t altitude_raw = 0;   // (metres + 500) × 5, as FIT's record.altitude
  std::uint32_t distance_cm = 0;    // cumulative
  std::uint16_t speed_mm_s = 0;
  std::uint8_t heart_rate = 0;
  std::uint8_t cadence = 0;
  std::uint16_t power_w = 0;
  std::int8_t temperature_c = 0;

  double latitude() const noexcept;
  double longitude() const noexcept;
  double elevation_m() const noexcept { return altitude_raw / 5.0 - 500.0; }
  double distance_m() const noexcept { return distance_cm / 100.0; }
  double speed_mps() const noexcept { return speed_mm_s / 1000.0; }
};

// A wandering route near a seed-chosen place that never strays more than a few kilometres
// from its start, with rolling hills; runs at about 3 m/s, rides ("cycling") at about 8 m/s.
class Route {
 public:
  Route(std::uint32_t seed, std::int64_t start_ms, bool cycling);
  Sample next();

 private:
  double uniform();  // [0, 1)
  double gauss();    // about N(0, 1)

  std::uint64_t rng_;
  bool cycling_;
  std::int64_t time_ms_;
  double lat0_, lon0_, lat_, lon_;  // radians
  double heading_, turn_ = 0;
  double elevation_, elevation0_, grade_ = 0;
  double base_speed_, speed_, pace_drift_ = 0;
  double heart_rate_ = 95, distance_m_ = 0;
  std::int64_t step_ = 0;
};

// A lap (or the whole activity) summed over its samples.
struct Totals {
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;  // the last sample's time
  std::size_t first = 0, count = 0;
  std::int32_t start_lat = 0, start_lon = 0;
  double elapsed_s = 0, distance_m = 0, ascent_m = 0, descent_m = 0, calories_kcal = 0;
  double avg_speed_mps = 0, max_speed_mps = 0;
  double avg_heart_rate = 0, max_heart_rate = 0, avg_cadence = 0, avg_power_w = 0, max_power_w = 0;
};

// Sums samples [first, first + count); the distance runs from the sample before `first`.
Totals sum(const std::vector<Sample>& samples, std::size_t first, std::size_t count, bool cycling);
// One lap per started kilometre: a lap ends at the first sample at or past each 1 km.
std::vector<Totals> laps(const std::vector<Sample>& samples, bool cycling);
std::vector<Sample> samples(std::uint32_t seed, std::int64_t start_ms, int seconds, bool cycling);

bool is_cycling(const std::string& sport);

// "2026-01-01T00:00:00Z" (or with ".000" before the Z) appended to `out`.
void append_time(std::string& out, std::int64_t epoch_ms, bool millis);
// `value` with `decimals` digits after the point.
void append_fixed(std::string& out, double value, int decimals);
void append_int(std::string& out, long long value);

}  // namespace fitkit::bench::sim
