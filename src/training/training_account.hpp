// A user's structured training in their account export, and gone with their account.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "fitkit/actor.hpp"
#include "fitkit/storage.hpp"

namespace fitkit {
struct Runtime;
}

namespace fitkit::training {

// The signed-in user's templates (with their steps), planned workouts and zone settings:
// {"workout_templates": [...], "planned_workouts": [...], "training_zones": {...}}.
// Reads through TrainingService, each read on a connection of its own.
nlohmann::ordered_json export_user_training(Runtime& rt, const Actor& actor);

// Deletes the user's planned workouts, templates and zone settings inside the caller's transaction.
void delete_user_training(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::training
