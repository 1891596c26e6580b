// A user's structured training, gone with their account.
#pragma once

#include <cstdint>

#include "fitkit/storage.hpp"

namespace fitkit::training {

// Deletes the user's planned workouts, templates and zone settings inside the caller's transaction.
void delete_user_training(storage::Connection& c, std::int64_t user_id);

}  // namespace fitkit::training
