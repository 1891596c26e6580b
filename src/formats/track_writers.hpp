// Writers of a track for other programs: GPX 1.1 (with Garmin's TrackPointExtension for heart
// rate, cadence and temperature), GeoJSON (RFC 7946), and Google's encoded polyline. Pure: a
// track in, text out. Points without a position are left out of GPX tracks, GeoJSON and
// polylines (they have nowhere to be drawn).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "formats/activity.hpp"

namespace fitkit::formats {

struct TrackDocument {
  std::string name;         // the workout's title
  std::string type;         // its sport id, for GPX `type` and GeoJSON `properties.sport`
  std::string description;  // GPX `desc`
  std::span<const TrackPoint> points;
  std::span<const std::size_t> segment_starts;  // indices of points that begin a segment (0 implied)
};

// GPX 1.1, one `trk`, a `trkseg` per segment; text is escaped for XML; characters XML 1.0
// cannot hold are dropped.
std::string write_gpx(const TrackDocument& doc);

// TCX (Training Center Database v2): one Activity of `tcx_sport` ("Running", "Biking" or
// "Other"), a Lap per segment with its time and distance, every point with a time (TCX needs
// one), heart rate as HeartRateBpm, power in the ActivityExtension v2.
std::string write_tcx(const TrackDocument& doc, std::string_view tcx_sport);

// A GeoJSON Feature: a MultiLineString (one line per segment) of [longitude, latitude(,
// elevation)] with the name and sport as properties, and the times as `coordTimes` (one
// array per line, RFC 3339), as other tools read them.
std::string write_geojson(const TrackDocument& doc);

// Google's encoded polyline algorithm format, at 1e-5 degrees (precision 5).
std::string encode_polyline(std::span<const TrackPoint> points);

}  // namespace fitkit::formats
