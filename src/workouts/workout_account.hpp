// A user's workouts in their account export, and gone with their account.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/runtime.hpp"

namespace fitkit::workouts {

// Every workout of the user with its gear, laps and original file (base64), their workout
// settings and privacy zones: {"workouts": [...], "workout_settings": {...}, "privacy_zones": [...]}.
nlohmann::ordered_json export_workouts(Runtime& rt, storage::Connection& c, std::int64_t user_id);

// Deletes the user's workouts and settings inside the caller's transaction, and returns the
// blob keys of their original files for the caller to remove once it has committed.
std::vector<std::string> delete_workouts(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::workouts
