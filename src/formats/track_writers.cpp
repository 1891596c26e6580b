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
      if (p.elevation_m) {
        out += "<ele>";
        append_number(out, *p.elevation_m, 1);
        out += "</ele>";
      }
      if (p.time_ms) (out += "<time>") += format_utc(*p.time_ms) += "</time>";
      if (p.heart_rate_bpm || p.cadence_rpm || p.temperature_c) {
        out += "<extensions><gpxtpx:TrackPointExtension>";
        if (p.temperature_c) {
          out += "<gpxtpx:atemp>";
          append_number(out, *p.temperature_c, 1);
          out += "</gpxtpx:atemp>";
        }
        if (p.heart_rate_bpm) {
          out += "<gpxtpx:hr>";
          append_number(out, std::round(*p.heart_rate_bpm), 0);
          out += "</gpxtpx:hr>";
        }
        if (p.cadence_rpm) {
          out += "<gpxtpx:cad>";
          append_number(out, std::round(*p.cadence_rpm), 0);
          out += "</gpxtpx:cad>";
        }
        out += "</gpxtpx:TrackPointExtension></extensions>";
      }
      out += "</trkpt>\n";
    }
    out += "  </trkseg>\n";
  }
  out += " </trk>\n</gpx>\n";
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
