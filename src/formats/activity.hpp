// What the activity-file readers (FIT, GPX, TCX) produce: a stream of events to a sink, in
// file order, so that a reader holds at most one message or element at a time whatever the
// file's size. Pure data: no database, no units other than SI (metres, seconds, m/s, watts,
// °C) and beats or revolutions per minute; times are UTC epoch milliseconds; positions are
// WGS84 degrees. A field the file does not give is empty, never zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fitkit::formats {

struct TrackPoint {
  std::optional<std::int64_t> time_ms;
  std::optional<double> latitude;   // degrees, -90..90
  std::optional<double> longitude;  // degrees, -180..180
  std::optional<double> elevation_m;
  std::optional<double> distance_m;  // cumulative, as the device recorded it
  std::optional<double> speed_mps;
  std::optional<double> heart_rate_bpm;
  std::optional<double> cadence_rpm;
  std::optional<double> power_w;
  std::optional<double> temperature_c;
};

// A lap (FIT `lap`, TCX `Lap`) or the whole activity (FIT `session`, TCX `Activity`).
struct Summary {
  std::optional<std::int64_t> start_ms;
  std::optional<double> elapsed_s;  // wall time
  std::optional<double> moving_s;   // timer time: without pauses
  std::optional<double> distance_m;
  std::optional<double> ascent_m;
  std::optional<double> descent_m;
  std::optional<double> calories_kcal;
  std::optional<double> avg_heart_rate_bpm;
  std::optional<double> max_heart_rate_bpm;
  std::optional<double> avg_cadence_rpm;
  std::optional<double> avg_power_w;
  std::optional<double> max_power_w;
  std::optional<double> avg_speed_mps;
  std::optional<double> max_speed_mps;
  std::string sport;      // as the file names it, lower case: "running", "cycling", "Biking", ...
  std::string sub_sport;  // FIT only: "trail", "treadmill", "indoor_cycling", ...
};

// Who recorded it: FIT `file_id` / `device_info`, TCX `Creator`, GPX `creator`.
struct Device {
  std::string manufacturer;  // "garmin", "wahoo_fitness", ... or the creator's text
  std::string product;       // a product name or number as text
  std::optional<std::uint32_t> serial_number;
};

// Receives what a reader finds. Every member has a default that ignores it.
class ActivitySink {
 public:
  virtual ~ActivitySink() = default;
  virtual void on_device(const Device&) {}
  // GPX: a `trk` (its name); TCX: an `Activity` (its sport); FIT: once, at the first record.
  virtual void on_track(std::string_view /*name*/) {}
  // A break in the track: a GPX `trkseg`, a TCX `Track`, a FIT timer stop and start.
  virtual void on_segment() {}
  // What the file calls the activity where it says so apart from a session: a GPX track's `type`.
  virtual void on_sport(std::string_view /*sport*/) {}
  virtual void on_point(const TrackPoint&) {}
  virtual void on_lap(const Summary&) {}
  virtual void on_session(const Summary&) {}
  // A FIT `event` (timer start/stop and others), by its names in the profile.
  virtual void on_event(std::int64_t /*time_ms*/, std::string_view /*event*/, std::string_view /*type*/) {}
};

}  // namespace fitkit::formats
