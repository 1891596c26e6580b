// A workout's training load (TRIMP) from its owner's heart-rate range: from the track's heart
// rate where there is one, else from the average heart rate and the duration.
#pragma once

#include <optional>
#include <span>

#include "fitkit/storage.hpp"
#include "fitkit/workouts.hpp"
#include "workouts/track_stats.hpp"

namespace fitkit::workouts {

// Sets w.trimp, or clears it when the owner's resting and maximum heart rate are not known or
// the workout has no heart rate. `samples` may be empty.
void compute_trimp(storage::Connection& c, Workout& w, std::span<const TrackSample> samples, std::int64_t now_ms);

}  // namespace fitkit::workouts
