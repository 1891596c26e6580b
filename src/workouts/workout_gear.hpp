// The gear a workout was done with, kept in step with the gear domain.
#pragma once

#include <optional>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/workouts.hpp"

namespace fitkit::workouts {

// Sets the workout's gear: the items named (checked to be the owner's and in use), else, for a
// new workout, the owner's default items for its sport. The gear domain then sends the wear
// notices that the new use makes due, for the items added and for those taken off.
void attach_gear(Runtime& rt, storage::Connection& c, Workout& w, const std::optional<std::vector<std::int64_t>>& ids,
                 bool creating);

}  // namespace fitkit::workouts
