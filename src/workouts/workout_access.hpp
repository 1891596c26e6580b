// Reading a workout as a given viewer: found only if the policy lets them see it, with what its
// owner hides from others taken out, and the track cut by the owner's privacy zones.
#pragma once

#include <cstdint>
#include <optional>

#include "fitkit/storage.hpp"
#include "fitkit/workouts.hpp"
#include "workouts/track_codec.hpp"

namespace fitkit::workouts {

struct VisibleWorkout {
  Workout workout;  // redacted for a viewer other than the owner
  bool owner = false;
  WorkoutSettings owner_settings;
};

// Throws not_found ("no such workout") unless the viewer may see it: the same answer as for
// an id that does not exist, so that a private workout's existence does not leak.
VisibleWorkout load_visible(storage::Connection& c, const Actor& viewer, std::int64_t id);

// Takes out what the owner hides from others: heart rate (and the load computed from it),
// calories, gear, the file's name; marks whether the track may be drawn.
void redact(Workout& w, const WorkoutSettings& owner_settings, bool owner);

// The track the viewer may see: all of it for the owner; nothing when the owner hides the
// map; else without the privacy zones and hidden ends; heart rate left out when hidden.
// Empty when the workout has none.
StoredTrack visible_track(storage::Connection& c, const VisibleWorkout& v);

}  // namespace fitkit::workouts
