// The stored form of a track: small enough that a user's whole history stays cheap to keep.
// Each field is a column of integers at a fixed resolution (1 ms, 1e-7 degree, 1 dm, ...),
// delta-encoded (twice for the smooth ones: time, position, elevation, distance), written as
// zigzag varints and deflated. Pure: points in, bytes out, and back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "formats/activity.hpp"

namespace fitkit::workouts {

// A workout holds at most this many points (69 hours at one a second), which bounds the
// memory an import takes whatever the file's size.
inline constexpr std::size_t kMaxTrackPoints = 250'000;

struct StoredTrack {
  std::vector<formats::TrackPoint> points;
  std::vector<std::size_t> segment_starts;  // indices of points that begin a segment after a pause
};

// Values are rounded to the resolution above; more than kMaxTrackPoints is an internal error
// (importers refuse such files first).
std::string encode_track(const StoredTrack& track);
// Throws Error(internal) for bytes that encode_track did not make.
StoredTrack decode_track(std::string_view bytes);

}  // namespace fitkit::workouts
