#include <doctest/doctest.h>

#include <cmath>

#include "fitkit/error.hpp"
#include "workouts/track_codec.hpp"

using fitkit::workouts::decode_track;
using fitkit::workouts::encode_track;
using fitkit::workouts::StoredTrack;

namespace {

// An hour at one point a second: a run along a gently curving road, heart rate drifting up.
StoredTrack hour_run() {
  StoredTrack t;
  for (int i = 0; i < 3600; ++i) {
    fitkit::formats::TrackPoint p;
    p.time_ms = 1'700'000'000'000 + i * 1000LL;
    p.latitude = 59.9 + i * 2.5e-5 + 1e-4 * std::sin(i / 300.0);
    p.longitude = 30.3 + i * 1.5e-5;
    p.elevation_m = 20 + 5 * std::sin(i / 120.0);
    p.distance_m = i * 3.1;
    p.speed_mps = 3.1 + 0.2 * std::sin(i / 60.0);
    p.heart_rate_bpm = 130 + i / 100;
    p.cadence_rpm = 86 + (i % 3);
    if (i % 7 != 0) p.power_w = 250 + (i % 13);  // a sensor that drops out now and then
    t.points.push_back(p);
  }
  t.segment_starts = {1200, 2400};
  return t;
}

}  // namespace

TEST_CASE("a stored track reads back at its resolution") {
  const auto track = hour_run();
  const auto bytes = encode_track(track);
  const auto back = decode_track(bytes);
  REQUIRE(back.points.size() == track.points.size());
  CHECK(back.segment_starts == track.segment_starts);
  for (std::size_t i = 0; i < track.points.size(); i += 97) {
    CAPTURE(i);
    const auto& a = track.points[i];
    const auto& b = back.points[i];
    CHECK(b.time_ms == a.time_ms);
    CHECK(std::fabs(*b.latitude - *a.latitude) <= 0.5e-7);
    CHECK(std::fabs(*b.longitude - *a.longitude) <= 0.5e-7);
    CHECK(std::fabs(*b.elevation_m - *a.elevation_m) <= 0.05);
    CHECK(std::fabs(*b.distance_m - *a.distance_m) <= 0.05);
    CHECK(std::fabs(*b.speed_mps - *a.speed_mps) <= 0.005);
    CHECK(*b.heart_rate_bpm == *a.heart_rate_bpm);
    CHECK(b.power_w.has_value() == a.power_w.has_value());
    CHECK_FALSE(b.temperature_c.has_value());
  }
  // Compact: a few bytes a point where a FIT record of the same fields takes some thirty.
  CHECK(static_cast<double>(bytes.size()) / 3600.0 < 10.0);
}

TEST_CASE("an empty track and a track of one point read back") {
  CHECK(decode_track(encode_track({})).points.empty());
  StoredTrack one;
  one.points.push_back({});
  one.points[0].heart_rate_bpm = 61;
  const auto back = decode_track(encode_track(one));
  REQUIRE(back.points.size() == 1);
  CHECK(*back.points[0].heart_rate_bpm == 61);
  CHECK_FALSE(back.points[0].time_ms.has_value());
}

TEST_CASE("values that are not finite numbers are stored as absent") {
  StoredTrack t;
  t.points.resize(2);
  t.points[0].elevation_m = std::nan("");
  t.points[1].elevation_m = 1e300;
  const auto back = decode_track(encode_track(t));
  CHECK_FALSE(back.points[0].elevation_m.has_value());
  CHECK_FALSE(back.points[1].elevation_m.has_value());
}

TEST_CASE("damaged track bytes are refused, not misread") {
  const auto bytes = encode_track(hour_run());
  CHECK_THROWS_AS(decode_track(""), fitkit::Error);
  CHECK_THROWS_AS(decode_track("FT1"), fitkit::Error);
  CHECK_THROWS_AS(decode_track(bytes.substr(0, bytes.size() / 2)), fitkit::Error);
  auto flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
  CHECK_THROWS_AS(decode_track(flipped), fitkit::Error);
  CHECK_THROWS_AS(decode_track("XX1" + bytes.substr(3)), fitkit::Error);
}
