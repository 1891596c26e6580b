// GPX 1.1 and 1.0 (https://www.topografix.com/GPX/1/1/): tracks, their segments and points,
// with the Garmin TrackPointExtension fields (v1, v2) and the same fields written in other
// namespaces or none. Routes and waypoints are plans and places, not recordings: skipped.
// See docs/formats.md.
#pragma once

#include "formats/activity.hpp"
#include "formats/byte_source.hpp"

namespace fitkit::formats {

// Reads a GPX document from `in` to `out`, streaming: on_device (the creator), then per `trk`
// on_track(name), per `trkseg` on_segment and per `trkpt` on_point. Throws
// Error::invalid("file", ...) naming the line and column for a document that is not GPX, not
// well-formed XML, has a DOCTYPE, a point without or with an impossible lat/lon, or a value
// that cannot be read. Events already sent stay sent: a caller that must not half-import
// buffers or rolls back.
void read_gpx(ByteSource& in, ActivitySink& out);

}  // namespace fitkit::formats
