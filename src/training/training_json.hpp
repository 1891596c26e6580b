// The JSON shapes of structured training (docs/training.md): templates, planned workouts,
// exercises and zones, for the operations and for the account export alike.
#pragma once

#include <nlohmann/json.hpp>

#include "fitkit/training.hpp"

namespace fitkit::training {

using Json = nlohmann::ordered_json;

Json template_json(const WorkoutTemplate& t, bool with_steps = true);
Json plan_json(const PlannedWorkout& p);
Json exercise_json(const Exercise& e);
Json zones_json(const TrainingZones& z);

}  // namespace fitkit::training
