// Track computations on tracks whose answers are known: along the equator a degree of
// longitude is exactly a * pi / 180 metres on the WGS84 ellipsoid.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "workouts/track_stats.hpp"

using namespace fitkit::workouts;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegreeAtEquator = 6378137.0 * kPi / 180.0;
constexpr std::int64_t kStart = 1700000000000;

// `seconds` samples one second apart, moving east along the equator at `speed` m/s.
std::vector<TrackSample> equator_run(int seconds, double speed, double start_lon = 0) {
  std::vector<TrackSample> out;
  for (int t = 0; t <= seconds; ++t) {
    TrackSample s;
    s.time_ms = kStart + t * 1000LL;
    s.latitude = 0.0;
    s.longitude = start_lon + speed * t / kMetresPerDegreeAtEquator;
    s.elevation_m = 10.0;
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("track stats: distance on the ellipsoid, elapsed and moving time") {
  auto run = equator_run(600, 3.0);
  TrackStats st = track_stats(run, SportFamily::running);
  CHECK(st.distance_m == doctest::Approx(1800.0).epsilon(1e-9));
  CHECK(st.elapsed_s == 600);
  CHECK(st.moving_s == 600);
  CHECK(st.max_speed_mps.value() == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(st.cumulative_m.size() == run.size());
  CHECK(st.cumulative_m[300] == doctest::Approx(900.0).epsilon(1e-9));

  // A stop of two minutes at one place: elapsed grows, moving does not.
  auto stopped = equator_run(300, 3.0);
  for (int t = 1; t <= 120; ++t) {
    TrackSample s = stopped.back();
    s.time_ms += 1000;
    stopped.push_back(s);
  }
  st = track_stats(stopped, SportFamily::running);
  CHECK(st.elapsed_s == 420);
  CHECK(st.moving_s == 300);
  CHECK(st.distance_m == doctest::Approx(900.0).epsilon(1e-9));

  // Too slow to be running (a walk), though moving for a walker.
  auto slow = equator_run(100, 0.8);
  CHECK(track_stats(slow, SportFamily::running).moving_s == 0);
  CHECK(track_stats(slow, SportFamily::walking).moving_s == 100);
}

TEST_CASE("track stats: a pause (a new segment) adds neither distance nor moving time") {
  auto first = equator_run(100, 3.0);
  auto second = equator_run(100, 3.0, 1.0);  // 111 km further east
  for (auto& s : second) s.time_ms += 3600 * 1000;
  second.front().starts_segment = true;
  first.insert(first.end(), second.begin(), second.end());
  TrackStats st = track_stats(first, SportFamily::running);
  CHECK(st.distance_m == doctest::Approx(600.0).epsilon(1e-9));
  CHECK(st.moving_s == 200);
  CHECK(st.elapsed_s == 3700);
}

TEST_CASE("track stats: indoors the device's distance counts; without any, moving time is the time recorded") {
  std::vector<TrackSample> treadmill;
  for (int t = 0; t <= 60; ++t) treadmill.push_back({.time_ms = kStart + t * 1000LL, .distance_m = 2.5 * t});
  TrackStats st = track_stats(treadmill, SportFamily::running);
  CHECK(st.distance_m == doctest::Approx(150.0));
  CHECK(st.moving_s == 60);

  std::vector<TrackSample> yoga;
  for (int t = 0; t <= 30; ++t) yoga.push_back({.time_ms = kStart + t * 60000LL, .heart_rate_bpm = 90.0 + t});
  st = track_stats(yoga, SportFamily::fitness);
  CHECK(st.distance_m == 0);
  CHECK(st.moving_s == 1800);
  CHECK_FALSE(st.max_speed_mps.has_value());
  CHECK(st.max_heart_rate_bpm == 120.0);
  CHECK(st.avg_heart_rate_bpm.value() == doctest::Approx(104.5));  // the last value holds no time

  CHECK(track_stats({}, SportFamily::running).distance_m == 0);
  CHECK(track_stats(std::vector<TrackSample>{{.time_ms = kStart}}, SportFamily::running).elapsed_s == 0);
}

TEST_CASE("track stats: ascent ignores noise below the threshold and counts a real climb") {
  auto flat = equator_run(600, 3.0);
  for (std::size_t i = 0; i < flat.size(); ++i) flat[i].elevation_m = 10.0 + ((i % 2) ? 2.0 : -1.5);
  TrackStats st = track_stats(flat, SportFamily::running);
  CHECK(st.ascent_m == 0);
  CHECK(st.descent_m == 0);

  auto hill = equator_run(600, 3.0);
  for (std::size_t i = 0; i < hill.size(); ++i) {
    const double up = i <= 300 ? i / 3.0 : (600 - static_cast<double>(i)) / 3.0;  // 100 m up, 100 m down
    hill[i].elevation_m = up + ((i % 2) ? 1.0 : -1.0);
  }
  st = track_stats(hill, SportFamily::running);
  CHECK(st.ascent_m == doctest::Approx(100.0).epsilon(0.06));
  CHECK(st.descent_m == doctest::Approx(100.0).epsilon(0.06));
}

TEST_CASE("track stats: splits per km and per mile, the last one partial") {
  auto run = equator_run(1000, 2.5);  // 2.5 km in 1000 s
  for (std::size_t i = 0; i < run.size(); ++i) run[i].heart_rate_bpm = i < 400 ? 140.0 : 160.0;
  TrackStats st = track_stats(run, SportFamily::running);
  auto km = splits(run, st, 1000);
  REQUIRE(km.size() == 3);
  CHECK(km[0].number == 1);
  CHECK(km[0].distance_m == doctest::Approx(1000));
  CHECK(km[0].elapsed_s == doctest::Approx(400).epsilon(1e-6));
  CHECK(km[1].elapsed_s == doctest::Approx(400).epsilon(1e-6));
  CHECK(km[2].distance_m == doctest::Approx(500).epsilon(1e-6));
  CHECK(km[2].elapsed_s == doctest::Approx(200).epsilon(1e-6));
  CHECK(km[0].avg_heart_rate_bpm.value() == doctest::Approx(140).epsilon(0.01));
  CHECK(km[1].avg_heart_rate_bpm.value() == doctest::Approx(160).epsilon(0.01));
  auto miles = splits(run, st, 1609.344);
  REQUIRE(miles.size() == 2);
  CHECK(miles[0].elapsed_s == doctest::Approx(1609.344 / 2.5).epsilon(1e-6));
  CHECK(splits(run, st, 0).empty());
}

TEST_CASE("track stats: best efforts find the fastest stretch, interpolated between samples") {
  // 4 m/s for 2000 s (8 km), with 1200 m at 6 m/s in the middle.
  std::vector<TrackSample> run;
  double metres = 0;
  for (int t = 0; t <= 1800; ++t) {
    if (t > 0) metres += (t > 600 && t <= 800) ? 6.0 : 4.0;
    run.push_back({.time_ms = kStart + t * 1000LL, .latitude = 0.0, .longitude = metres / kMetresPerDegreeAtEquator});
  }
  TrackStats st = track_stats(run, SportFamily::running);
  auto efforts = best_efforts(run, st);
  REQUIRE(efforts.size() == 4);  // 400 m, 1 km, 1 mile, 5 km; not 10 km
  CHECK(efforts[0].name == "400 m");
  CHECK(efforts[0].seconds == doctest::Approx(400.0 / 6).epsilon(1e-6));
  CHECK(efforts[1].seconds == doctest::Approx(1000.0 / 6).epsilon(1e-6));
  // A mile: 1200 m at 6 m/s and 409.344 m at 4 m/s.
  CHECK(efforts[2].seconds == doctest::Approx(200 + 409.344 / 4).epsilon(1e-6));
  CHECK(efforts[3].name == "5 km");
  CHECK(efforts[3].start_ms >= kStart);
}

TEST_CASE("track stats: best 5, 20 and 60 minute power, and time in zones") {
  std::vector<TrackSample> ride;
  for (int t = 0; t <= 7200; ++t)
    ride.push_back({.time_ms = kStart + t * 1000LL, .heart_rate_bpm = t < 3600 ? 130.0 : 170.0,
                    .power_w = (t >= 1800 && t < 3000) ? 300.0 : 200.0});
  auto best = best_powers(ride);
  REQUIRE(best.size() == 3);
  CHECK(best[0].window_s == 300);
  CHECK(best[0].watts == doctest::Approx(300));
  CHECK(best[1].watts == doctest::Approx(300));
  CHECK(best[1].start_ms == kStart + 1800 * 1000LL);
  CHECK(best[2].watts == doctest::Approx((1200 * 300.0 + 2400 * 200.0) / 3600).epsilon(1e-6));

  const std::vector<double> hr_bounds{120, 150, 180};
  auto hr = time_in_zones(ride, hr_bounds, true);
  REQUIRE(hr.size() == 4);
  CHECK(hr[0] == 0);
  CHECK(hr[1] == 3600);
  CHECK(hr[2] == 3600);
  CHECK(hr[3] == 0);
  const std::vector<double> power_bounds{250};
  auto power = time_in_zones(ride, power_bounds, false);
  CHECK(power[0] == 6000);
  CHECK(power[1] == 1200);

  std::vector<TrackSample> no_power = equator_run(4000, 3.0);
  CHECK(best_powers(no_power).empty());
  CHECK(best_powers(equator_run(100, 3.0)).empty());
}
