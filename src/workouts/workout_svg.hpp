// Pictures of a workout, drawn here with no map tiles and no network: the route as a line in
// its own bounding box, and the profile (elevation, heart rate) over distance. SVG 1.1 text.
#pragma once

#include <span>
#include <string>

#include "formats/activity.hpp"

namespace fitkit::workouts {

// The route: one path per segment in an equirectangular projection (longitudes shrunk by the
// cosine of the middle latitude), start and finish marked. A track with no positions gives a
// picture that says so.
std::string draw_route_svg(std::span<const formats::TrackPoint> points, std::span<const std::size_t> segment_starts);

// Elevation as a filled area and heart rate as a line over `distance_m` (one per point, the
// distance covered up to it), each on its own scale with its range written beside it.
std::string draw_profile_svg(std::span<const formats::TrackPoint> points, std::span<const double> distance_m);

}  // namespace fitkit::workouts
