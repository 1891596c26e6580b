// The JSON shapes of structured training (docs/training.md), shared by its operations.
#pragma once

#include "api/registry.hpp"
#include "fitkit/training.hpp"

namespace fitkit::api {

Json template_json(const WorkoutTemplate& t, bool with_steps = true);
Json plan_json(const PlannedWorkout& p);
Json exercise_json(const Exercise& e);
Json zones_json(const TrainingZones& z);

// A parameter's array of strings (the registry has checked that it is an array).
std::optional<std::vector<std::string>> opt_string_list(const Json& p, std::string_view name);

}  // namespace fitkit::api
