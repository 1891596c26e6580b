// The gear a workout was done with, kept in step with the gear domain.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/runtime.hpp"
#include "fitkit/workouts.hpp"

namespace fitkit::workouts {

// Sets the workout's gear: the items named (checked to be the owner's and in use), else, for a
// new workout, the owner's default items for its sport. The gear domain then sends the wear
// notices that the new use makes due, for the items added and for those taken off.
void attach_gear(Runtime& rt, storage::Connection& c, Workout& w, const std::optional<std::vector<std::int64_t>>& ids,
                 bool creating);

// The item another service's export names for this workout ("Pegasus 40"): the owner's item of
// that name, else a new one in the category the sport wears (shoes for running and walking, a
// bike for cycling, equipment otherwise). Empty when the name is blank or names an archived item.
std::optional<std::int64_t> named_gear(Runtime& rt, storage::Connection& c, const Workout& w, std::string_view name);

}  // namespace fitkit::workouts
