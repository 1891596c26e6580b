#include "activity_sim.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

namespace fitkit::bench::sim {
namespace {

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kSemicirclesPerRadian = 2147483648.0 / std::numbers::pi;

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

template <class T>
T clamp_round(double v, double lo, double hi) {
  return static_cast<T>(std::lround(std::clamp(v, lo, hi)));
}

// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm, proleptic Gregorian).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

void two_digits(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

}  // namespace

double Sample::latitude() const noexcept { return lat_semicircles * (180.0 / 2147483648.0); }
double Sample::longitude() const noexcept { return lon_semicircles * (180.0 / 2147483648.0); }

Route::Route(std::uint32_t seed, std::int64_t start_ms, bool cycling)
    : rng_(0x5EED0000ull + seed), cycling_(cycling), time_ms_(start_ms) {
  // A start somewhere in central Europe's latitudes, different for every seed.
  lat0_ = lat_ = (45.0 + 8.0 * uniform()) * std::numbers::pi / 180;
  lon0_ = lon_ = (5.0 + 12.0 * uniform()) * std::numbers::pi / 180;
  heading_ = 2 * std::numbers::pi * uniform();
  elevation0_ = elevation_ = 200 + 600 * uniform();
  base_speed_ = (cycling ? 7.5 : 2.9) + 0.4 * uniform();
  speed_ = base_speed_;
}

double Route::uniform() { return static_cast<double>(splitmix(rng_) >> 11) * 0x1.0p-53; }
double Route::gauss() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.732; }

Sample Route::next() {
  Sample s;
  s.time_ms = time_ms_;
  s.lat_semicircles = static_cast<std::int32_t>(std::lround(lat_ * kSemicirclesPerRadian));
  s.lon_semicircles = static_cast<std::int32_t>(std::lround(lon_ * kSemicirclesPerRadian));
  s.altitude_raw = clamp_round<std::uint16_t>((elevation_ + 500) * 5, 0, 65534);
  s.distance_cm = static_cast<std::uint32_t>(std::llround(std::min(distance_m_ * 100, 4.0e9)));
  s.speed_mm_s = clamp_round<std::uint16_t>(speed_ * 1000, 0, 65534);
  s.heart_rate = clamp_round<std::uint8_t>(heart_rate_, 50, 205);
  const double t = static_cast<double>(step_);
  s.cadence = clamp_round<std::uint8_t>((cycling_ ? 88 : 86) + 3 * (speed_ - base_speed_) + 1.2 * gauss(), 0, 250);
  const double power = (cycling_ ? 190 : 245) + (cycling_ ? 12 : 45) * (speed_ - base_speed_) +
                       (cycling_ ? 2200 : 900) * grade_ + 12 * gauss();
  s.power_w = clamp_round<std::uint16_t>(power, 0, 2000);
  s.temperature_c = clamp_round<std::int8_t>(17 + 4 * std::sin(t / 7200) + 0.3 * gauss(), -40, 60);

  // Then move on by one second.
  turn_ = 0.97 * turn_ + 0.012 * gauss();
  const double north = (lat_ - lat0_) * kEarthRadiusM;
  const double east = (lon_ - lon0_) * kEarthRadiusM * std::cos(lat0_);
  if (north * north + east * east > 4000.0 * 4000.0) {
    // Far from the start: turn a little towards it.
    const double home = std::atan2(-east, -north);
    const double off = std::remainder(home - heading_, 2 * std::numbers::pi);
    turn_ += 0.01 * off;
  }
  heading_ = std::remainder(heading_ + turn_, 2 * std::numbers::pi);
  grade_ = std::clamp(0.995 * grade_ + 0.0015 * gauss() - 0.00001 * (elevation_ - elevation0_), -0.12, 0.12);
  pace_drift_ = 0.99 * pace_drift_ + 0.02 * gauss();
  const double target = base_speed_ * (1 - (cycling_ ? 3.0 : 2.0) * grade_) + pace_drift_ +
                        0.2 * std::sin(t / 420);
  speed_ = std::max(0.5, speed_ + 0.15 * (target - speed_));
  const double fatigue = std::min(t / 1200, 15.0);  // heart rate drifts up over the hours
  const double hr_target = (cycling_ ? 128 : 142) + 8 * (speed_ - base_speed_) + 220 * grade_ + fatigue;
  heart_rate_ += 0.05 * (std::min(hr_target, 188.0) - heart_rate_);
  lat_ += speed_ * std::cos(heading_) / kEarthRadiusM;
  lon_ += speed_ * std::sin(heading_) / (kEarthRadiusM * std::cos(lat_));
  elevation_ += grade_ * speed_;
  distance_m_ += speed_;
  time_ms_ += 1000;
  ++step_;
  return s;
}

Totals sum(const std::vector<Sample>& samples, std::size_t first, std::size_t count, bool cycling) {
  Totals t;
  if (count == 0) return t;
  const Sample& a = samples[first];
  const Sample& z = samples[first + count - 1];
  t.first = first;
  t.count = count;
  t.start_ms = a.time_ms;
  t.end_ms = z.time_ms;
  t.start_lat = a.lat_semicircles;
  t.start_lon = a.lon_semicircles;
  t.elapsed_s = static_cast<double>(count);
  const double before = first > 0 ? samples[first - 1].distance_m() : 0.0;
  t.distance_m = z.distance_m() - before;
  double hr = 0, cad = 0, power = 0;
  for (std::size_t i = first; i < first + count; ++i) {
    const Sample& s = samples[i];
    hr += s.heart_rate;
    cad += s.cadence;
    power += s.power_w;
    t.max_heart_rate = std::max<double>(t.max_heart_rate, s.heart_rate);
    t.max_power_w = std::max<double>(t.max_power_w, s.power_w);
    t.max_speed_mps = std::max(t.max_speed_mps, s.speed_mps());
    if (i > 0) {
      const double climb = s.elevation_m() - samples[i - 1].elevation_m();
      (climb > 0 ? t.ascent_m : t.descent_m) += std::fabs(climb);
    }
  }
  const auto n = static_cast<double>(count);
  t.avg_heart_rate = std::round(hr / n);
  t.avg_cadence = std::round(cad / n);
  t.avg_power_w = std::round(power / n);
  t.avg_speed_mps = std::round(t.distance_m / t.elapsed_s * 1000) / 1000;
  t.ascent_m = std::round(t.ascent_m);
  t.descent_m = std::round(t.descent_m);
  // Running: about 1 kcal per kg per km; riding: the mechanical work in kJ, about the kcal burnt.
  t.calories_kcal = std::round(cycling ? power / 1000 : t.distance_m * 0.07);
  return t;
}

std::vector<Totals> laps(const std::vector<Sample>& samples, bool cycling) {
  std::vector<Totals> out;
  std::size_t first = 0;
  std::uint32_t next_km_cm = 100000;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (samples[i].distance_cm < next_km_cm && i + 1 < samples.size()) continue;
    out.push_back(sum(samples, first, i + 1 - first, cycling));
    first = i + 1;
    while (next_km_cm <= samples[i].distance_cm) next_km_cm += 100000;
  }
  return out;
}

std::vector<Sample> samples(std::uint32_t seed, std::int64_t start_ms, int seconds, bool cycling) {
  Route route(seed, start_ms, cycling);
  std::vector<Sample> out;
  out.reserve(static_cast<std::size_t>(std::max(seconds, 0)));
  for (int i = 0; i < seconds; ++i) out.push_back(route.next());
  return out;
}

bool is_cycling(const std::string& sport) { return sport == "cycling" || sport == "biking"; }

void append_time(std::string& out, std::int64_t epoch_ms, bool millis) {
  std::int64_t seconds = epoch_ms / 1000;
  std::int64_t ms = epoch_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    --seconds;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  append_int(out, y);
  out += '-';
  two_digits(out, m);
  out += '-';
  two_digits(out, d);
  out += 'T';
  two_digits(out, static_cast<unsigned>(rest / 3600));
  out += ':';
  two_digits(out, static_cast<unsigned>(rest / 60 % 60));
  out += ':';
  two_digits(out, static_cast<unsigned>(rest % 60));
  if (millis) {
    out += '.';
    out += static_cast<char>('0' + ms / 100);
    two_digits(out, static_cast<unsigned>(ms % 100));
  }
  out += 'Z';
}

void append_fixed(std::string& out, double value, int decimals) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  out.append(buf, r.ptr);
}

void append_int(std::string& out, long long value) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

}  // namespace fitkit::bench::sim
