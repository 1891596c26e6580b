#include "formats/track_writers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "core/time_format.hpp"

namespace fitkit::formats {
namespace {

bool has_position(const TrackPoint& p) {
  return p.latitude && p.longitude && std::isfinite(*p.latitude) && std::isfinite(*p.longitude);
}

void append_number(std::string& out, double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  out += buf;
}

// <tag>value</tag>, the number with `decimals` places.
void append_element(std::string& out, std::string_view tag, double value, int decimals) {
  ((out += '<') += tag) += '>';
  append_number(out, value, decimals);
  ((out += "</") += tag) += '>';
}

// XML 1.0 text or attribute content: the five escapes; control characters XML cannot hold
// (and bytes of broken UTF-8 are left to the caller, which stores valid UTF-8) are dropped.
void append_xml(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(c);
    }
  }
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// The points of each segment, as index ranges [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> segments_of(const TrackDocument& doc) {
  std::vector<std::size_t> starts(doc.segment_starts.begin(), doc.segment_starts.end());
  starts.push_back(0);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t k = 0; k < starts.size() && starts[k] < doc.points.size(); ++k) {
    const std::size_t end = k + 1 < starts.size() ? std::min(starts[k + 1], doc.points.size()) : doc.points.size();
    out.emplace_back(starts[k], end);
  }
  return out;
}

void polyline_value(std::string& out, long long delta) {
  unsigned long long v = delta < 0 ? ~(static_cast<unsigned long long>(delta) << 1)
                                   : static_cast<unsigned long long>(delta) << 1;
  while (v >= 0x20) {
    out.push_back(static_cast<char>((0x20 | (v & 0x1f)) + 63));
    v >>= 5;
  }
  out.push_back(static_cast<char>(v + 63));
}

}  // namespace

std::string write_gpx(const TrackDocument& doc) {
  std::string out;
  out.reserve(200 + doc.points.size() * 160);
  out += R"(<?xml version="1.0" encoding="UTF-8"?>)"
         "\n"
         R"(<gpx version="1.1" creator="fitkit" xmlns="http://www.topografix.com/GPX/1/1" )"
         R"(xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" )"
         R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
         R"(xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">)"
         "\n";
  const auto first_time = std::find_if(doc.points.begin(), doc.points.end(), [](auto& p) { return p.time_ms; });
  if (first_time != doc.points.end())
    (out += " <metadata><time>") += format_utc(*first_time->time_ms) += "</time></metadata>\n";
  out += " <trk>\n  <name>";
  append_xml(out, doc.name);
  out += "</name>\n";
  if (!doc.description.empty()) {
    out += "  <desc>";
    append_xml(out, doc.description);
    out += "</desc>\n";
  }
  if (!doc.type.empty()) {
    out += "  <type>";
    append_xml(out, doc.type);
    out += "</type>\n";
  }
  for (const auto& [begin, end] : segments_of(doc)) {
    out += "  <trkseg>\n";
    for (std::size_t i = begin; i < end; ++i) {
      const TrackPoint& p = doc.points[i];
      if (!has_position(p)) continue;
      out += "   <trkpt lat=\"";
      append_number(out, *p.latitude, 7);
      out += "\" lon=\"";
      append_number(out, *p.longitude, 7);
      out += "\">";
      if (p.elevation_m) append_element(out, "ele", *p.elevation_m, 1);
      if (p.time_ms) (out += "<time>") += format_utc(*p.time_ms) += "</time>";
      if (p.heart_rate_bpm || p.cadence_rpm || p.temperature_c) {
        out += "<extensions><gpxtpx:TrackPointExtension>";
        if (p.temperature_c) append_element(out, "gpxtpx:atemp", *p.temperature_c, 1);
        if (p.heart_rate_bpm) append_element(out, "gpxtpx:hr", std::round(*p.heart_rate_bpm), 0);
        if (p.cadence_rpm) append_element(out, "gpxtpx:cad", std::round(*p.cadence_rpm), 0);
        out += "</gpxtpx:TrackPointExtension></extensions>";
      }
      out += "</trkpt>\n";
    }
    out += "  </trkseg>\n";
  }
  out += " </trk>\n</gpx>\n";
  return out;
}

std::string write_tcx(const TrackDocument& doc, std::string_view tcx_sport) {
  std::string out;
  out.reserve(400 + doc.points.size() * 220);
  out += R"(<?xml version="1.0" encoding="UTF-8"?>)"
         "\n"
         R"(<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" )"
         R"(xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">)"
         "\n <Activities>\n  <Activity Sport=\"";
  append_xml(out, tcx_sport);
  out += "\">\n";
  const auto timed = [](const TrackPoint& p) { return p.time_ms.has_value(); };
  const auto first = std::find_if(doc.points.begin(), doc.points.end(), timed);
  if (first != doc.points.end()) (out += "   <Id>") += format_utc(*first->time_ms) += "</Id>\n";
  for (const auto& [begin, end] : segments_of(doc)) {
    const auto segment = doc.points.subspan(begin, end - begin);
    const auto lap_first = std::find_if(segment.begin(), segment.end(), timed);
    if (lap_first == segment.end()) continue;  // TCX has no place for a lap without a time
    const auto lap_last = std::find_if(segment.rbegin(), segment.rend(), timed);
    double first_distance = -1, last_distance = 0;
    for (const TrackPoint& p : segment)
      if (p.distance_m) {
        if (first_distance < 0) first_distance = *p.distance_m;
        last_distance = *p.distance_m;
      }
    (out += "   <Lap StartTime=\"") += format_utc(*lap_first->time_ms) += "\">\n    <TotalTimeSeconds>";
    append_number(out, static_cast<double>(*lap_last->time_ms - *lap_first->time_ms) / 1000.0, 1);
    out += "</TotalTimeSeconds>\n    <DistanceMeters>";
    append_number(out, first_distance < 0 ? 0.0 : last_distance - first_distance, 1);
    out += "</DistanceMeters>\n    <Calories>0</Calories>\n    <Intensity>Active</Intensity>\n"
           "    <TriggerMethod>Manual</TriggerMethod>\n    <Track>\n";
    for (const TrackPoint& p : segment) {
      if (!p.time_ms) continue;
      (out += "     <Trackpoint><Time>") += format_utc(*p.time_ms) += "</Time>";
      if (has_position(p)) {
        out += "<Position><LatitudeDegrees>";
        append_number(out, *p.latitude, 7);
        out += "</LatitudeDegrees><LongitudeDegrees>";
        append_number(out, *p.longitude, 7);
        out += "</LongitudeDegrees></Position>";
      }
      if (p.elevation_m) append_element(out, "AltitudeMeters", *p.elevation_m, 1);
      if (p.distance_m) append_element(out, "DistanceMeters", *p.distance_m, 1);
      if (p.heart_rate_bpm) {
        out += "<HeartRateBpm><Value>";
        append_number(out, std::round(*p.heart_rate_bpm), 0);
        out += "</Value></HeartRateBpm>";
      }
      if (p.cadence_rpm) append_element(out, "Cadence", std::clamp(std::round(*p.cadence_rpm), 0.0, 254.0), 0);
      if (p.power_w || p.speed_mps) {
        out += "<Extensions><ns3:TPX>";
        if (p.speed_mps) append_element(out, "ns3:Speed", *p.speed_mps, 3);
        if (p.power_w) append_element(out, "ns3:Watts", std::round(*p.power_w), 0);
        out += "</ns3:TPX></Extensions>";
      }
      out += "</Trackpoint>\n";
    }
    out += "    </Track>\n   </Lap>\n";
  }
  out += "   <Creator xsi:type=\"Device_t\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
         "<Name>fitkit</Name></Creator>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n";
  return out;
}

std::string write_geojson(const TrackDocument& doc) {
  std::string coords = "[", times = "[";
  bool first_line = true;
  for (const auto& [begin, end] : segments_of(doc)) {
    std::string line = "[", line_times = "[";
    bool first = true;
    for (std::size_t i = begin; i < end; ++i) {
      const TrackPoint& p = doc.points[i];
      if (!has_position(p)) continue;
      if (!first) {
        line.push_back(',');
        line_times.push_back(',');
      }
      first = false;
      line.push_back('[');
      append_number(line, *p.longitude, 7);
      line.push_back(',');
      append_number(line, *p.latitude, 7);
      if (p.elevation_m) {
        line.push_back(',');
        append_number(line, *p.elevation_m, 1);
      }
      line.push_back(']');
      if (p.time_ms) append_json_string(line_times, format_utc(*p.time_ms));
      else line_times += "null";
    }
    if (first) continue;  // a segment without positions draws nothing
    if (!first_line) {
      coords.push_back(',');
      times.push_back(',');
    }
    first_line = false;
    (coords += line) += ']';
    (times += line_times) += ']';
  }
  coords += ']';
  times += ']';
  std::string out = R"({"type":"Feature","geometry":{"type":"MultiLineString","coordinates":)";
  out += coords;
  out += R"(},"properties":{"name":)";
  append_json_string(out, doc.name);
  out += R"(,"sport":)";
  append_json_string(out, doc.type);
  out += R"(,"coordTimes":)";
  out += times;
  out += "}}";
  return out;
}

std::string encode_polyline(std::span<const TrackPoint> points) {
  std::string out;
  long long last_lat = 0, last_lon = 0;
  for (const TrackPoint& p : points) {
    if (!has_position(p)) continue;
    const long long lat = std::llround(*p.latitude * 1e5);
    const long long lon = std::llround(*p.longitude * 1e5);
    polyline_value(out, lat - last_lat);
    polyline_value(out, lon - last_lon);
    last_lat = lat;
    last_lon = lon;
  }
  return out;
}

}  // namespace fitkit::formats
