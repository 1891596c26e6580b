#include "formats/tcx_reader.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

#include "formats/xml_stream.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats {

namespace {

constexpr std::string_view kTcxNamespace = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

// TCX's own elements: in its namespace, or in none (files written by hand).
bool is_tcx_namespace(std::string_view ns) noexcept { return ns.empty() || ns == kTcxNamespace; }

enum TcxTag : XmlTag {
  kDatabase = 2,
  kActivities,
  kMultiSport,  // MultiSportSession, FirstSport, NextSport: they hold activities
  kActivity,
  kLap,
  kLapAverageHeartRate,
  kLapMaximumHeartRate,
  kLapExtensions,  // a lap's `Extensions` and any container inside (LX)
  kTrack,
  kTrackpoint,
  kPosition,
  kPointHeartRate,
  kPointExtensions,  // a trackpoint's `Extensions` and any container inside (TPX)
  kCreator,
  kLapTotalTime = kCollectText | 32,
  kLapDistance,
  kLapMaximumSpeed,
  kLapCalories,
  kLapCadence,
  kLapAverageHeartRateValue,
  kLapMaximumHeartRateValue,
  kLapAverageSpeed,
  kLapAverageRunCadence,
  kLapAveragePower,
  kLapMaximumPower,
  kTime,
  kLatitude,
  kLongitude,
  kAltitude,
  kPointDistance,
  kPointHeartRateValue,
  kPointCadence,
  kPointSpeed,
  kPointPower,
  kPointRunCadence,
  kCreatorName,
  kCreatorUnitId,
};

// Extension fields by local name, whatever the namespace: ActivityExtension v2 (LX, TPX) as
// Garmin writes it, under another prefix, or with none.
XmlTag lap_extension_tag(std::string_view local) noexcept {
  if (local == "AvgSpeed") return kLapAverageSpeed;
  if (local == "AvgRunCadence") return kLapAverageRunCadence;
  if (local == "AvgWatts") return kLapAveragePower;
  if (local == "MaxWatts") return kLapMaximumPower;
  return kLapExtensions;
}

XmlTag point_extension_tag(std::string_view local) noexcept {
  if (local == "Speed") return kPointSpeed;
  if (local == "Watts") return kPointPower;
  if (local == "RunCadence") return kPointRunCadence;
  return kPointExtensions;
}

// `tag` when the name matched, else the element is skipped.
constexpr XmlTag either(bool matched, XmlTag tag) noexcept { return matched ? tag : kIgnoredTag; }

void add_to(std::optional<double>& total, const std::optional<double>& value) {
  if (value) total = total.value_or(0) + *value;
}

void max_into(std::optional<double>& maximum, const std::optional<double>& value) {
  if (value && (!maximum || *value > *maximum)) maximum = value;
}

class TcxHandler final : public XmlHandler {
 public:
  explicit TcxHandler(ActivitySink& sink) : sink_(sink) {}

  XmlTag start(XmlTag parent, const XmlName& name, const char** attributes) override {
    if (parent == kLapExtensions) return lap_extension_tag(name.local);
    if (parent == kPointExtensions) return point_extension_tag(name.local);
    if (parent == kDocumentTag) {
      if (name.local != "TrainingCenterDatabase" || !is_tcx_namespace(name.ns))
        refuse_xml("not a TCX v2 document: the root element is " + describe_xml_name(name));
      return kDatabase;
    }
    if (!is_tcx_namespace(name.ns)) return kIgnoredTag;
    const std::string_view n = name.local;
    switch (parent) {
      case kDatabase: return either(n == "Activities", kActivities);  // not Courses, Workouts, ...
      case kActivities:
      case kMultiSport:
        if (n == "Activity") {
          start_activity(attributes);
          return kActivity;
        }
        return either(n == "MultiSportSession" || n == "FirstSport" || n == "NextSport", kMultiSport);
      case kActivity:
        if (n == "Lap") {
          start_lap(attributes);
          return kLap;
        }
        if (n == "Creator") {
          device_ = Device{};
          return kCreator;
        }
        return kIgnoredTag;
      case kLap: {
        const XmlTag tag = lap_child_tag(n);
        if (tag == kTrack) sink_.on_segment();
        return tag;
      }
      case kLapAverageHeartRate: return either(n == "Value", kLapAverageHeartRateValue);
      case kLapMaximumHeartRate: return either(n == "Value", kLapMaximumHeartRateValue);
      case kTrack:
        if (n != "Trackpoint") return kIgnoredTag;
        point_ = TrackPoint{};
        point_run_cadence_.reset();
        return kTrackpoint;
      case kTrackpoint: return trackpoint_child_tag(n);
      case kPosition:
        if (n == "LatitudeDegrees") return kLatitude;
        return either(n == "LongitudeDegrees", kLongitude);
      case kPointHeartRate: return either(n == "Value", kPointHeartRateValue);
      case kCreator:
        if (n == "Name") return kCreatorName;
        return either(n == "UnitId", kCreatorUnitId);
      default: return kIgnoredTag;
    }
  }

  void end(XmlTag tag, std::string_view text) override {
    switch (tag) {
      case kActivity: sink_.on_session(session_); break;
      case kLap: end_lap(); break;
      case kLapTotalTime: lap_.elapsed_s = read_number_field("TotalTimeSeconds", text); break;
      case kLapDistance: lap_.distance_m = read_number_field("DistanceMeters", text); break;
      case kLapMaximumSpeed: lap_.max_speed_mps = read_number_field("MaximumSpeed", text); break;
      case kLapCalories: lap_.calories_kcal = read_number_field("Calories", text); break;
      case kLapCadence: lap_.avg_cadence_rpm = read_number_field("Cadence", text); break;
      case kLapAverageHeartRateValue: lap_.avg_heart_rate_bpm = read_number_field("AverageHeartRateBpm", text); break;
      case kLapMaximumHeartRateValue: lap_.max_heart_rate_bpm = read_number_field("MaximumHeartRateBpm", text); break;
      case kLapAverageSpeed: lap_.avg_speed_mps = read_number_field("AvgSpeed", text); break;
      case kLapAverageRunCadence: lap_run_cadence_ = read_number_field("AvgRunCadence", text); break;
      case kLapAveragePower: lap_.avg_power_w = read_number_field("AvgWatts", text); break;
      case kLapMaximumPower: lap_.max_power_w = read_number_field("MaxWatts", text); break;
      case kTrackpoint:
        if (!point_.cadence_rpm) point_.cadence_rpm = point_run_cadence_;
        sink_.on_point(point_);
        break;
      case kTime: point_.time_ms = read_time_field("Time", text); break;
      case kPosition:
        if (point_.latitude && !point_.longitude) refuse_xml("Position without LongitudeDegrees");
        if (!point_.latitude && point_.longitude) refuse_xml("Position without LatitudeDegrees");
        break;
      case kLatitude: point_.latitude = read_coordinate_field("latitude", text, 90); break;
      case kLongitude: point_.longitude = read_coordinate_field("longitude", text, 180); break;
      case kAltitude: point_.elevation_m = read_number_field("AltitudeMeters", text); break;
      case kPointDistance: point_.distance_m = read_number_field("DistanceMeters", text); break;
      case kPointHeartRateValue: point_.heart_rate_bpm = read_number_field("HeartRateBpm", text); break;
      case kPointCadence: point_.cadence_rpm = read_number_field("Cadence", text); break;
      case kPointSpeed: point_.speed_mps = read_number_field("Speed", text); break;
      case kPointPower: point_.power_w = read_number_field("Watts", text); break;
      case kPointRunCadence: point_run_cadence_ = read_number_field("RunCadence", text); break;
      case kCreator: sink_.on_device(device_); break;
      case kCreatorName: device_.product.assign(trim_xml_space(text)); break;
      case kCreatorUnitId: device_.serial_number = read_unit_id(text); break;
      default: break;
    }
  }

 private:
  static XmlTag lap_child_tag(std::string_view n) noexcept {
    if (n == "Track") return kTrack;
    if (n == "TotalTimeSeconds") return kLapTotalTime;
    if (n == "DistanceMeters") return kLapDistance;
    if (n == "MaximumSpeed") return kLapMaximumSpeed;
    if (n == "Calories") return kLapCalories;
    if (n == "AverageHeartRateBpm") return kLapAverageHeartRate;
    if (n == "MaximumHeartRateBpm") return kLapMaximumHeartRate;
    if (n == "Cadence") return kLapCadence;
    if (n == "Extensions") return kLapExtensions;
    return kIgnoredTag;  // Intensity, TriggerMethod, Notes
  }

  static XmlTag trackpoint_child_tag(std::string_view n) noexcept {
    if (n == "Time") return kTime;
    if (n == "Position") return kPosition;
    if (n == "AltitudeMeters") return kAltitude;
    if (n == "DistanceMeters") return kPointDistance;
    if (n == "HeartRateBpm") return kPointHeartRate;
    if (n == "Cadence") return kPointCadence;
    if (n == "Extensions") return kPointExtensions;
    return kIgnoredTag;  // SensorState
  }

  // The device's serial number: an unsignedInt; anything else is left out, not refused.
  static std::optional<std::uint32_t> read_unit_id(std::string_view text) noexcept {
    const auto t = trim_xml_space(text);
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    return value;
  }

  void start_activity(const char** attributes) {
    const char* sport = xml_attribute(attributes, "Sport");
    const std::string_view written = sport ? trim_xml_space(sport) : std::string_view();
    session_ = Summary{};
    session_.sport.assign(written);
    std::transform(session_.sport.begin(), session_.sport.end(), session_.sport.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    sink_.on_track(written);
  }

  void start_lap(const char** attributes) {
    lap_ = Summary{};
    lap_.sport = session_.sport;
    lap_run_cadence_.reset();
    if (const char* start = xml_attribute(attributes, "StartTime")) lap_.start_ms = read_time_field("Lap StartTime", start);
  }

  // The session is the sum of its laps (TCX has no activity totals of its own).
  void end_lap() {
    if (!lap_.avg_cadence_rpm) lap_.avg_cadence_rpm = lap_run_cadence_;
    sink_.on_lap(lap_);
    if (!session_.start_ms) session_.start_ms = lap_.start_ms;
    add_to(session_.elapsed_s, lap_.elapsed_s);
    add_to(session_.distance_m, lap_.distance_m);
    add_to(session_.calories_kcal, lap_.calories_kcal);
    max_into(session_.max_heart_rate_bpm, lap_.max_heart_rate_bpm);
    max_into(session_.max_speed_mps, lap_.max_speed_mps);
    max_into(session_.max_power_w, lap_.max_power_w);
  }

  ActivitySink& sink_;
  TrackPoint point_;
  std::optional<double> point_run_cadence_;
  Summary lap_;
  std::optional<double> lap_run_cadence_;
  Summary session_;
  Device device_;
};

}  // namespace

void read_tcx(ByteSource& in, ActivitySink& out) {
  TcxHandler handler(out);
  XmlStream stream("TCX", handler);
  stream.parse(in);
}

}  // namespace fitkit::formats
