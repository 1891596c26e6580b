// The closed list of sports a workout can be: each with its family, whether a distance and a
// GPS track make sense for it, and the speed under which its track counts as standing still.
// The names that activity files and other services use are mapped onto it here, in one place.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace fitkit::workouts {

enum class SportFamily {
  running,
  walking,
  cycling,
  swimming,
  paddling,  // rowing, kayak, canoe, stand-up paddle
  winter,    // skiing, snowboard, snowshoe, skating
  fitness,   // strength, yoga, HIIT, gym machines
  climbing,
  team,      // ball and racket games
  other,
};

std::string_view to_string(SportFamily family) noexcept;

struct Sport {
  std::string_view id;    // "trail_run": what the API and the database use
  std::string_view name;  // "Trail run": for people (English)
  SportFamily family;
  bool has_distance;  // a distance means something (a run) or not (yoga)
  bool has_track;     // a GPS track is expected (outdoors and moving)
};

// Every sport, in the order of the documentation (docs/workouts.md).
std::span<const Sport> sports() noexcept;

// The sport of an id, or null.
const Sport* find_sport(std::string_view id) noexcept;

// Below this speed, in metres per second, a point of the track counts as standing still when
// moving time is computed. Documented per family in docs/workouts.md.
double moving_speed_threshold(SportFamily family) noexcept;

// The sport of a FIT file's `sport` and `sub_sport` names ("running", "trail"), of a TCX
// `Sport` attribute ("Biking"), or of a GPX `type` ("hiking"): an id, or empty when unknown.
std::optional<std::string_view> sport_from_file(std::string_view sport, std::string_view sub_sport = {}) noexcept;

// The sport of a Strava activity type as its account export writes it ("Run", "VirtualRide",
// "Mountain Bike Ride"), or empty when unknown.
std::optional<std::string_view> sport_from_strava(std::string_view type) noexcept;

}  // namespace fitkit::workouts
