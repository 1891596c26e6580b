// What others may see of a track: nothing inside the owner's privacy zones (a home, a
// workplace), nothing of the first and last stretch when the owner hides them, and no line
// drawn across a hidden part — the lesson of the 2018 heatmap that showed where people live
// and work. Pure: the owner's settings and a track in, the track others see out.
#pragma once

#include <span>
#include <vector>

#include "workouts/track_stats.hpp"

namespace fitkit::workouts {

inline constexpr double kPrivacyZoneMinRadiusM = 100;
inline constexpr double kPrivacyZoneMaxRadiusM = 1000;
inline constexpr double kHideEndsMaxM = 2000;

struct PrivacyZone {
  double latitude = 0;
  double longitude = 0;
  double radius_m = 0;
};

struct TrackPrivacy {
  std::vector<PrivacyZone> zones;
  double hide_start_m = 0;  // along the track, from its first point
  double hide_end_m = 0;    // from its last point back
};

// Throws Error(invalid_argument) naming the field for a centre off the globe or a radius
// outside 100–1000 m, and for hidden ends outside 0–2000 m.
void check_privacy(const TrackPrivacy& privacy);

// The samples others may see, in order; the first one after a hidden stretch starts a new
// segment, so that no line joins the two sides. `cumulative_m` is TrackStats::cumulative_m.
std::vector<TrackSample> public_track(std::span<const TrackSample> samples, std::span<const double> cumulative_m,
                                      const TrackPrivacy& privacy);

}  // namespace fitkit::workouts
