// The SQL of planned workouts (table planned_workouts).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fitkit/storage.hpp"
#include "fitkit/training.hpp"

namespace fitkit::training::plan_store {

std::optional<PlannedWorkout> find(storage::Connection& c, std::int64_t id);  // whoever owns it
void insert(storage::Connection& c, const PlannedWorkout& p);
void update(storage::Connection& c, const PlannedWorkout& p);
bool remove(storage::Connection& c, std::int64_t id);
// One page more than q.limit of the user's plans, by (date, id).
std::vector<PlannedWorkout> list(storage::Connection& c, std::int64_t user_id, const PlanQuery& q);
// The plan a workout is linked to, if any.
std::optional<std::int64_t> plan_of_workout(storage::Connection& c, std::int64_t workout_id);

}  // namespace fitkit::training::plan_store
