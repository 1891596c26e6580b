#include "training/training_policy.hpp"

namespace fitkit::training::policy {

bool can_use_own_training(const Actor& actor) { return actor.is_user(); }

bool can_access_template(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_access_plan(const Actor& actor, std::int64_t owner_id) { return actor.is_user(owner_id); }

bool can_link_workout(const Actor& actor, std::int64_t workout_owner_id) { return actor.is_user(workout_owner_id); }

bool can_read_library(const Actor&) { return true; }

bool can_edit_library(const Actor& actor) { return actor.has_role(Role::admin); }

}  // namespace fitkit::training::policy
