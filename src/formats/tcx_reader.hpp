// TCX, Garmin's Training Center Database v2
// (http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd): activities, their laps,
// tracks and trackpoints, with the ActivityExtension v2 fields (speed, power, run cadence).
// Courses, workouts and folders are plans, not recordings: skipped. See docs/formats.md.
#pragma once

#include "formats/activity.hpp"
#include "formats/byte_source.hpp"

namespace fitkit::formats {

// Reads a TCX document from `in` to `out`, streaming: per `Activity` on_track(sport), per
// `Track` on_segment, per `Trackpoint` on_point, per `Lap` on_lap at the lap's end, per
// `Creator` on_device, and at the activity's end one on_session summing its laps. Throws
// Error::invalid("file", ...) naming the line and column for a document that is not TCX v2,
// not well-formed XML, has a DOCTYPE, an impossible position, or a value that cannot be
// read. Events already sent stay sent.
void read_tcx(ByteSource& in, ActivitySink& out);

}  // namespace fitkit::formats
