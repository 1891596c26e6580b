#include "formats/gpx_reader.hpp"

#include <string>
#include <string_view>

#include "formats/xml_stream.hpp"
#include "formats/xml_values.hpp"

namespace fitkit::formats {

namespace {

constexpr std::string_view kGpx10Namespace = "http://www.topografix.com/GPX/1/0";
constexpr std::string_view kGpx11Namespace = "http://www.topografix.com/GPX/1/1";

// GPX's own elements: in either version's namespace, or in none (files written by hand).
bool is_gpx_namespace(std::string_view ns) noexcept {
  return ns.empty() || ns == kGpx11Namespace || ns == kGpx10Namespace;
}

enum GpxTag : XmlTag {
  kGpx = 2,
  kTrk,
  kTrkseg,
  kTrkpt,
  kPointExtensions,  // a trkpt's `extensions` and any container inside it
  kTrackName = kCollectText | 16,
  kElevation,
  kTime,
  kSpeed,
  kHeartRate,
  kCadence,
  kAirTemperature,
  kWaterTemperature,
  kPower,
  kTrackType,
};

// A point's extension field by its local name, whatever its namespace: Garmin's
// TrackPointExtension v1/v2 (hr, cad, atemp, wtemp, speed), Garmin's GpxExtensions v3
// (Temperature), PowerExtension (PowerInWatts), Cluetrust gpxdata (hr, cadence, temp), and
// the same names without a namespace (power, heartrate). Writers disagree on the URIs.
XmlTag extension_tag(std::string_view local) noexcept {
  if (local == "hr" || local == "heartrate") return kHeartRate;
  if (local == "cad" || local == "cadence") return kCadence;
  if (local == "atemp" || local == "temp" || local == "Temperature") return kAirTemperature;
  if (local == "wtemp") return kWaterTemperature;
  if (local == "speed") return kSpeed;
  if (local == "power" || local == "PowerInWatts") return kPower;
  return kPointExtensions;  // a container (gpxtpx:TrackPointExtension) or a field we skip
}

class GpxHandler final : public XmlHandler {
 public:
  explicit GpxHandler(ActivitySink& sink) : sink_(sink) {}

  XmlTag start(XmlTag parent, const XmlName& name, const char** attributes) override {
    switch (parent) {
      case kDocumentTag:
        if (name.local != "gpx" || !is_gpx_namespace(name.ns))
          refuse_xml("not a GPX 1.0 or 1.1 document: the root element is " + describe_xml_name(name));
        start_document(attributes);
        return kGpx;
      case kGpx:
        if (!is_gpx_namespace(name.ns) || name.local != "trk") return kIgnoredTag;  // wpt, rte, metadata
        track_name_.clear();
        track_pending_ = true;
        return kTrk;
      case kTrk:
        if (!is_gpx_namespace(name.ns)) return kIgnoredTag;
        if (name.local == "name") return kTrackName;
        if (name.local == "type") return kTrackType;
        if (name.local != "trkseg") return kIgnoredTag;
        announce_track();
        sink_.on_segment();
        return kTrkseg;
      case kTrkseg:
        if (!is_gpx_namespace(name.ns) || name.local != "trkpt") return kIgnoredTag;
        start_point(attributes);
        return kTrkpt;
      case kTrkpt:
        if (!is_gpx_namespace(name.ns)) return kIgnoredTag;
        if (name.local == "ele") return kElevation;
        if (name.local == "time") return kTime;
        if (name.local == "speed") return kSpeed;  // GPX 1.0
        if (name.local == "extensions") return kPointExtensions;
        return kIgnoredTag;
      case kPointExtensions:
        return extension_tag(name.local);
      default:
        return kIgnoredTag;
    }
  }

  void end(XmlTag tag, std::string_view text) override {
    switch (tag) {
      case kTrackName: track_name_.assign(trim_xml_space(text)); break;
      case kTrackType: sink_.on_sport(trim_xml_space(text)); break;
      case kTrk: announce_track(); break;
      case kTrkpt: sink_.on_point(point_); break;
      case kElevation: point_.elevation_m = read_number_field("elevation", text); break;
      case kTime: point_.time_ms = read_time_field("time", text); break;
      case kSpeed: point_.speed_mps = read_number_field("speed", text); break;
      case kHeartRate: point_.heart_rate_bpm = read_number_field("heart rate", text); break;
      case kCadence: point_.cadence_rpm = read_number_field("cadence", text); break;
      case kPower: point_.power_w = read_number_field("power", text); break;
      case kAirTemperature:
        point_.temperature_c = read_number_field("temperature", text);
        point_has_air_temperature_ = point_.temperature_c.has_value();
        break;
      case kWaterTemperature:  // a point has one temperature: the air's when both are given
        if (auto water = read_number_field("water temperature", text); water && !point_has_air_temperature_)
          point_.temperature_c = water;
        break;
      default: break;
    }
  }

 private:
  void start_document(const char** attributes) {
    const char* creator = xml_attribute(attributes, "creator");
    if (!creator) return;
    const auto product = trim_xml_space(creator);
    if (product.empty()) return;
    Device device;
    device.product.assign(product);
    sink_.on_device(device);
  }

  // A track is announced once its name is known: at its first segment or at its end.
  void announce_track() {
    if (!track_pending_) return;
    track_pending_ = false;
    sink_.on_track(track_name_);
  }

  void start_point(const char** attributes) {
    point_ = TrackPoint{};
    point_has_air_temperature_ = false;
    const char* lat = xml_attribute(attributes, "lat");
    const char* lon = xml_attribute(attributes, "lon");
    if (!lat) refuse_xml("trkpt without lat");
    if (!lon) refuse_xml("trkpt without lon");
    point_.latitude = read_coordinate_field("latitude", lat, 90);
    point_.longitude = read_coordinate_field("longitude", lon, 180);
  }

  ActivitySink& sink_;
  TrackPoint point_;
  bool point_has_air_temperature_ = false;
  std::string track_name_;
  bool track_pending_ = false;
};

}  // namespace

void read_gpx(ByteSource& in, ActivitySink& out) {
  GpxHandler handler(out);
  XmlStream stream("GPX", handler);
  stream.parse(in);
}

}  // namespace fitkit::formats
