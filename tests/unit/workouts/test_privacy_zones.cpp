// Privacy zones and hidden ends: what others see of a track that passes a home.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "fitkit/error.hpp"
#include "workouts/privacy_zones.hpp"

using namespace fitkit;
using namespace fitkit::workouts;

namespace {

constexpr double kMetresPerDegreeAtEquator = 6378137.0 * 3.14159265358979323846 / 180.0;

// 3 km east along the equator, a sample every 10 m.
std::vector<TrackSample> line() {
  std::vector<TrackSample> out;
  for (int i = 0; i <= 300; ++i)
    out.push_back({.time_ms = 1000LL * i, .latitude = 0.0, .longitude = 10.0 * i / kMetresPerDegreeAtEquator});
  return out;
}

}  // namespace

TEST_CASE("privacy zones: points inside a zone are cut, and the line breaks there") {
  auto track = line();
  const TrackStats stats = track_stats(track, SportFamily::running);
  TrackPrivacy privacy;
  privacy.zones.push_back({0.0, 1500.0 / kMetresPerDegreeAtEquator, 205});  // a home at 1.5 km
  auto shown = public_track(track, stats.cumulative_m, privacy);
  CHECK(shown.size() == track.size() - 41);  // the samples from 1300 m to 1700 m
  int breaks = 0;
  for (const auto& s : shown) {
    const double x = *s.longitude * kMetresPerDegreeAtEquator;
    CHECK((x < 1299.9 || x > 1700.1));
    if (s.starts_segment) ++breaks;
  }
  CHECK(breaks == 1);
  CHECK_FALSE(shown.front().starts_segment);
  // The distance others can compute no longer crosses the zone.
  CHECK(track_stats(shown, SportFamily::running).distance_m == doctest::Approx(2580).epsilon(1e-6));
}

TEST_CASE("privacy zones: the start and the finish can be hidden by a distance") {
  auto track = line();
  const TrackStats stats = track_stats(track, SportFamily::running);
  TrackPrivacy privacy;
  privacy.hide_start_m = 500;
  privacy.hide_end_m = 250;
  auto shown = public_track(track, stats.cumulative_m, privacy);
  REQUIRE_FALSE(shown.empty());
  CHECK(*shown.front().longitude * kMetresPerDegreeAtEquator == doctest::Approx(500));
  CHECK(*shown.back().longitude * kMetresPerDegreeAtEquator == doctest::Approx(2750));
  CHECK_FALSE(shown.front().starts_segment);

  // Nothing to hide: the track as it is; hiding more than its length: nothing.
  CHECK(public_track(track, stats.cumulative_m, {}).size() == track.size());
  privacy.hide_start_m = 2000;
  privacy.hide_end_m = 2000;
  CHECK(public_track(track, stats.cumulative_m, privacy).empty());
}

TEST_CASE("privacy zones: bad settings are refused, naming the field") {
  CHECK_NOTHROW(check_privacy({{{59.4, 24.7, 100}, {59.5, 24.8, 1000}}, 0, 2000}));
  CHECK_THROWS_WITH_AS(check_privacy({{{59.4, 24.7, 99}}, 0, 0}), doctest::Contains("100 to 1000"), Error);
  CHECK_THROWS_AS(check_privacy({{{59.4, 24.7, 1001}}, 0, 0}), Error);
  CHECK_THROWS_AS(check_privacy({{{91, 24.7, 200}}, 0, 0}), Error);
  CHECK_THROWS_AS(check_privacy({{{std::nan(""), 24.7, 200}}, 0, 0}), Error);
  CHECK_THROWS_AS(check_privacy({{}, -1, 0}), Error);
  CHECK_THROWS_AS(check_privacy({{}, 0, 2001}), Error);
  try {
    check_privacy({{{0, 0, 200}, {0, 0, 5}}, 0, 0});
    FAIL("accepted a radius of 5 m");
  } catch (const Error& e) {
    CHECK(e.field() == "privacy_zones[1]");
  }
}
